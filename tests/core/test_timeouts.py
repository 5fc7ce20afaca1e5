"""Timeouts: a slow answer raises APITimeoutError (a builtin TimeoutError too)
within a bounded time; per-request overrides; ``timeout=None`` means the
client default; invalid values are refused at construction; a stalled TLS
handshake is bounded by ``connect_timeout`` and retried even for POST.

The slow endpoints sleep far longer than any timeout (30 s) and are woken
when the fault server stops, so a test only ever waits for the client. Only
generous upper bounds are asserted: the machine may be busy.
"""

from __future__ import annotations

import math
import time
from typing import Any

import pytest

import emqx_platform
from emqx_platform import APIConnectionError, APITimeoutError
from support.clients import SECRET, USER, ClientFactory
from support.faultserver import FaultServer, Reply
from support.flavors import FlavoredFactory
from support.sockets import SilentListener

SLOW = Reply(delay=30, json={"late": True})


@pytest.mark.asyncio
async def test_slow_answer_times_out(fault_server: FaultServer, make_api: FlavoredFactory) -> None:
    fault_server.script("/slow", SLOW)
    api = make_api(timeout=0.5)
    started = time.monotonic()
    with pytest.raises(APITimeoutError) as info:
        await api.request("GET", "/slow")
    elapsed = time.monotonic() - started
    print(f"timed out after {elapsed:.2f} s")
    assert isinstance(info.value, TimeoutError)
    assert isinstance(info.value, APIConnectionError)
    assert info.value.method == "GET"
    assert elapsed < 10


@pytest.mark.asyncio
async def test_read_timeout_is_retried_for_get(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    fault_server.script("/slow", SLOW, Reply(json={"ok": True}))
    api = make_api(timeout=0.5, max_retries=1)
    assert await api.request("GET", "/slow") == {"ok": True}
    assert len(fault_server.requests_to("/slow")) == 2


@pytest.mark.asyncio
async def test_read_timeout_is_not_retried_for_post(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    fault_server.script("/slow", SLOW, Reply(json={"ok": True}))
    api = make_api(timeout=0.5, max_retries=2)
    with pytest.raises(APITimeoutError):
        await api.request("POST", "/slow", json={"n": 1})
    assert len(fault_server.requests_to("/slow")) == 1


@pytest.mark.asyncio
async def test_per_request_timeout_shortens_the_default(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    fault_server.script("/slow", SLOW)
    api = make_api(timeout=60)
    started = time.monotonic()
    with pytest.raises(APITimeoutError):
        await api.request("GET", "/slow", timeout=0.5)
    assert time.monotonic() - started < 10


@pytest.mark.asyncio
async def test_per_request_timeout_lengthens_the_default(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    fault_server.script("/slowish", Reply(delay=0.6, json={"ok": True}))
    api = make_api(timeout=0.2)
    assert await api.request("GET", "/slowish", timeout=10) == {"ok": True}


@pytest.mark.asyncio
async def test_per_request_none_means_the_client_default(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    # timeout=None is "use the client's timeout", never "wait forever".
    fault_server.script("/slow", SLOW)
    api = make_api(timeout=0.5)
    started = time.monotonic()
    with pytest.raises(APITimeoutError):
        await api.request("GET", "/slow", timeout=None)
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("option", ["timeout", "connect_timeout", "max_retries"])
def test_none_at_construction_means_the_default(fault_server: FaultServer, option: str) -> None:
    defaults = {"timeout": 30.0, "connect_timeout": 5.0, "max_retries": 2}
    options: dict[str, Any] = {option: None}
    client = emqx_platform.PlatformClient(USER, SECRET, base_url=fault_server.url, **options)
    assert getattr(client, option) == defaults[option]


@pytest.mark.parametrize("value", [0, -1, math.nan, math.inf, -math.inf])
@pytest.mark.parametrize("option", ["timeout", "connect_timeout"])
def test_invalid_timeouts_are_refused_at_construction(
    fault_server: FaultServer, option: str, value: float
) -> None:
    options: dict[str, Any] = {option: value}
    with pytest.raises(ValueError, match=option):
        emqx_platform.PlatformClient(USER, SECRET, base_url=fault_server.url, **options)
    assert fault_server.requests == []


@pytest.mark.parametrize("value", [-1, 1000])
def test_invalid_max_retries_is_refused_at_construction(
    fault_server: FaultServer, value: int
) -> None:
    with pytest.raises(ValueError, match="max_retries"):
        emqx_platform.PlatformClient(USER, SECRET, base_url=fault_server.url, max_retries=value)


@pytest.mark.parametrize("value", [0, -2, math.nan])
def test_invalid_per_request_timeout_is_refused_before_sending(
    fault_server: FaultServer, make_client: ClientFactory, value: float
) -> None:
    client = make_client()
    with pytest.raises(ValueError, match="timeout"):
        client.request("GET", "/x", timeout=value)
    assert fault_server.requests == []


@pytest.mark.asyncio
@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_stalled_handshake_is_bounded_by_connect_timeout_and_retried(
    make_api: FlavoredFactory, method: str
) -> None:
    # A loopback listener that accepts and never answers the ClientHello.
    # The request timeout is long, so only connect_timeout can end each
    # attempt; nothing was sent, so even a POST is retried.
    with SilentListener() as listener:
        api = make_api(base_url=listener.url, timeout=60, connect_timeout=0.3, max_retries=1)
        started = time.monotonic()
        with pytest.raises(APIConnectionError) as info:
            await api.request(method, "/x", json={"n": 1} if method == "POST" else None)
        elapsed = time.monotonic() - started
    print(f"{method} with a stalled handshake gave up after {elapsed:.2f} s")
    assert isinstance(info.value, APITimeoutError)
    assert listener.accepted == 2
    assert elapsed < 10


# -- timeouts are honoured, not merely bounded ------------------------------------
# Only "raised within 10 s" above would let a timeout of 0.5 s wait three times
# as long. These bounds are tight enough to catch that and loose enough for a
# busy machine: never before the timeout, and well before twice its length.

HONOURED_TIMEOUT = 0.5
EARLIEST = HONOURED_TIMEOUT * 0.9
LATEST = 1.3


async def seconds_until_timeout(api: Any, **options: Any) -> float:
    started = time.monotonic()
    with pytest.raises(APITimeoutError):
        await api.request("GET", "/slow", **options)
    return time.monotonic() - started


@pytest.mark.asyncio
async def test_per_request_timeout_is_honoured(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    fault_server.script("/slow", Reply(delay=5, json={"late": True}))
    api = make_api(timeout=60, max_retries=0)
    elapsed = await seconds_until_timeout(api, timeout=HONOURED_TIMEOUT)
    print(f"timeout={HONOURED_TIMEOUT} raised after {elapsed:.2f} s")
    assert EARLIEST <= elapsed < LATEST


@pytest.mark.asyncio
async def test_client_timeout_is_honoured(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    fault_server.script("/slow", Reply(delay=5, json={"late": True}))
    api = make_api(timeout=HONOURED_TIMEOUT, max_retries=0)
    elapsed = await seconds_until_timeout(api)
    print(f"client timeout={HONOURED_TIMEOUT} raised after {elapsed:.2f} s")
    assert EARLIEST <= elapsed < LATEST


@pytest.mark.asyncio
async def test_with_options_timeout_is_honoured(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    fault_server.script("/slow", Reply(delay=5, json={"late": True}))
    api = make_api(timeout=60, max_retries=0)
    shorter = api.with_options(timeout=HONOURED_TIMEOUT)
    elapsed = await seconds_until_timeout(shorter)
    print(f"with_options(timeout={HONOURED_TIMEOUT}) raised after {elapsed:.2f} s")
    assert EARLIEST <= elapsed < LATEST
