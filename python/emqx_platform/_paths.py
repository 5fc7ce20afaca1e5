"""Percent-encoding of path segments (client ids, topics, ``<type>:<name>`` ids)."""

from __future__ import annotations

import re
from urllib.parse import quote

from . import _core

# What percent-encoding leaves as it is: most ids are only this, and then
# need neither `quote` nor more than the "."/".." check.
_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]+")

__all__ = ["quote_path"]


def quote_path(segment: str) -> str:
    """Percent-encode one path segment in full, for ``request()`` paths.

    Every character that is not a letter, digit or one of ``-._~`` is
    encoded, including ``/``, ``#``, ``+``, ``:``, ``@`` and spaces, because
    EMQX decodes each segment before it looks at it::

        >>> quote_path("sensors/+/temp")
        'sensors%2F%2B%2Ftemp'
        >>> client.request("GET", f"/clients/{quote_path(client_id)}")

    Raises:
        TypeError: ``segment`` is not a ``str``.
        ValueError: ``segment`` is empty, ``"."`` or ``".."`` (these would
            address a different path).
    """
    if not isinstance(segment, str):
        raise TypeError(f"a path segment must be a str, not {type(segment).__name__}")
    if not segment:
        raise ValueError("a path segment must not be empty")
    if _UNRESERVED.fullmatch(segment) and segment not in (".", ".."):
        return segment
    quoted = quote(segment, safe="")
    # URL parsing resolves "." and ".." away, and encoding cannot save them
    # ("." is never encoded): the core's rule, the one its requests apply.
    if _core.is_dot_segment(quoted):
        raise ValueError(f"a path segment cannot be {segment!r}")
    return quoted
