"""The core's awaitable (``Transport.request_future``) as an asyncio future.

The SDK's coroutines await it; asyncio's own helpers (``gather``,
``wait_for``, ``isfuture``, done callbacks, cancellation) must treat it as
they treat ``loop.create_future()``, and cancelling it must abort the request.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio

import emqx_platform
from support.clients import ClientFactory, aclose
from support.faultserver import FaultServer, Reply
from support.waiting import wait_until

pytestmark = pytest.mark.asyncio

SLOW = Reply(delay=30, json="late")


@pytest_asyncio.fixture
async def transport(fault_server: FaultServer, make_client: ClientFactory) -> AsyncIterator[Any]:
    fault_server.script("/x", Reply(json={"ok": 1}))
    fault_server.script("/slow", SLOW)
    fault_server.script("/missing", Reply(status=404, json={"code": "NOT_FOUND", "message": "no"}))
    client = make_client(is_async=True, timeout=60)
    yield client._transport
    await aclose(client)


async def test_it_is_an_asyncio_future_of_the_running_loop(transport: Any) -> None:
    future = transport.request_future("GET", "/x")
    assert asyncio.isfuture(future)
    assert future.get_loop() is asyncio.get_running_loop()
    assert not future.done()
    assert repr(future) == "<RequestFuture pending>"
    with pytest.raises(asyncio.InvalidStateError):
        future.result()
    with pytest.raises(asyncio.InvalidStateError):
        future.exception()

    assert await future == {"ok": 1}
    assert future.done()
    assert not future.cancelled()
    assert future.result() == {"ok": 1}
    assert future.exception() is None
    assert await future == {"ok": 1}, "awaiting a finished future gives its result again"
    assert repr(future) == "<RequestFuture finished>"


async def test_an_error_answer_is_its_exception(transport: Any) -> None:
    future = transport.request_future("GET", "/missing")
    with pytest.raises(emqx_platform.NotFoundError) as raised:
        await future
    assert isinstance(future.exception(), emqx_platform.NotFoundError)
    assert future.exception() is raised.value
    with pytest.raises(emqx_platform.NotFoundError):
        future.result()


async def test_done_callbacks_get_the_future_in_their_context(transport: Any) -> None:
    var: contextvars.ContextVar[str] = contextvars.ContextVar("var", default="unset")
    seen: list[tuple[Any, str]] = []

    def record(future: Any) -> None:
        seen.append((future, var.get()))

    context = contextvars.copy_context()
    context.run(var.set, "in the given context")
    future = transport.request_future("GET", "/x")
    future.add_done_callback(record, context=context)
    var.set("in the caller's context")
    future.add_done_callback(record)  # a copy of the current context
    await future
    await asyncio.sleep(0)
    assert seen == [(future, "in the given context"), (future, "in the caller's context")]

    # Added to a finished future: scheduled, not called on the spot.
    seen.clear()
    future.add_done_callback(record)
    assert seen == []
    await asyncio.sleep(0)
    assert seen == [(future, "in the caller's context")]


async def test_removed_callbacks_are_not_called(transport: Any) -> None:
    calls: list[str] = []

    def first(_: Any) -> None:
        calls.append("first")

    def second(_: Any) -> None:
        calls.append("second")

    future = transport.request_future("GET", "/x")
    future.add_done_callback(first)
    future.add_done_callback(second)
    future.add_done_callback(first)
    assert future.remove_done_callback(first) == 2
    assert future.remove_done_callback(first) == 0
    await future
    await asyncio.sleep(0)
    assert calls == ["second"]


async def test_a_failing_callback_goes_to_the_loop_exception_handler(transport: Any) -> None:
    loop = asyncio.get_running_loop()
    reported: list[dict[str, Any]] = []
    loop.set_exception_handler(lambda _loop, context: reported.append(context))
    try:

        def broken(_: Any) -> None:
            raise ValueError("callback bug")

        future = transport.request_future("GET", "/x")
        future.add_done_callback(broken)
        # The waiting task still gets its answer.
        assert await future == {"ok": 1}
        await asyncio.sleep(0)
    finally:
        loop.set_exception_handler(None)
    assert len(reported) == 1
    assert isinstance(reported[0]["exception"], ValueError)
    assert reported[0]["future"] is future
    assert "Exception in callback" in reported[0]["message"]


async def test_cancel_aborts_the_request(transport: Any, fault_server: FaultServer) -> None:
    calls: list[Any] = []
    future = transport.request_future("GET", "/slow")
    future.add_done_callback(calls.append)
    await wait_until(lambda: fault_server.requests_to("/slow"))

    assert future.cancel(msg="not needed any more")
    assert future.cancelled()
    assert future.done()
    assert not future.cancel(), "a second cancel finds it done"
    assert repr(future) == "<RequestFuture cancelled>"
    with pytest.raises(asyncio.CancelledError, match="not needed any more"):
        future.result()
    with pytest.raises(asyncio.CancelledError):
        future.exception()
    with pytest.raises(asyncio.CancelledError):
        await future
    await asyncio.sleep(0)
    assert calls == [future], "callbacks run after a cancel too"
    # The request itself stopped: the server sees the connection go.
    await wait_until(lambda: "/slow" in fault_server.abandoned)


async def test_cancelling_the_awaiting_task_aborts_the_request(
    transport: Any, fault_server: FaultServer
) -> None:
    async def call() -> Any:
        return await transport.request_future("GET", "/slow")

    task = asyncio.create_task(call())
    await wait_until(lambda: fault_server.requests_to("/slow"))
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await wait_until(lambda: "/slow" in fault_server.abandoned)


async def test_asyncio_helpers_accept_it(transport: Any, fault_server: FaultServer) -> None:
    answers = await asyncio.gather(*(transport.request_future("GET", "/x") for _ in range(5)))
    assert answers == [{"ok": 1}] * 5

    slow = transport.request_future("GET", "/slow")
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(slow, timeout=0.2)
    assert slow.cancelled()
    await wait_until(lambda: "/slow" in fault_server.abandoned)

    done, pending = await asyncio.wait([transport.request_future("GET", "/x")])
    assert [f.result() for f in done] == [{"ok": 1}]
    assert not pending


async def test_shield_keeps_the_request_when_its_waiter_is_cancelled(
    transport: Any, fault_server: FaultServer
) -> None:
    fault_server.script("/later", Reply(delay=0.5, json="kept"))
    inner = transport.request_future("GET", "/later")
    outer = asyncio.shield(inner)
    await wait_until(lambda: fault_server.requests_to("/later"))
    outer.cancel()
    with pytest.raises(asyncio.CancelledError):
        await outer
    assert not inner.cancelled()
    assert await inner == "kept"
    assert "/later" not in fault_server.abandoned


async def test_it_belongs_to_the_loop_that_created_it(
    transport: Any, fault_server: FaultServer
) -> None:
    # The answer must still be pending when the other loop awaits it: a done
    # future hands out its result to any awaiter, as asyncio's own futures do.
    fault_server.script("/later", Reply(delay=2, json={"ok": 1}))
    future = transport.request_future("GET", "/later")

    async def await_elsewhere() -> Any:
        return await future

    with pytest.raises(RuntimeError, match="attached to a different loop"):
        await asyncio.to_thread(asyncio.run, await_elsewhere())
    assert await future == {"ok": 1}


async def test_it_needs_a_running_loop(transport: Any) -> None:
    def outside_the_loop() -> Any:
        return transport.request_future("GET", "/x")

    with pytest.raises(RuntimeError, match="no running event loop"):
        await asyncio.to_thread(outside_the_loop)
