"""``Emulator.inject_fault``: statuses and bodies, delays, dropped connections,
``Retry-After`` (and how the client's retries meet them), ``times`` and ``method``."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from emqx_platform import (
    APIConnectionError,
    APITimeoutError,
    InternalServerError,
    RateLimitError,
    quote_path,
)
from emqx_platform.testing import Emulator


def _statuses(emu: Emulator) -> list[int | None]:
    return [r["status"] for r in emu.requests]


def test_status_and_body(emqx_emulator: Emulator) -> None:
    emqx_emulator.inject_fault(
        r"/nodes$", status=503, body={"code": "SERVICE_UNAVAILABLE", "message": "busy"}
    )
    with emqx_emulator.deployment_client(max_retries=0) as d:
        with pytest.raises(InternalServerError) as raised:
            d.request("GET", "/nodes")
        assert (raised.value.status_code, raised.value.code) == (503, "SERVICE_UNAVAILABLE")
        assert raised.value.message == "busy"
        assert isinstance(d.request("GET", "/nodes"), list), "times=1: gone after one"
    assert _statuses(emqx_emulator) == [503, 200]


def test_default_body_is_an_emqx_error(emqx_emulator: Emulator) -> None:
    emqx_emulator.inject_fault(r"^/platform/projects$", status=429)
    with emqx_emulator.platform_client(max_retries=0) as p, pytest.raises(RateLimitError) as raised:
        p.request("GET", "/projects")
    assert raised.value.code == "TOO_MANY_REQUESTS"


def test_method_and_path_select_the_requests(emqx_emulator: Emulator) -> None:
    dep = emqx_emulator.deployments[0].id
    emqx_emulator.connect_client(dep, "a/b")
    # The regex sees the path as sent: percent-encoded.
    emqx_emulator.inject_fault(r"/clients/a%2Fb$", method="DELETE", status=500)
    with emqx_emulator.deployment_client(max_retries=0) as d:
        assert d.request("GET", "/clients/" + quote_path("a/b"))["clientid"] == "a/b"
        with pytest.raises(InternalServerError):
            d.request("DELETE", "/clients/" + quote_path("a/b"))
        assert d.request("DELETE", "/clients/" + quote_path("a/b")) is None
    assert _statuses(emqx_emulator) == [200, 500, 204]


def test_times(emqx_emulator: Emulator) -> None:
    emqx_emulator.inject_fault(r"/stats$", status=500, times=3)
    with emqx_emulator.deployment_client(max_retries=0) as d:
        for _ in range(3):
            with pytest.raises(InternalServerError):
                d.request("GET", "/stats")
        d.request("GET", "/stats")
    emqx_emulator.inject_fault(r"/stats$", status=500, times=None)
    with emqx_emulator.deployment_client(max_retries=0) as d:
        for _ in range(5):
            with pytest.raises(InternalServerError):
                d.request("GET", "/stats")
        emqx_emulator.clear_faults()
        d.request("GET", "/stats")
    assert _statuses(emqx_emulator) == [500] * 3 + [200] + [500] * 5 + [200]


def test_retries_meet_the_fault(emqx_emulator: Emulator) -> None:
    """A GET is retried on 503 (max_retries times); a POST is not.

    ``retry_after`` keeps the test fast (no backoff sleeps)."""
    emqx_emulator.inject_fault(r"/metrics$", status=503, retry_after=0.01, times=2)
    with emqx_emulator.deployment_client(max_retries=2) as d:
        assert isinstance(d.request("GET", "/metrics"), list)
    assert _statuses(emqx_emulator) == [503, 503, 200]

    emqx_emulator.reset()
    emqx_emulator.inject_fault(r"/metrics$", status=503, retry_after=0.01, times=5)
    with emqx_emulator.deployment_client(max_retries=1) as d, pytest.raises(InternalServerError):
        d.request("GET", "/metrics")
    assert _statuses(emqx_emulator) == [503, 503]

    emqx_emulator.reset()
    emqx_emulator.inject_fault(r"/publish$", status=503, retry_after=0.01, times=5)
    with emqx_emulator.deployment_client(max_retries=3) as d, pytest.raises(InternalServerError):
        d.request("POST", "/publish", json={"topic": "t", "payload": "x"})
    assert _statuses(emqx_emulator) == [503]


# The real waits: this test measures them (the plugin would shorten them).
@pytest.mark.parametrize("emqx_wait_scale", [None])
def test_retry_after_replaces_the_backoff(emqx_emulator: Emulator) -> None:
    # The default backoff would wait at least 0.375 + 0.75 s for two retries.
    emqx_emulator.inject_fault(r"/nodes$", status=503, retry_after=0.2, times=2)
    with emqx_emulator.deployment_client(max_retries=2) as d:
        started = time.monotonic()
        assert isinstance(d.request("GET", "/nodes"), list)
        elapsed = time.monotonic() - started
    assert _statuses(emqx_emulator) == [503, 503, 200]
    assert 0.4 <= elapsed < 1.1


def test_a_long_retry_after_is_not_waited_for(emqx_emulator: Emulator) -> None:
    when = dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)
    emqx_emulator.inject_fault(r"^/platform/deployments$", status=429, retry_after=when)
    with emqx_emulator.platform_client(max_retries=3) as p:
        started = time.monotonic()
        with pytest.raises(RateLimitError) as raised:
            p.request("GET", "/deployments")
        assert time.monotonic() - started < 1.0
    assert raised.value.headers["retry-after"] == "Tue, 01 Jan 2030 00:00:00 GMT"
    assert _statuses(emqx_emulator) == [429]
    emqx_emulator.inject_fault(r"^/platform/projects$", status=429, retry_after=120)
    with emqx_emulator.platform_client(max_retries=3) as p, pytest.raises(RateLimitError) as raised:
        p.request("GET", "/projects")
    assert raised.value.headers["retry-after"] == "120"


def test_delay(emqx_emulator: Emulator) -> None:
    emqx_emulator.inject_fault(r"/clients$", delay=0.3)
    with emqx_emulator.deployment_client(max_retries=0) as d:
        started = time.monotonic()
        assert d.request("GET", "/clients")["data"] == []
        assert time.monotonic() - started >= 0.3
    emqx_emulator.inject_fault(r"/clients$", delay=1.0)
    with (
        emqx_emulator.deployment_client(max_retries=0, timeout=0.2) as d,
        pytest.raises(APITimeoutError),
    ):
        d.request("GET", "/clients")


def test_drop_connection(emqx_emulator: Emulator) -> None:
    emqx_emulator.inject_fault(r"/clients$", drop_connection=True)
    with emqx_emulator.deployment_client(max_retries=0) as d:
        with pytest.raises(APIConnectionError) as raised:
            d.request("GET", "/clients")
        assert not isinstance(raised.value, APITimeoutError)
        assert isinstance(raised.value, ConnectionError)
        assert d.request("GET", "/clients")["data"] == [], "the server still serves"
    # A dropped GET is retried; a dropped POST (maybe seen) is not.
    emqx_emulator.reset()
    emqx_emulator.inject_fault(r"/clients$", drop_connection=True)
    with emqx_emulator.deployment_client(max_retries=1) as d:
        assert d.request("GET", "/clients")["data"] == []
    assert _statuses(emqx_emulator) == [None, 200]
    emqx_emulator.reset()
    emqx_emulator.inject_fault(r"/publish$", drop_connection=True, times=3)
    with emqx_emulator.deployment_client(max_retries=3) as d, pytest.raises(APIConnectionError):
        d.request("POST", "/publish", json={"topic": "t", "payload": "x"})
    assert _statuses(emqx_emulator) == [None]


@pytest.mark.asyncio
async def test_faults_async(emqx_emulator: Emulator) -> None:
    d = emqx_emulator.async_deployment_client(max_retries=0)
    emqx_emulator.inject_fault(r"/clients$", drop_connection=True)
    with pytest.raises(APIConnectionError):
        await d.request("GET", "/clients")
    emqx_emulator.inject_fault(r"/clients$", status=500, body={"code": "X", "message": "m"})
    with pytest.raises(InternalServerError) as raised:
        await d.request("GET", "/clients")
    assert raised.value.code == "X"
    emqx_emulator.inject_fault(r"/clients$", status=503, retry_after=0.05, times=1)
    retrying = d.with_options(max_retries=1)
    assert (await retrying.request("GET", "/clients"))["data"] == []
    assert _statuses(emqx_emulator) == [None, 500, 503, 200]
