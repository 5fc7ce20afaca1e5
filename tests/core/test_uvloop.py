"""The async clients under uvloop's event loop, a common replacement for asyncio's.

uvloop has ``add_reader``, so calls go through the core's inbox and its
``RequestFuture``, as on asyncio's own selector loop.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

import emqx_platform
from emqx_platform import _core
from support.clients import ClientFactory, aclose
from support.faultserver import FaultServer, Reply
from support.waiting import wait_until

uvloop = pytest.importorskip("uvloop")


def run(main: Any) -> Any:
    return uvloop.run(main)


def test_calls_answers_and_errors(fault_server: FaultServer, make_client: ClientFactory) -> None:
    fault_server.script("/x", Reply(json={"n": 1}))
    fault_server.script("/missing", Reply(status=404, json={"code": "NOT_FOUND", "message": "no"}))

    async def main() -> None:
        assert isinstance(asyncio.get_running_loop(), uvloop.Loop)
        client = make_client(is_async=True)
        try:
            assert isinstance(client._transport.request_future("GET", "/x"), _core.RequestFuture)
            assert await client.request("GET", "/x") == {"n": 1}
            # Sequential, then overlapping (HTTP/1.1, then the multiplexing client).
            for _ in range(5):
                assert await client.request("GET", "/x") == {"n": 1}
            answers = await asyncio.gather(*(client.request("GET", "/x") for _ in range(30)))
            assert answers == [{"n": 1}] * 30
            with pytest.raises(emqx_platform.NotFoundError) as raised:
                await client.request("GET", "/missing")
            assert raised.value.code == "NOT_FOUND"
        finally:
            await aclose(client)

    run(main())


def test_cancelling_aborts_the_request(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    fault_server.script("/slow", Reply(delay=30, json="late"))
    fault_server.script("/x", Reply(json="fine"))

    async def main() -> None:
        client = make_client(is_async=True, timeout=60)
        try:
            with pytest.raises(TimeoutError):
                await asyncio.wait_for(client.request("GET", "/slow"), timeout=0.2)
            await wait_until(lambda: "/slow" in fault_server.abandoned)
            assert await client.request("GET", "/x") == "fine"
        finally:
            await aclose(client)

    run(main())
