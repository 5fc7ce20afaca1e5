"""Log records reach ``logging`` from the thread that receives the answer.

Regression: with logging on, a runtime thread took the GIL to forward each
request's record, and at interpreter exit CPython could end that thread
inside Rust frames (an abort; see ``test_exit.py``). The records are now
collected during the call and emitted by the thread that gets the answer (the
sync caller, or the event loop's thread), dated when they happened.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from typing import Any

import pytest

from support.clients import ClientFactory, aclose
from support.faultserver import FaultServer, Reply, emqx_error


def emqx_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "emqx_platform"]


@pytest.mark.asyncio
@pytest.mark.parametrize("is_async", [False, True], ids=["sync-thread", "async"])
async def test_records_come_from_the_thread_that_gets_the_answer(
    fault_server: FaultServer,
    make_client: ClientFactory,
    caplog: pytest.LogCaptureFixture,
    is_async: bool,
) -> None:
    caplog.set_level(logging.DEBUG, logger="emqx_platform")
    fault_server.script("/x", Reply(json=1))
    client = make_client(is_async=is_async)
    callers: set[int] = set()
    if is_async:
        callers.add(threading.get_ident())
        await asyncio.gather(*(client.request("GET", "/x") for _ in range(4)))
        await aclose(client)
    else:
        # Calls from other threads than the main one run on the shared
        # runtime's threads.
        def call() -> Any:
            callers.add(threading.get_ident())
            return client.request("GET", "/x")

        threads = [threading.Thread(target=call) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    records = emqx_records(caplog)
    assert len(records) == 4, [r.getMessage() for r in records]
    assert {r.thread for r in records} <= callers, [r.threadName for r in records]


def test_records_are_dated_when_they_happened(
    fault_server: FaultServer, make_client: ClientFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="emqx_platform")
    busy = emqx_error(503, "BUSY", "busy", headers={"Retry-After": "0"})
    fault_server.script("/x", busy, Reply(json=1, delay=0.5))
    client = make_client(max_retries=1)
    started = time.time()
    assert client.request("GET", "/x") == 1
    returned = time.time()
    retry, success = emqx_records(caplog)
    assert "retry" in retry.getMessage()
    # The retry was logged before the slow second answer, not when the call
    # returned; the success just before it returned.
    assert started <= retry.created <= returned - 0.25
    assert retry.created + 0.25 <= success.created <= returned
    assert retry.msecs == pytest.approx(retry.created % 1 * 1000, abs=1)
    between = (success.relativeCreated - retry.relativeCreated) / 1000
    assert between == pytest.approx(success.created - retry.created, abs=0.001)
