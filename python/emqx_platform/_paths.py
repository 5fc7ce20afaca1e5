"""Percent-encoding of path segments (client ids, topics, ``<type>:<name>`` ids)."""

from __future__ import annotations

from urllib.parse import quote

__all__ = ["quote_path"]

# URL parsers normalise these segments away ("/clients/../banned" becomes
# "/banned"), and WHATWG URL parsing (the Rust ``url`` crate) also treats
# "%2e" as a dot, so encoding cannot save them: they are refused instead.
_DOT_SEGMENTS = frozenset({".", ".."})


def quote_path(segment: str) -> str:
    """Percent-encode one path segment in full, for :meth:`request` paths.

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
    if segment in _DOT_SEGMENTS:
        raise ValueError(f"a path segment cannot be {segment!r}")
    return quote(segment, safe="")
