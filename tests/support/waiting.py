"""Waiting for something another thread (or process) does: inside a test's event
loop (``wait_until``) or in a plain thread (``block_until``)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

POLL_SECONDS = 0.01


async def wait_until(condition: Callable[[], object], seconds: float = 10.0) -> None:
    """Poll ``condition`` until it is true; fail the test after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(POLL_SECONDS)


def block_until(condition: Callable[[], object], seconds: float = 10.0) -> None:
    """Poll ``condition`` until it is true, blocking this thread; fail after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(POLL_SECONDS)
