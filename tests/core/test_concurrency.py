"""Concurrency: one sync client shared by threads (the GIL is released while
waiting), many async requests at once, ``asyncio.run`` with the async client,
and cancelling an in-flight async request. The sync client inside a running
event loop has its own file, ``test_sync_in_event_loop.py``."""

from __future__ import annotations

import asyncio
import gc
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from support.clients import ClientFactory, aclose
from support.faultserver import FaultServer, Reply

HALF_SECOND = Reply(delay=0.5, json={"ok": True})


def test_threads_share_one_sync_client(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    fault_server.script("/slow", HALF_SECOND)
    client = make_client()
    barrier = threading.Barrier(8)

    def call(_: int) -> Any:
        barrier.wait()
        return client.request("GET", "/slow")

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(call, range(8)))
    elapsed = time.monotonic() - started
    print(f"8 threads x 0.5 s took {elapsed:.2f} s")
    assert results == [{"ok": True}] * 8
    assert len(fault_server.requests_to("/slow")) == 8
    # Serialised on the GIL it would take 4 s or more.
    assert elapsed < 3


def test_other_python_threads_run_while_a_request_waits(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    fault_server.script("/slow", Reply(delay=1.0, json=1))
    client = make_client()
    ticks = 0
    done = threading.Event()

    def count() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            time.sleep(0.01)

    counter = threading.Thread(target=count)
    counter.start()
    try:
        assert client.request("GET", "/slow") == 1
    finally:
        done.set()
        counter.join()
    # Holding the GIL for the whole second would leave the counter near 0.
    assert ticks > 20, ticks


@pytest.mark.asyncio
async def test_gather_fifty_async_requests(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    fault_server.script("/slow", Reply(delay=0.3, json={"ok": True}))
    client = make_client(is_async=True)
    try:
        started = time.monotonic()
        results = await asyncio.gather(*(client.request("GET", "/slow") for _ in range(50)))
        elapsed = time.monotonic() - started
    finally:
        await aclose(client)
    print(f"50 concurrent async requests took {elapsed:.2f} s")
    assert results == [{"ok": True}] * 50
    assert len(fault_server.requests_to("/slow")) == 50
    assert elapsed < 10


@pytest.mark.asyncio
async def test_async_request_does_not_block_the_event_loop(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    fault_server.script("/slow", Reply(delay=1.0, json=1))
    client = make_client(is_async=True)
    ticks = 0

    async def count() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.01)

    counter = asyncio.create_task(count())
    try:
        assert await client.request("GET", "/slow") == 1
    finally:
        counter.cancel()
        await aclose(client)
    assert ticks > 20, ticks


def test_asyncio_run_with_the_async_client(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    # The client is built outside any loop and used in two successive loops.
    fault_server.script("/x", Reply(json=[1, 2, 3]))
    client = make_client(is_async=True)
    assert asyncio.run(client.request("GET", "/x")) == [1, 2, 3]
    assert asyncio.run(client.request("GET", "/x")) == [1, 2, 3]
    asyncio.run(aclose(client))
    assert len(fault_server.requests_to("/x")) == 2


def test_one_thread_alternating_between_loops(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    # Each loop's answers reach that loop: when one thread switches between
    # two live loops, and when a new loop may take a collected one's memory.
    fault_server.script("/x", Reply(json="ok"))
    client = make_client(is_async=True)

    async def call() -> Any:
        return await asyncio.wait_for(client.request("GET", "/x"), timeout=10)

    loops = [asyncio.new_event_loop(), asyncio.new_event_loop()]
    try:
        for i in range(6):
            assert loops[i % 2].run_until_complete(call()) == "ok"
    finally:
        for loop in loops:
            loop.close()
    del loops
    for _ in range(5):
        gc.collect()
        assert asyncio.run(call()) == "ok"
    asyncio.run(aclose(client))
    assert len(fault_server.requests_to("/x")) == 11


def test_async_client_in_a_loop_on_another_thread(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    fault_server.script("/x", Reply(json="threaded loop"))
    client = make_client(is_async=True)
    loop = asyncio.new_event_loop()
    runner = threading.Thread(target=loop.run_forever)
    runner.start()
    try:
        future = asyncio.run_coroutine_threadsafe(client.request("GET", "/x"), loop)
        assert future.result(timeout=10) == "threaded loop"
        asyncio.run_coroutine_threadsafe(aclose(client), loop).result(timeout=10)
    finally:
        loop.call_soon_threadsafe(loop.stop)
        runner.join()
        loop.close()


@pytest.mark.asyncio
async def test_cancelling_an_in_flight_request(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    fault_server.script("/slow", Reply(delay=30, json="late"))
    fault_server.script("/x", Reply(json="still fine"))
    client = make_client(is_async=True, timeout=60)
    try:
        started = time.monotonic()
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(client.request("GET", "/slow"), timeout=0.3)
        assert time.monotonic() - started < 10
        task = asyncio.create_task(client.request("GET", "/slow"))
        await asyncio.sleep(0.2)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        # The client and the server are fine afterwards.
        assert await client.request("GET", "/x") == "still fine"
    finally:
        await aclose(client)
