"""The coroutine the async clients' ``request`` returns (``_core.RequestCoroutine``).

It replaces an ``async def`` frame, so it must behave as one wherever users
and asyncio meet it: ``await``, tasks, ``asyncio.run``, ``gather``, task
cancellation, ``throw``/``close``, the "never awaited" warning, mocks. On top
of that: its arguments are checked when it is created, and nothing is sent
before it is awaited.
"""

from __future__ import annotations

import asyncio
import inspect
import sys
import warnings
from collections.abc import AsyncIterator, Iterator
from typing import Any
from unittest import mock

import pytest
import pytest_asyncio

import emqx_platform
from emqx_platform import _core
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
async def test_it_is_a_coroutine_asyncio_runs(client: Any, scripted: FaultServer) -> None:
    coro = client.request("GET", "/x")
    assert isinstance(coro, _core.RequestCoroutine)
    assert asyncio.iscoroutine(coro)
    assert inspect.isawaitable(coro)
    assert repr(coro) == "<RequestCoroutine GET /x: not awaited yet>"
    assert await coro == {"ok": 1}
    assert repr(coro) == "<RequestCoroutine GET /x: done>"

    task = asyncio.create_task(client.request("GET", "/x"))
    assert "request[GET /x]" in repr(task), "tasks name the call"
    assert task.get_coro().__name__ == "request"
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
async def test_nothing_is_sent_before_it_is_awaited(client: Any, scripted: FaultServer) -> None:
    coro = client.request("GET", "/x")
    await asyncio.sleep(0.2)
    assert scripted.requests_to("/x") == []
    assert await coro == {"ok": 1}
    assert len(scripted.requests_to("/x")) == 1


@pytest.mark.asyncio
async def test_bad_arguments_raise_at_the_call(client: Any, scripted: FaultServer) -> None:
    with pytest.raises(ValueError, match="unsupported HTTP method"):
        client.request("FETCH", "/x")
    with pytest.raises(ValueError, match="must start with '/'"):
        client.request("GET", "x")
    with pytest.raises(ValueError, match="timeout"):
        client.request("GET", "/x", timeout=-1)
    await client.close()
    with pytest.raises(emqx_platform.EMQXError, match="closed"):
        client.request("GET", "/x")
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
async def test_one_never_awaited_warns_and_sends_nothing(
    client: Any, scripted: FaultServer
) -> None:
    coro = client.request("GET", "/x")
    with pytest.warns(RuntimeWarning, match=r"'request' \(GET /x\) was never awaited"):
        del coro
    await asyncio.sleep(0.2)
    assert scripted.requests_to("/x") == []


@pytest.mark.asyncio
async def test_the_warning_keeps_an_exception_being_raised(client: Any) -> None:
    # Dropped while an exception propagates: the exception is what surfaces.
    def fail_holding_one() -> None:
        coro = client.request("GET", "/x")
        del coro
        raise KeyError("the real error")

    with pytest.warns(RuntimeWarning, match="never awaited"), pytest.raises(KeyError):
        fail_holding_one()


@pytest.mark.asyncio
async def test_awaiting_it_twice_is_an_error(client: Any) -> None:
    coro = client.request("GET", "/x")
    await coro
    with pytest.raises(RuntimeError, match="cannot reuse already awaited coroutine"):
        await coro


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


def step_until_waiting(coro: Any) -> Any:
    """Start ``coro`` by hand, as a task's first step does: it yields the future."""
    future = coro.send(None)
    assert asyncio.isfuture(future)
    assert future._asyncio_future_blocking
    future._asyncio_future_blocking = False  # as the task does, taking it
    assert repr(coro).endswith(": waiting for the answer>")
    return future


@pytest.mark.asyncio
async def test_close_stops_a_running_request(client: Any, scripted: FaultServer) -> None:
    coro = client.request("GET", "/slow")
    future = step_until_waiting(coro)
    await wait_until(lambda: scripted.requests_to("/slow"))
    coro.close()
    assert future.cancelled()
    assert repr(coro).endswith(": done>")
    await wait_until(lambda: "/slow" in scripted.abandoned)
    coro.close()  # closing again does nothing


@pytest.mark.asyncio
async def test_throw_raises_there_and_stops_the_request(client: Any, scripted: FaultServer) -> None:
    coro = client.request("GET", "/slow")
    future = step_until_waiting(coro)
    await wait_until(lambda: scripted.requests_to("/slow"))
    with pytest.raises(ValueError, match="stop"):
        coro.throw(ValueError("stop"))
    assert future.cancelled()
    await wait_until(lambda: "/slow" in scripted.abandoned)
    with pytest.raises(RuntimeError, match="cannot reuse"):
        coro.send(None)


@pytest.mark.asyncio
async def test_throw_takes_the_legacy_forms(client: Any, scripted: FaultServer) -> None:
    with warnings.catch_warnings():
        # Python 3.12 deprecates throw(type, value), which asyncio no longer uses.
        warnings.simplefilter("ignore", DeprecationWarning)
        with pytest.raises(KeyError, match="k"):
            client.request("GET", "/x").throw(KeyError, "k")
        with pytest.raises(KeyError) as caught:
            client.request("GET", "/x").throw(KeyError, KeyError("same"))
    assert caught.value.args == ("same",)
    with pytest.raises(KeyError):
        client.request("GET", "/x").throw(KeyError)
    unstarted = client.request("GET", "/x")
    with pytest.raises(TypeError, match="separate value"):
        unstarted.throw(KeyError("k"), "v")
    unstarted.close()
    await asyncio.sleep(0.1)
    assert scripted.requests == [], "a coroutine thrown into before it starts sends nothing"


@pytest.mark.asyncio
async def test_send_starts_it_only_with_none(client: Any) -> None:
    coro = client.request("GET", "/x")
    with pytest.raises(TypeError, match="non-None value"):
        coro.send("a value")
    coro.close()


def test_closing_it_after_its_loop_closed_is_quiet(
    scripted: FaultServer, make_client: ClientFactory
) -> None:
    client = make_client(is_async=True, timeout=60)
    loop = asyncio.new_event_loop()
    coro = client.request("GET", "/slow")

    async def start() -> None:
        step_until_waiting(coro)

    loop.run_until_complete(start())
    loop.close()
    coro.close()  # the request is aborted; no loop is left to tell
    with pytest.raises(ValueError, match="thrown"):
        client.request("GET", "/x").throw(ValueError("thrown"))


class LoopThatLooksAtTheTask(asyncio.SelectorEventLoop):
    """Runs code of its own inside a request's first step, as monitors do."""

    seen: list[str]

    def add_reader(self, *args: Any) -> Any:
        self.seen.append(repr(asyncio.current_task(self)))
        return super().add_reader(*args)


def test_it_can_be_looked_at_during_its_own_step(
    scripted: FaultServer, make_client: ClientFactory
) -> None:
    client = make_client(is_async=True, timeout=60)
    loop = LoopThatLooksAtTheTask()
    loop.seen = []
    try:
        # The loop's first request registers its inbox with add_reader.
        assert loop.run_until_complete(client.request("GET", "/x")) == {"ok": 1}
    finally:
        loop.close()
    assert len(loop.seen) == 1
    assert "request[GET /x]" in loop.seen[0]


def test_starting_it_needs_a_running_loop(make_client: ClientFactory) -> None:
    client = make_client(is_async=True)
    coro = client.request("GET", "/x")
    with pytest.raises(RuntimeError, match="no running event loop"):
        coro.send(None)


class LoopWithoutReaders(asyncio.SelectorEventLoop):
    """A loop that cannot watch file descriptors, as Windows' proactor loop."""

    def add_reader(self, *args: Any) -> Any:
        raise NotImplementedError


@pytest.fixture
def loop_without_readers() -> Iterator[asyncio.AbstractEventLoop]:
    loop = LoopWithoutReaders()
    yield loop
    loop.close()


def test_loops_without_readers_get_a_plain_asyncio_future(
    loop_without_readers: asyncio.AbstractEventLoop,
    scripted: FaultServer,
    make_client: ClientFactory,
) -> None:
    client = make_client(is_async=True, timeout=60)

    async def calls() -> None:
        coro = client.request("GET", "/x")
        future = step_until_waiting(coro)
        assert isinstance(future, asyncio.Future)
        await future
        with pytest.raises(StopIteration) as returned:
            coro.send(None)
        assert returned.value.value == {"ok": 1}
        assert await client.request("GET", "/x") == {"ok": 1}
        with pytest.raises(emqx_platform.NotFoundError):
            await client.request("GET", "/missing")

        task = asyncio.create_task(client.request("GET", "/slow"))
        await wait_until(lambda: scripted.requests_to("/slow"))
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    loop_without_readers.run_until_complete(calls())


def test_it_counts_as_a_coroutine_function() -> None:
    # So that mocks made from the class (create_autospec) are awaitable, and
    # frameworks that check for coroutine functions accept it.
    request = emqx_platform.AsyncDeploymentClient.request
    if sys.version_info >= (3, 12):
        assert inspect.iscoroutinefunction(request)
    else:
        assert asyncio.iscoroutinefunction(request)
    mocked = mock.create_autospec(emqx_platform.AsyncDeploymentClient, instance=True)
    assert isinstance(mocked.request, mock.AsyncMock)
    assert not inspect.iscoroutinefunction(emqx_platform.DeploymentClient.request)
