"""A session's in-flight window and message queue, walked chunk by chunk.

EMQX pages these by continuation, not page numbers: each answer's
``meta.position`` is sent back as ``position`` for the next chunk, until it
is ``"end_of_data"`` (or a chunk comes back empty, which some servers send
instead). The walkers here check the arguments before returning, so bad
input fails at the call, not at the first ``next()``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from datetime import datetime
from typing import Any, TypedDict

from ..._pagination import MAX_LIMIT
from ..._request import JSON
from ...types.mqtt import QueuedMessage
from .._checks import check_choice, check_int_range, check_str
from .._endpoint import Endpoint

__all__ = ["INFLIGHT", "MQUEUE", "SESSIONS_COUNT", "walk", "walk_async"]

PAYLOAD_FORMATS = ("none", "base64", "plain")
_ENDS = (None, "", "none", "end_of_data")


class _Chunk(TypedDict, total=False):
    data: list[QueuedMessage]
    meta: dict[str, Any]


def _query(
    limit: int | None,
    position: str | None,
    payload: str | None,
    max_payload_bytes: int | str | None,
) -> dict[str, Any]:
    if limit is not None:
        check_int_range("limit", limit, 1, MAX_LIMIT)
    if position is not None:
        check_str("position", position)
    if payload is not None:
        check_choice("payload", payload, PAYLOAD_FORMATS)
    if isinstance(max_payload_bytes, int) and not isinstance(max_payload_bytes, bool):
        check_int_range("max_payload_bytes", max_payload_bytes, 1, 2**53)
    elif max_payload_bytes is not None:
        check_str("max_payload_bytes", max_payload_bytes)
    return {
        "limit": limit,
        "position": position,
        "payload": payload,
        "max_payload_bytes": max_payload_bytes,
    }


def _since(since: int | datetime | None) -> dict[str, Any]:
    if isinstance(since, datetime):
        if since.utcoffset() is None:
            raise ValueError("since must be a timezone-aware datetime (e.g. tzinfo=UTC)")
        since = int(since.timestamp())
    if since is not None:
        check_int_range("since", since, 0, 2**53)
    return {"since": since}


INFLIGHT = Endpoint[_Chunk]("GET", "/clients/{clientid}/inflight_messages", query=_query)
MQUEUE = Endpoint[_Chunk]("GET", "/clients/{clientid}/mqueue_messages", query=_query)


def _count(answer: JSON, _sent: JSON) -> int:
    """The count comes as a bare number (the spec says a string: both are read)."""
    if isinstance(answer, (int, str)) and not isinstance(answer, bool):
        return int(answer)
    raise TypeError(f"expected a number of sessions, got {type(answer).__name__}")


SESSIONS_COUNT = Endpoint[int]("GET", "/sessions_count", query=_since, parse=_count)


def _next(chunk: _Chunk, position: str | None) -> str | None:
    """The position of the chunk after ``chunk``, or ``None`` at the end."""
    meta = chunk.get("meta") or {}
    following = meta.get("position")
    if not chunk.get("data") or following in _ENDS or following == position:
        return None
    return str(following)


def walk(
    run: Callable[[Endpoint[_Chunk], Mapping[str, Any]], _Chunk],
    endpoint: Endpoint[_Chunk],
    arguments: Mapping[str, Any],
) -> Iterator[QueuedMessage]:
    """Every message from ``arguments['position']`` on, one request per chunk."""
    endpoint.prepare(arguments, {})
    return _walk(run, endpoint, dict(arguments))


def _walk(
    run: Callable[[Endpoint[_Chunk], Mapping[str, Any]], _Chunk],
    endpoint: Endpoint[_Chunk],
    arguments: dict[str, Any],
) -> Iterator[QueuedMessage]:
    while True:
        chunk = run(endpoint, arguments)
        yield from chunk.get("data") or []
        following = _next(chunk, arguments["position"])
        if following is None:
            return
        arguments["position"] = following


def walk_async(
    run: Callable[[Endpoint[_Chunk], Mapping[str, Any]], Awaitable[_Chunk]],
    endpoint: Endpoint[_Chunk],
    arguments: Mapping[str, Any],
) -> AsyncIterator[QueuedMessage]:
    """``walk()`` for asyncio clients."""
    endpoint.prepare(arguments, {})
    return _walk_async(run, endpoint, dict(arguments))


async def _walk_async(
    run: Callable[[Endpoint[_Chunk], Mapping[str, Any]], Awaitable[_Chunk]],
    endpoint: Endpoint[_Chunk],
    arguments: dict[str, Any],
) -> AsyncIterator[QueuedMessage]:
    while True:
        chunk = await run(endpoint, arguments)
        for message in chunk.get("data") or []:
            yield message
        following = _next(chunk, arguments["position"])
        if following is None:
            return
        arguments["position"] = following
