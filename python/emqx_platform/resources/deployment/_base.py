"""What every Deployment API resource shares: a request spec, its runners, argument checks.

Each endpoint is defined once, as a function returning a :class:`Call` (method,
path, query, body, and how to read the answer). The sync resource classes run
it with :meth:`SyncResource._run` and the async twins with
:meth:`AsyncResource._run`, so the two never drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ..._pagination import AsyncPaginator, Page, PageRequest
from ..._paths import quote_path
from ..._request import JSON, Params

if TYPE_CHECKING:
    from ..._base_client import _AsyncBaseClient, _BaseClient

__all__ = [
    "AsyncResource",
    "arguments",
    "Call",
    "SyncResource",
    "call",
    "check_choice",
    "check_id",
    "check_ids",
    "check_int_range",
    "check_mapping",
    "check_str",
    "none",
    "time_param",
]

R = TypeVar("R")
T = TypeVar("T")


def _same(body: JSON) -> Any:
    """The decoded answer, as is."""
    return body


@dataclass(frozen=True)
class Call(Generic[R]):
    """One request of the Deployment API and how to turn its answer into the result."""

    method: str
    path: str
    params: Params | None = None
    json: JSON = None
    parse: Callable[[JSON], R] = _same


def call(
    method: str,
    path: str,
    *,
    params: Params | None = None,
    json: JSON = None,
    parse: Callable[[JSON], R] = _same,
) -> Call[R]:
    """A :class:`Call` (a function, so the result type is inferred from ``parse``)."""
    return Call(method, path, params, json, parse)


def none(_body: JSON) -> None:
    """``parse`` for endpoints that answer 204 (no content)."""
    return


class SyncResource:
    """Base of the sync resources: runs :class:`Call` specs on a blocking client."""

    def __init__(self, client: _BaseClient) -> None:
        self._client = client

    def _run(self, spec: Call[R]) -> R:
        body = self._client.request(spec.method, spec.path, params=spec.params, json=spec.json)
        return spec.parse(body)

    def _list(self, request: PageRequest) -> Page[Any]:
        return Page._fetch(self._client, request)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"


class AsyncResource:
    """Base of the async resources: awaits :class:`Call` specs on an asyncio client."""

    def __init__(self, client: _AsyncBaseClient) -> None:
        self._client = client

    async def _run(self, spec: Call[R]) -> R:
        body = await self._client.request(
            spec.method, spec.path, params=spec.params, json=spec.json
        )
        return spec.parse(body)

    def _list(self, request: PageRequest) -> AsyncPaginator[Any]:
        return AsyncPaginator(self._client, request)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"


def arguments(values: dict[str, Any]) -> dict[str, Any]:
    """A method's ``locals()`` without ``self``: its arguments, to pass on by name."""
    return {k: v for k, v in values.items() if k not in ("self", "__class__")}


# -- argument checks: a clear ValueError / TypeError before anything is sent ----


def check_str(name: str, value: object) -> str:
    """``value`` as a non-empty ``str``."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    if not value:
        raise ValueError(f"{name} must not be empty")
    return value


def check_id(name: str, value: object) -> str:
    """A non-empty ``str`` path parameter, percent-encoded in full for the path."""
    return quote_path(check_str(name, value))


def check_ids(name: str, values: object) -> list[str]:
    """A non-empty list of non-empty strings (a lone ``str`` is refused, not split)."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise TypeError(f"{name} must be a list of str, not {type(values).__name__}")
    items = [check_str(f"{name}[{i}]", v) for i, v in enumerate(values)]
    if not items:
        raise ValueError(f"{name} must not be empty")
    return items


def check_int_range(name: str, value: object, low: int, high: int) -> int:
    """An ``int`` (not a ``bool``) in ``low..high``."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high}, got {value}")
    return value


def check_choice(name: str, value: object, choices: Iterable[str]) -> str:
    """One of ``choices``."""
    options = tuple(choices)
    if value not in options:
        listed = ", ".join(repr(c) for c in options)
        raise ValueError(f"{name} must be one of {listed}, got {value!r}")
    return value


def check_mapping(name: str, value: object) -> dict[str, Any]:
    """A ``Mapping`` with ``str`` keys, copied into a ``dict``."""
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a mapping (dict), not {type(value).__name__}")
    for key in value:
        if not isinstance(key, str):
            raise TypeError(f"{name} keys must be str, not {type(key).__name__}")
    return dict(value)


def time_param(name: str, value: int | str | datetime | None) -> int | str | None:
    """A time filter: epoch milliseconds, an RFC 3339 string, or an aware ``datetime``."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"{name} must be a timezone-aware datetime (e.g. tzinfo=UTC)")
        return round(value.timestamp() * 1000)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise TypeError(
        f"{name} must be epoch milliseconds (int), an RFC 3339 str or a datetime, "
        f"not {type(value).__name__}"
    )
