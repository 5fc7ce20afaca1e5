"""``progress=`` on ``wait_for_status``: the same option as on iterations (``_progress``).

``True`` opens a ``tqdm.auto`` bar, or pass a tqdm-like callable; the bar
counts the seconds waited out of the timeout, and shows the last status
seen and the number of polls (when the bar has ``set_postfix_str``).
"""

from __future__ import annotations

from ._progress import Progress, ProgressBar, progress_factory

__all__ = ["WaitBar"]


class WaitBar:
    """A bar over a wait's seconds, advanced after every poll."""

    def __init__(self, bar: ProgressBar) -> None:
        self._bar = bar
        self._shown = 0

    @classmethod
    def open(cls, progress: Progress, *, timeout: float, description: str) -> WaitBar | None:
        """The bar for a ``progress=`` value (``None``: no bar), checked before any poll.

        Raises:
            TypeError: ``progress`` is neither a bool nor callable.
            ImportError: ``progress=True`` and tqdm is not installed.
        """
        factory = progress_factory(progress)
        if factory is None:
            return None
        return cls(factory(total=round(timeout), desc=description, unit="s"))

    def polled(self, *, elapsed: float, last_status: str | None, polls: int) -> None:
        """Show one poll: the seconds waited so far, and what it saw."""
        seconds = round(elapsed)
        if seconds > self._shown:
            self._bar.update(seconds - self._shown)
            self._shown = seconds
        postfix = getattr(self._bar, "set_postfix_str", None)
        if callable(postfix):
            noun = "poll" if polls == 1 else "polls"
            postfix(f"{last_status} ({polls} {noun})")

    def close(self) -> None:
        self._bar.close()
