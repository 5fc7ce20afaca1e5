"""Sync calls made inside a running event loop, as in a notebook cell.

The README promises that the sync clients work there without deadlocking:
the call neither needs nor uses the loop. Every other test of both twins
makes sync calls from a worker thread, as a plain script does
(``support/flavors.py``); these tests make them on the loop's own thread, on
Python's main thread (pytest's loop), on another thread and under uvloop.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any

import pytest

from emqx_platform import APITimeoutError, NotFoundError
from emqx_platform.testing import Emulator
from support.clients import ClientFactory, aclose
from support.faultserver import FaultServer, Reply, emqx_error

pytestmark = pytest.mark.asyncio


def in_another_thread(run: Callable[[], Any]) -> Any:
    """``run()`` on a new thread (as a web framework runs its loop there); its result."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["result"] = run()
        except BaseException as error:  # re-raised in the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=target, name="other-loop")
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive(), "the loop thread did not finish"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


async def test_a_call_answers(fault_server: FaultServer, make_client: ClientFactory) -> None:
    # An event loop runs in this thread, and the sync client must neither fail nor need it.
    fault_server.script("/x", Reply(json={"sync": "in loop"}))
    client = make_client()
    asyncio.get_running_loop()  # there is one
    assert client.request("GET", "/x") == {"sync": "in loop"}


async def test_error_answers_raise_their_exception(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    fault_server.script("/missing", emqx_error(404, "CLIENTID_NOT_FOUND", "no such client"))
    client = make_client()
    with pytest.raises(NotFoundError) as info:
        client.request("GET", "/missing")
    assert (info.value.status_code, info.value.code) == (404, "CLIENTID_NOT_FOUND")


async def test_retries_and_timeouts_apply(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    fault_server.script("/flaky", emqx_error(503, "BUSY", "busy"), Reply(json="second try"))
    fault_server.script("/slow", Reply(delay=5, json="late"))
    client = make_client(max_retries=1)
    assert client.request("GET", "/flaky") == "second try"
    assert len(fault_server.requests_to("/flaky")) == 2
    with pytest.raises(APITimeoutError):
        client.with_options(max_retries=0).request("GET", "/slow", timeout=0.3)


async def test_async_calls_pending_on_the_loop_still_complete(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    # One cell starts an async call, the next makes a sync one before it ends.
    fault_server.script("/slow", Reply(delay=0.3, json="async"))
    fault_server.script("/x", Reply(json="sync"))
    async_client = make_client(is_async=True)
    try:
        pending = asyncio.ensure_future(async_client.request("GET", "/slow"))
        await asyncio.sleep(0)  # the async request is on its way
        assert make_client().request("GET", "/x") == "sync"
        assert await asyncio.wait_for(pending, timeout=10) == "async"
    finally:
        await aclose(async_client)


async def test_pages_iterate_across_pages(emqx_emulator: Emulator) -> None:
    dep = emqx_emulator.deployments[0]
    for i in range(7):
        emqx_emulator.connect_client(dep.id, f"c{i}")
    with emqx_emulator.deployment_client() as client:
        first = client.clients.list(limit=3)
        assert [c["clientid"] for c in first.data] == ["c0", "c1", "c2"]
        assert [len(p.data) for p in first.iter_pages()] == [3, 3, 1]
        assert [c["clientid"] for c in client.clients.list(limit=3)] == [f"c{i}" for i in range(7)]
        assert [c["clientid"] for c in first.get_next_page().data] == ["c3", "c4", "c5"]


async def test_resources_of_both_apis(emqx_emulator: Emulator) -> None:
    dep = emqx_emulator.deployments[0]
    emqx_emulator.connect_client(dep.id, "device-1")
    with emqx_emulator.deployment_client() as d:
        assert d.clients.get("device-1")["clientid"] == "device-1"
        d.clients.subscribe("device-1", "t/+")
        assert d.publish("t/1", "hello").delivered
        d.clients.kick("device-1")
        with pytest.raises(NotFoundError):
            d.clients.get("device-1")
    with emqx_emulator.platform_client(max_retries=0) as p:
        p.deployments.stop(dep.id)
        # Polls with a sleep between calls, inside the loop.
        p.deployments.wait_for_status(dep.id, "stopped", timeout=10, poll_interval=0.05)
        assert p.deployments.get(dep.id)["status"] == "stopped"


async def test_a_loop_on_another_thread(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    fault_server.script("/x", Reply(json="other loop"))
    fault_server.script("/missing", emqx_error(404, "NOT_FOUND", "no"))
    client = make_client()

    async def main() -> list[Any]:
        answers = [client.request("GET", "/x") for _ in range(3)]
        with pytest.raises(NotFoundError):
            client.request("GET", "/missing")
        return answers

    assert in_another_thread(lambda: asyncio.run(main())) == ["other loop"] * 3


async def test_a_uvloop_loop(fault_server: FaultServer, make_client: ClientFactory) -> None:
    uvloop = pytest.importorskip("uvloop")
    fault_server.script("/x", Reply(json="uvloop"))
    client = make_client()

    async def main() -> Any:
        assert isinstance(asyncio.get_running_loop(), uvloop.Loop)
        return client.request("GET", "/x")

    # A thread of its own: pytest's loop already runs in this one.
    assert in_another_thread(lambda: uvloop.run(main())) == "uvloop"
