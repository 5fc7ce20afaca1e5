"""Progress of ``wait_for_status``: what each poll reports, and where it goes.

``progress=True`` shows a tqdm bar (the time spent out of the timeout) when
tqdm is installed, else one line per poll on stderr; a callable gets a
:class:`WaitProgress` after every poll.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["ProgressOption", "WaitProgress", "progress_reporter"]


@dataclass(frozen=True)
class WaitProgress:
    """Where a ``wait_for_status`` stands after one poll.

    Attributes:
        deployment_id: The deployment waited for.
        status: The status waited for.
        last_status: The status this poll saw (``None`` if the answer had none).
        polls: Polls so far, this one included.
        elapsed: Seconds since the wait began.
        timeout: The seconds the wait is allowed.
        done: Whether this poll saw the status waited for.
    """

    deployment_id: str
    status: str
    last_status: str | None
    polls: int
    elapsed: float
    timeout: float
    done: bool


ProgressOption = bool | Callable[[WaitProgress], object] | None


class _Reporter:
    """Sends each :class:`WaitProgress` to a callable; ``close`` ends a bar."""

    def __init__(self, report: Callable[[WaitProgress], object], close: Callable[[], object]):
        self.report = report
        self.close = close


def progress_reporter(progress: ProgressOption, description: str) -> _Reporter | None:
    """The reporter for a ``progress=`` value, or ``None`` for no progress."""
    if progress is None or progress is False:
        return None
    if progress is True:
        return _tqdm_reporter(description) or _line_reporter(description)
    if callable(progress):
        return _Reporter(progress, lambda: None)
    raise TypeError(f"progress must be a bool or a callable, not {type(progress).__name__}")


def _tqdm_reporter(description: str) -> _Reporter | None:
    try:
        # Through importlib: tqdm is optional and ships no type hints.
        tqdm = importlib.import_module("tqdm.auto").tqdm
    except ImportError:
        return None
    bar: Any = None

    def report(step: WaitProgress) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=round(step.timeout), desc=description, unit="s")
        bar.n = min(round(step.elapsed), bar.total)
        bar.set_postfix_str(f"{step.last_status} ({step.polls} polls)", refresh=True)

    def close() -> None:
        if bar is not None:
            bar.close()

    return _Reporter(report, close)


def _line_reporter(description: str) -> _Reporter:
    def report(step: WaitProgress) -> None:
        print(
            f"{description}: {step.last_status} after {step.elapsed:.0f} s ({step.polls} polls)",
            file=sys.stderr,
            flush=True,
        )

    return _Reporter(report, lambda: None)
