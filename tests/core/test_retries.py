"""Retries, counted by the attempts the fault server received: which statuses
and failures are retried for which methods, ``max_retries``, ``Retry-After``
(seconds and HTTP date), refused and dropped connections.

Scripted failures carry ``Retry-After: 0`` where the test is not about the
backoff, so the suite does not sleep through 0.5 s, 1 s, ... delays.
"""

from __future__ import annotations

import logging
import time
from email.utils import formatdate

import pytest

from emqx_platform import (
    APIConnectionError,
    APIStatusError,
    InternalServerError,
    RateLimitError,
)
from support.faultserver import FaultServer, Reply, emqx_error
from support.flavors import FlavoredFactory
from support.sockets import SilentListener, closed_port

NOW = {"Retry-After": "0"}
OK = Reply(json={"ok": True})


def unavailable(status: int = 503) -> Reply:
    return emqx_error(status, "SERVICE_UNAVAILABLE", "try again", headers=NOW)


@pytest.mark.asyncio
async def test_get_succeeds_on_the_third_attempt(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    fault_server.script("/x", unavailable(), unavailable(), OK)
    api = make_api(max_retries=2)
    assert await api.request("GET", "/x") == {"ok": True}
    assert len(fault_server.requests_to("/x")) == 3


@pytest.mark.asyncio
async def test_gives_up_after_max_retries(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    fault_server.script("/x", unavailable())
    api = make_api(max_retries=3)
    with pytest.raises(InternalServerError):
        await api.request("GET", "/x")
    assert len(fault_server.requests_to("/x")) == 4


@pytest.mark.asyncio
async def test_max_retries_zero_means_one_attempt(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    fault_server.script("/x", unavailable(), OK)
    api = make_api(max_retries=0)
    with pytest.raises(InternalServerError):
        await api.request("GET", "/x")
    assert len(fault_server.requests_to("/x")) == 1


@pytest.mark.asyncio
async def test_with_options_changes_max_retries(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    fault_server.script("/x", unavailable(), unavailable(), OK)
    api = make_api(max_retries=0)
    patient = api.with_options(max_retries=2)
    assert patient.client.max_retries == 2
    assert await patient.request("GET", "/x") == {"ok": True}
    assert len(fault_server.requests_to("/x")) == 3


@pytest.mark.asyncio
async def test_backoff_without_retry_after(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    # No Retry-After: the client waits its own backoff (about 0.5 s) and retries.
    fault_server.script("/x", emqx_error(503, "BUSY", "busy"), OK)
    api = make_api(max_retries=1)
    started = time.monotonic()
    assert await api.request("GET", "/x") == {"ok": True}
    elapsed = time.monotonic() - started
    print(f"one retry with backoff took {elapsed:.2f} s")
    assert len(fault_server.requests_to("/x")) == 2
    assert elapsed < 10


@pytest.mark.asyncio
@pytest.mark.parametrize("status", [408, 502, 503, 504])
@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
async def test_retryable_status_is_retried_for_idempotent_methods(
    fault_server: FaultServer, make_api: FlavoredFactory, method: str, status: int
) -> None:
    fault_server.script("/x", unavailable(status), OK)
    api = make_api(max_retries=1)
    body = {"n": 1} if method == "PUT" else None
    assert await api.request(method, "/x", json=body) == {"ok": True}
    attempts = fault_server.requests_to("/x")
    assert [r.method for r in attempts] == [method, method]
    # The retry sends the same request again.
    assert attempts[0].body == attempts[1].body


@pytest.mark.asyncio
@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
async def test_post_is_never_retried_after_the_server_answered(
    fault_server: FaultServer, make_api: FlavoredFactory, status: int
) -> None:
    # EMQX has no idempotency keys: a POST the server saw must not be repeated.
    fault_server.script("/x", unavailable(status), OK)
    api = make_api(max_retries=2)
    with pytest.raises(APIStatusError) as info:
        await api.request("POST", "/x", json={"n": 1})
    assert info.value.status_code == status
    assert len(fault_server.requests_to("/x")) == 1


@pytest.mark.asyncio
async def test_429_without_retry_after_fails_at_once(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    # Platform API limits count per hour: a blind retry would only spend budget.
    fault_server.script("/x", emqx_error(429, "TOO_MANY_REQUESTS", "limit"), OK)
    api = make_api(max_retries=2)
    with pytest.raises(RateLimitError):
        await api.request("GET", "/x")
    assert len(fault_server.requests_to("/x")) == 1


@pytest.mark.asyncio
@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422, 500, 501])
async def test_other_statuses_are_not_retried(
    fault_server: FaultServer, make_api: FlavoredFactory, status: int
) -> None:
    fault_server.script("/x", emqx_error(status, "NOPE", "no", headers=NOW), OK)
    api = make_api(max_retries=2)
    with pytest.raises(APIStatusError):
        await api.request("GET", "/x")
    assert len(fault_server.requests_to("/x")) == 1


@pytest.mark.asyncio
async def test_rate_limit_with_retry_after_zero_is_retried(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    fault_server.script("/x", emqx_error(429, "TOO_MANY_REQUESTS", "slow down", headers=NOW), OK)
    api = make_api(max_retries=2)
    assert await api.request("GET", "/x") == {"ok": True}
    assert len(fault_server.requests_to("/x")) == 2


@pytest.mark.asyncio
async def test_retry_after_http_date_in_the_past_is_retried_at_once(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    past = formatdate(time.time() - 30, usegmt=True)
    fault_server.script(
        "/x", emqx_error(429, "TOO_MANY_REQUESTS", "slow", headers={"Retry-After": past}), OK
    )
    api = make_api(max_retries=1)
    assert await api.request("GET", "/x") == {"ok": True}
    assert len(fault_server.requests_to("/x")) == 2


@pytest.mark.asyncio
@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    "retry_after",
    [formatdate(time.time() + 3600, usegmt=True), "3600"],
    ids=["http-date", "seconds"],
)
async def test_retry_after_beyond_a_minute_is_not_waited_for(
    fault_server: FaultServer, make_api: FlavoredFactory, retry_after: str
) -> None:
    # The Platform API's limits are per hour: waiting an hour inside a call
    # helps nobody, so the client raises at once. This also shows the date
    # form is parsed (an unparsed header would fall back to the backoff).
    fault_server.script(
        "/x", emqx_error(429, "TOO_MANY_REQUESTS", "slow", headers={"Retry-After": retry_after}), OK
    )
    api = make_api(max_retries=2)
    with pytest.raises(RateLimitError):
        await api.request("GET", "/x")
    assert len(fault_server.requests_to("/x")) == 1


@pytest.mark.asyncio
async def test_dropped_connection_is_retried_for_get(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    fault_server.script("/x", Reply(drop=True), OK)
    api = make_api(max_retries=1)
    assert await api.request("GET", "/x") == {"ok": True}
    assert len(fault_server.requests_to("/x")) == 2


@pytest.mark.asyncio
async def test_dropped_connection_is_not_retried_for_post(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    # The server read the POST before it hung up: it may have acted on it.
    fault_server.script("/x", Reply(drop=True), OK)
    api = make_api(max_retries=2)
    with pytest.raises(APIConnectionError):
        await api.request("POST", "/x", json={})
    assert len(fault_server.requests_to("/x")) == 1


@pytest.mark.asyncio
async def test_failed_handshake_is_retried_even_for_post(make_api: FlavoredFactory) -> None:
    # The peer closes before TLS completes: nothing was sent, so any method
    # may be retried. Each retry is a new TCP connection we can count.
    with SilentListener(close_immediately=True) as listener:
        api = make_api(base_url=listener.url, max_retries=2)
        with pytest.raises(APIConnectionError):
            await api.request("POST", "/x", json={"n": 1})
    assert listener.accepted == 3


@pytest.mark.asyncio
async def test_refused_connection_is_retried_even_for_post(
    make_api: FlavoredFactory, caplog: pytest.LogCaptureFixture
) -> None:
    # Nothing listens, so the server cannot count attempts; the client's
    # retry log records do (and the elapsed time shows the backoff ran).
    caplog.set_level(logging.DEBUG, logger="emqx_platform")
    api = make_api(base_url=f"https://127.0.0.1:{closed_port()}", max_retries=2)
    started = time.monotonic()
    with pytest.raises(APIConnectionError) as info:
        await api.request("POST", "/x", json={"n": 1})
    elapsed = time.monotonic() - started
    print(f"refused POST with 2 retries took {elapsed:.2f} s")
    assert info.value.method == "POST"
    retries = [r for r in caplog.records if "retry" in r.getMessage().lower()]
    assert len(retries) == 2, [r.getMessage() for r in caplog.records]
    assert elapsed < 10
