"""``fast_waits``: shorten every wait of the SDK in tests, leaving production defaults alone.

The emulator settles in a fraction of a second, while the SDK's waits are
sized for EMQX Cloud (a 65 s poll in ``wait_for_status``, retry backoff from
0.5 s). Inside ``fast_waits`` every client of the process sleeps only a share
of each wait; timeouts are not scaled (they bound real time).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager

from .. import _core

__all__ = ["DEFAULT_WAIT_SCALE", "fast_waits"]

# 65 s polls become 0.65 s, and a 0.5 s backoff 5 ms: a wait for a 0.2 s
# emulator transition takes one or two polls, well within the emulated
# Platform API's 60 reads per hour (polls never come closer than 0.5 s).
DEFAULT_WAIT_SCALE = 0.01


@contextmanager
def fast_waits(scale: float = DEFAULT_WAIT_SCALE) -> Iterator[None]:
    """Sleep only ``scale`` of every SDK wait inside the ``with`` block.

    Covers ``wait_for_status``' poll interval (never below 0.5 s, or the
    interval given when it is shorter) and the retry waits (backoff and
    ``Retry-After``) of every client in the process; the retry decisions stay
    the same. The pytest plugin applies it to every test that uses its
    fixtures (see the ``emqx_wait_scale`` fixture).

    ::

        from emqx_platform.testing import fast_waits

        with fast_waits():
            client.deployments.wait_for_status(dep_id, "running")  # polls every 0.65 s

    Args:
        scale: The share of each wait that is slept, above 0 and at most 1.

    Raises:
        TypeError, ValueError: ``scale`` is not a number in (0, 1].
    """
    if isinstance(scale, bool) or not isinstance(scale, (int, float)):
        raise TypeError(f"scale must be a number, not {type(scale).__name__}")
    if not (math.isfinite(scale) and 0 < scale <= 1):
        raise ValueError(f"scale must be above 0 and at most 1, got {scale!r}")
    previous = _core.wait_scale()
    _core.set_wait_scale(float(scale))
    try:
        yield
    finally:
        _core.set_wait_scale(previous)
