"""Waiting for a deployment to reach a status: the polling schedule and its timeout error.

The schedule is plain bookkeeping (no I/O), so the blocking and the asyncio
``wait_for_status`` share it; ``wait()`` and ``wait_async()`` drive it,
and differ only in how they sleep and poll.
"""

from __future__ import annotations

import math
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from . import _core
from ._exceptions import EMQXError
from ._progress import Progress
from ._wait_progress import WaitBar

__all__ = [
    "DEFAULT_POLL_INTERVAL",
    "DEFAULT_WAIT_TIMEOUT",
    "DEPLOYMENT_STATUSES",
    "PollSchedule",
    "WaitTimeoutError",
    "wait",
    "wait_async",
]

T = TypeVar("T")

# The statuses ``GET /deployments/{id}`` documents (running, starting, stopped),
# plus ``stopping``, the operation a stop reports while it is under way.
DEPLOYMENT_STATUSES = ("running", "starting", "stopping", "stopped")

# GET /deployments/{id} allows 60 calls per hour. One poll at the start and one
# every 65 s make at most 57 polls in an hour (1 + ceil(3600 / 65)), which
# leaves a few calls of the hour's budget to the rest of the program.
DEFAULT_POLL_INTERVAL = 65.0
# Starting a dedicated deployment takes minutes; half an hour is generous.
DEFAULT_WAIT_TIMEOUT = 1800.0

# An async wait sleeps in slices no longer than this, so that a cancellation
# (a notebook's interrupt) lands at once rather than at the next poll.
ASYNC_SLEEP_SLICE = 0.5

# Under ``fast_waits`` polls come no closer than this (or the interval given,
# when shorter), so that a long wait stays within the emulated rate limit.
SCALED_POLL_FLOOR = 0.5


class WaitTimeoutError(EMQXError, TimeoutError):
    """A wait (``deployments.wait_for_status``) ran out of time.

    Also a builtin ``TimeoutError``, so ``except TimeoutError`` catches
    it. Nothing is cancelled: the deployment keeps moving on the server.

    Attributes:
        deployment_id: The deployment waited for.
        status: The status waited for.
        last_status: The status the last poll saw (``None`` if the answer had
            no ``status`` field).
        polls: How many times ``GET /deployments/{deployment_id}`` was called.
        timeout: The seconds the wait was allowed.
    """

    # Declared for type checkers only (the docstring lists them): runtime
    # annotations would show in help().
    if TYPE_CHECKING:
        deployment_id: str
        status: str
        last_status: str | None
        polls: int
        timeout: float

    def __init__(
        self,
        *,
        deployment_id: str,
        status: str,
        last_status: str | None,
        polls: int,
        timeout: float,
    ) -> None:
        """Raised by ``wait_for_status`` with what it waited for and what it saw."""
        noun = "poll" if polls == 1 else "polls"
        super().__init__(
            f"deployment {deployment_id!r} did not become {status!r} within {timeout:g} s: "
            f"{polls} {noun}, last status {last_status!r}"
        )
        self.deployment_id = deployment_id
        self.status = status
        self.last_status = last_status
        self.polls = polls
        self.timeout = timeout


def check_status(status: str) -> str:
    """``status`` if it is a documented deployment status."""
    if not isinstance(status, str):
        raise TypeError(f"status must be a str, not {type(status).__name__}")
    if status not in DEPLOYMENT_STATUSES:
        allowed = ", ".join(repr(s) for s in DEPLOYMENT_STATUSES)
        raise ValueError(f"unknown deployment status {status!r}: use one of {allowed}")
    return status


def _check_seconds(name: str, value: float) -> float:
    # bool is an int: True seconds is a bug, not a duration.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number of seconds, not {type(value).__name__}")
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number of seconds above 0, got {value!r}")
    return float(value)


class PollSchedule:
    """When to poll next, and the error to raise once the time is up.

    The first poll happens at once; then one every ``poll_interval`` seconds,
    the last one shortened to land on the deadline, so the final answer is
    as late as the timeout allows. Under ``emqx_platform.testing.fast_waits``
    the interval is scaled down (the timeout is not: it bounds real time).
    """

    def __init__(
        self,
        deployment_id: str,
        status: str,
        *,
        timeout: float,
        poll_interval: float,
        progress: Progress = None,
    ) -> None:
        self.deployment_id = deployment_id
        self.status = check_status(status)
        self.timeout = _check_seconds("timeout", timeout)
        self.poll_interval = _scaled_interval(_check_seconds("poll_interval", poll_interval))
        self.polls = 0
        self.last_status: str | None = None
        self._started = time.monotonic()
        self._deadline = self._started + self.timeout
        self._at_deadline = False
        self._bar = WaitBar.open(
            progress, timeout=self.timeout, description=f"{deployment_id} -> {status}"
        )

    @classmethod
    def of(cls, arguments: Mapping[str, Any]) -> PollSchedule:
        """The schedule of a ``wait_for_status`` call, from its arguments (``locals()``)."""
        return cls(
            arguments["deployment_id"],
            arguments["status"],
            timeout=arguments["timeout"],
            poll_interval=arguments["poll_interval"],
            progress=arguments["progress"],
        )

    def reached(self, deployment: Any) -> bool:
        """Record one poll's answer; whether it shows the status waited for."""
        self.polls += 1
        status = deployment.get("status") if isinstance(deployment, dict) else None
        self.last_status = status if isinstance(status, str) else None
        done = self.last_status == self.status
        if self._bar is not None:
            self._bar.polled(
                elapsed=time.monotonic() - self._started,
                last_status=self.last_status,
                polls=self.polls,
            )
        return done

    def close(self) -> None:
        """End the progress bar, if any."""
        if self._bar is not None:
            self._bar.close()

    def next_delay(self) -> float:
        """Seconds to sleep before the next poll.

        Raises:
            WaitTimeoutError: The deadline has passed.
        """
        remaining = self._deadline - time.monotonic()
        # After the poll that landed on the deadline there is no other (a sleep
        # that wakes a hair early must not buy an extra call of the budget).
        if remaining <= 0 or self._at_deadline:
            raise WaitTimeoutError(
                deployment_id=self.deployment_id,
                status=self.status,
                last_status=self.last_status,
                polls=self.polls,
                timeout=self.timeout,
            )
        if remaining <= self.poll_interval:
            self._at_deadline = True
            return remaining
        return self.poll_interval


def _scaled_interval(interval: float) -> float:
    """The interval slept between polls: shortened under ``fast_waits``, never lengthened."""
    scale = _core.wait_scale()
    if scale == 1.0:
        return interval
    return min(interval, max(interval * scale, SCALED_POLL_FLOOR))


def wait(schedule: PollSchedule, poll: Callable[[], T]) -> T:
    """Call ``poll`` until ``schedule`` sees the status it waits for; sleep in between."""
    try:
        while True:
            answer = poll()
            if schedule.reached(answer):
                return answer
            time.sleep(schedule.next_delay())
    finally:
        schedule.close()


async def wait_async(schedule: PollSchedule, poll: Callable[[], Awaitable[T]]) -> T:
    """``wait()`` for asyncio: awaits each poll, and sleeps in short slices between them."""
    try:
        while True:
            answer = await poll()
            if schedule.reached(answer):
                return answer
            await _sleep_in_slices(schedule.next_delay())
    finally:
        schedule.close()


async def _sleep_in_slices(seconds: float) -> None:
    wake_at = time.monotonic() + seconds
    while (left := wake_at - time.monotonic()) > 0:
        await _sleep(min(left, ASYNC_SLEEP_SLICE))


async def _sleep(seconds: float) -> None:
    """``asyncio.sleep``, imported here so that importing the SDK does not import asyncio."""
    import asyncio

    await asyncio.sleep(seconds)
