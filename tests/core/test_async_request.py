"""The async clients' ``request`` as asyncio and its users meet it.

``await``, tasks, ``asyncio.run``, ``gather``, task cancellation and
timeouts around it; nothing sent before it runs, nor after ``close()``; the
generic bridge of loops that cannot watch a pipe; a loop that runs code of
its own during the call's first step; a loop closed with requests in flight.
"""

from __future__ import annotations

import asyncio
import gc
import time
import weakref
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest
import pytest_asyncio
from typing_extensions import TypeVarTuple, Unpack

import emqx_platform
from support.clients import ClientFactory, aclose
from support.faultserver import FaultServer, Reply
from support.waiting import wait_until


@pytest.fixture
def scripted(fault_server: FaultServer) -> FaultServer:
    fault_server.script("/x", Reply(json={"ok": 1}))
    fault_server.script("/slow", Reply(delay=30, json="late"))
    fault_server.script("/missing", Reply(status=404, json={"code": "NOT_FOUND", "message": "no"}))
    return fault_server


@pytest_asyncio.fixture
async def client(scripted: FaultServer, make_client: ClientFactory) -> AsyncIterator[Any]:
    client = make_client(is_async=True, timeout=60)
    yield client
    await aclose(client)


@pytest.mark.asyncio
async def test_tasks_and_gather_run_it(client: Any, scripted: FaultServer) -> None:
    coro = client.request("GET", "/x")
    assert asyncio.iscoroutine(coro)
    assert await coro == {"ok": 1}
    task = asyncio.create_task(client.request("GET", "/x"))
    assert await task == {"ok": 1}
    answers = await asyncio.gather(*(client.request("GET", "/x") for _ in range(5)))
    assert answers == [{"ok": 1}] * 5
    assert len(scripted.requests_to("/x")) == 7


def test_asyncio_run_takes_it_directly(scripted: FaultServer, make_client: ClientFactory) -> None:
    client = make_client(is_async=True, timeout=60)
    # Created outside any loop: it binds to the loop that runs it.
    assert asyncio.run(client.request("GET", "/x")) == {"ok": 1}


@pytest.mark.asyncio
async def test_an_error_answer_is_raised_by_await(client: Any) -> None:
    with pytest.raises(emqx_platform.NotFoundError) as caught:
        await client.request("GET", "/missing")
    assert caught.value.code == "NOT_FOUND"


@pytest.mark.asyncio
async def test_nothing_is_sent_before_it_runs(client: Any, scripted: FaultServer) -> None:
    coro = client.request("GET", "/x")
    await asyncio.sleep(0.2)
    assert scripted.requests_to("/x") == []
    assert await coro == {"ok": 1}
    assert len(scripted.requests_to("/x")) == 1


@pytest.mark.asyncio
async def test_bad_arguments_raise_before_anything_is_sent(
    client: Any, scripted: FaultServer
) -> None:
    with pytest.raises(ValueError, match="unsupported HTTP method"):
        await client.request("FETCH", "/x")
    with pytest.raises(ValueError, match="must start with '/'"):
        await client.request("GET", "x")
    with pytest.raises(ValueError, match="timeout"):
        await client.request("GET", "/x", timeout=-1)
    assert scripted.requests == []


@pytest.mark.asyncio
async def test_one_created_before_close_is_not_sent_after_it(
    client: Any, scripted: FaultServer
) -> None:
    # A task made inside `async with client:` that first runs after the block.
    task = asyncio.create_task(client.request("GET", "/x"))
    await client.close()
    with pytest.raises(emqx_platform.EMQXError, match="client is closed"):
        await task
    assert scripted.requests == []


@pytest.mark.asyncio
async def test_cancelling_the_task_aborts_the_request(client: Any, scripted: FaultServer) -> None:
    task = asyncio.create_task(client.request("GET", "/slow"))
    await wait_until(lambda: scripted.requests_to("/slow"))
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await wait_until(lambda: "/slow" in scripted.abandoned)


@pytest.mark.asyncio
async def test_a_timeout_around_it_aborts_the_request(client: Any, scripted: FaultServer) -> None:
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(client.request("GET", "/slow"), timeout=0.2)
    await wait_until(lambda: "/slow" in scripted.abandoned)


Ts = TypeVarTuple("Ts")


class LoopWithoutReaders(asyncio.SelectorEventLoop):
    """A loop that cannot watch file descriptors, as Windows' proactor loop."""

    def add_reader(self, fd: Any, callback: Callable[[Unpack[Ts]], Any], *args: Unpack[Ts]) -> None:
        raise NotImplementedError


@pytest.fixture
def loop_without_readers() -> Iterator[asyncio.AbstractEventLoop]:
    loop = LoopWithoutReaders()
    yield loop
    loop.close()


def test_loops_without_readers_use_the_generic_bridge(
    loop_without_readers: asyncio.AbstractEventLoop,
    scripted: FaultServer,
    make_client: ClientFactory,
) -> None:
    client = make_client(is_async=True, timeout=60)

    async def calls() -> None:
        future = client._transport.request_future("GET", "/x")
        assert isinstance(future, asyncio.Future), "a plain asyncio future"
        assert await future == {"ok": 1}
        assert await client.request("GET", "/x") == {"ok": 1}
        with pytest.raises(emqx_platform.NotFoundError):
            await client.request("GET", "/missing")

        task = asyncio.create_task(client.request("GET", "/slow"))
        await wait_until(lambda: scripted.requests_to("/slow"))
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    loop_without_readers.run_until_complete(calls())


class LoopThatLooksAtTheTask(asyncio.SelectorEventLoop):
    """Runs code of its own inside a call's first step, as monitors do."""

    seen: list[str]

    def add_reader(self, fd: Any, callback: Callable[[Unpack[Ts]], Any], *args: Unpack[Ts]) -> None:
        self.seen.append(repr(asyncio.current_task(self)))
        super().add_reader(fd, callback, *args)


def test_the_task_can_be_looked_at_during_the_first_step(
    scripted: FaultServer, make_client: ClientFactory
) -> None:
    client = make_client(is_async=True, timeout=60)
    loop = LoopThatLooksAtTheTask()
    loop.seen = []
    try:
        # The loop's first call registers its inbox with add_reader.
        assert loop.run_until_complete(client.request("GET", "/x")) == {"ok": 1}
    finally:
        loop.close()
    assert len(loop.seen) == 1
    assert "request()" in loop.seen[0]


def test_a_loop_closed_with_requests_in_flight_is_freed_once_they_end(
    scripted: FaultServer, make_client: ClientFactory
) -> None:
    scripted.script("/soon", Reply(delay=0.3, json="late"))
    client = make_client(is_async=True, timeout=60)
    loop = asyncio.new_event_loop()

    async def start_and_leave() -> None:
        left = [asyncio.create_task(client.request("GET", "/soon")) for _ in range(5)]
        await asyncio.sleep(0)
        assert not any(task.done() for task in left)

    loop.run_until_complete(start_and_leave())
    loop.run_until_complete(wait_until(lambda: len(scripted.requests_to("/soon")) == 5))
    # Closed by hand with the requests still out, their tasks never awaited.
    loop.close()
    freed = weakref.ref(loop)
    del loop
    deadline = time.monotonic() + 10
    while freed() is not None and time.monotonic() < deadline:
        # Any call into the SDK releases the references its runtime threads
        # dropped without the GIL (the answers queued for the closed loop).
        _ = client.base_url
        gc.collect()
        time.sleep(0.02)
    assert freed() is None, "the closed loop is still referenced"
