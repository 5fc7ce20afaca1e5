"""A client lets at most 100 requests out at once; the others wait, unsent.

Past a server's limit on concurrent HTTP/2 streams, requests queued inside
the HTTP/2 layer and then cancelled went out as HEADERS followed at once by
RST_STREAM. Servers take a burst of those for the "rapid reset" attack and
close the connection, failing every other request on it: the emulator did
so in most rounds of the burst test below before the client held its
requests back.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import sys
import threading
from typing import Any

import pytest

from emqx_platform import APITimeoutError
from emqx_platform.testing import Emulator
from support.clients import ClientFactory
from support.faultserver import FaultServer, Reply
from support.waiting import wait_until

MAX_IN_FLIGHT = 100
# Long enough for every held request to arrive before the first is answered.
HELD = Reply(delay=3.0, json={"ok": True})


async def hold_every_slot(client: Any, server: FaultServer) -> list[asyncio.Task[Any]]:
    """``MAX_IN_FLIGHT`` requests waiting on the server's answer to ``/slow``."""
    server.script("/slow", HELD)
    held = [asyncio.create_task(client.request("GET", "/slow")) for _ in range(MAX_IN_FLIGHT)]
    await wait_until(lambda: len(server.requests_to("/slow")) == MAX_IN_FLIGHT)
    return held


@pytest.mark.asyncio
async def test_requests_past_100_wait_and_then_go_out(
    fault_server: FaultServer, fault_async_platform_client: Any
) -> None:
    client = fault_async_platform_client
    held = await hold_every_slot(client, fault_server)
    fault_server.script("/later", Reply(json={"later": True}))
    later = [asyncio.create_task(client.request("GET", "/later")) for _ in range(20)]
    await asyncio.sleep(0.5)
    assert fault_server.requests_to("/later") == [], "sent past the limit"
    assert await asyncio.gather(*held) == [{"ok": True}] * MAX_IN_FLIGHT
    assert await asyncio.gather(*later) == [{"later": True}] * 20


@pytest.mark.asyncio
async def test_waiting_for_a_slot_counts_toward_the_timeout(
    fault_server: FaultServer, fault_async_platform_client: Any
) -> None:
    client = fault_async_platform_client
    held = await hold_every_slot(client, fault_server)
    fault_server.script("/later", Reply(json=1))
    with pytest.raises(APITimeoutError, match="waiting to send") as raised:
        await client.request("GET", "/later", timeout=0.3)
    assert raised.value.method == "GET"
    assert fault_server.requests_to("/later") == []
    for task in held:
        task.cancel()
    await asyncio.gather(*held, return_exceptions=True)


@pytest.mark.asyncio
async def test_cancelling_a_burst_of_requests_spares_the_others(
    emqx_emulator: Emulator,
) -> None:
    # No retries: a request failed by a broken connection shows as an error.
    d = emqx_emulator.async_deployment_client(max_retries=0)
    emqx_emulator.inject_fault(r"/clients$", delay=0.3, times=None)
    emqx_emulator.inject_fault(r"/publish$", delay=0.3, times=None)
    try:
        # Two calls at once, so that the publishes below, each alone when it
        # starts, still go over the shared HTTP/2 connection.
        await asyncio.gather(d.request("GET", "/stats"), d.request("GET", "/stats"))
        for _ in range(4):
            # A publish in flight on the connection...
            publish = asyncio.create_task(d.publish("t/burst", "kept"))
            await asyncio.sleep(0.01)
            # ...beside 1,000 requests, far past the emulator's 200 streams
            # per connection, all cancelled at once.
            burst = [
                asyncio.create_task(d.request("GET", "/clients", params={"page": page}))
                for page in range(1, 1001)
            ]
            await asyncio.sleep(0.05)
            for task in burst:
                task.cancel()
            await asyncio.gather(*burst, return_exceptions=True)
            await publish
        published = emqx_emulator.published(emqx_emulator.deployments[0].id)
        assert [m["topic"] for m in published] == ["t/burst"] * 4
    finally:
        await d.close()


def _child_request(client: Any) -> None:
    """In the forked child: a request needs a slot the parent's threads hold."""
    code = 0
    try:
        if client.request("GET", "/x", timeout=2) != {"child": True}:
            code = 2
    except BaseException as error:
        print(f"child failed: {error!r}", file=sys.stderr, flush=True)
        code = 1
    os._exit(code)


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs the fork start method"
)
@pytest.mark.filterwarnings("ignore:.*fork.*:DeprecationWarning")
def test_a_forked_child_has_slots_of_its_own(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    fault_server.script("/slow", HELD)
    fault_server.script("/x", Reply(json={"child": True}))
    client = make_client()
    threads = [
        threading.Thread(target=client.request, args=("GET", "/slow")) for _ in range(MAX_IN_FLIGHT)
    ]
    for thread in threads:
        thread.start()
    try:
        asyncio.run(wait_until(lambda: len(fault_server.requests_to("/slow")) == MAX_IN_FLIGHT))
        # Every slot is held by a thread that the child will not have.
        child = multiprocessing.get_context("fork").Process(target=_child_request, args=(client,))
        child.start()
        child.join(timeout=20)
        assert child.exitcode == 0
        assert len(fault_server.requests_to("/x")) == 1
    finally:
        for thread in threads:
            thread.join()
