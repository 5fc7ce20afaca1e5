"""What every v4 resource shares: the runners, and how answers are read.

EMQX 4 wraps each answer in ``{"code": 0, "data": ...}``. The v4 clients'
``request()`` already raises for a non-zero ``code`` (and a batch runs the
same check), so the runners here only send and read; unlike the v5 runners
they expect that ``code``. A method's reading is one function,
``read_v4_answer``, which a batch runs too (``Prepared.read``).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from ..._request import JSON, Prepared
from ..._v4_batch import raise_failed_entries
from .._checks import check_int_range, check_mapping, check_str
from .._endpoint import Endpoint
from .._resource import AsyncResource, SyncResource

if TYPE_CHECKING:
    from ..._base_client import _AsyncBaseClient, _BaseClient

__all__ = [
    "V4AsyncResource",
    "V4Resource",
    "check_batch",
    "check_qos",
    "check_topic_name",
    "data",
    "nothing",
]

R = TypeVar("R")


def data(answer: JSON, _sent: JSON) -> Any:
    """``parse``: the answer's ``data``."""
    return answer.get("data") if isinstance(answer, dict) else answer


def nothing(_answer: JSON, _sent: JSON) -> None:
    """``parse``: an answer that carries only ``code`` (already checked)."""
    return


def check_qos(name: str, value: object) -> int:
    """A QoS level: 0, 1 or 2."""
    return check_int_range(name, value, 0, 2)


def check_topic_name(name: str, value: object) -> str:
    """A topic to publish to: non-empty, without the wildcards ``+`` and ``#``."""
    topic = check_str(name, value)
    if "+" in topic or "#" in topic:
        raise ValueError(f"{name} must be a topic name without wildcards (+, #), got {topic!r}")
    return topic


def check_batch(name: str, items: object) -> list[dict[str, Any]]:
    """The entries of a batch body: a non-empty list of dicts with ``str`` keys (copies)."""
    if isinstance(items, (str, bytes, Mapping)) or not isinstance(items, Iterable):
        raise TypeError(f"{name} must be a list of dicts, not {type(items).__name__}")
    entries = [check_mapping(f"{name}[{i}]", item) for i, item in enumerate(items)]
    if not entries:
        raise ValueError(f"{name} must not be empty")
    return entries


Finish = Callable[[Any], Any]
"""What a method does with the endpoint's result before returning it (or raises)."""


def read_v4_answer(endpoint: Endpoint[Any], body: JSON, finish: Finish | None, answer: JSON) -> Any:
    """A v4 method's result from its answer, whose ``code`` was checked already."""
    result = endpoint.read(answer, body)
    return result if finish is None else finish(result)


def _recorded(answer: Prepared, endpoint: Endpoint[Any], body: JSON, finish: Finish | None) -> Any:
    """A call recorded for a batch, not sent: the batch reads its answer as the runner would."""
    answer.endpoint = endpoint
    answer.read = partial(read_v4_answer, endpoint, body, finish)
    return answer


def send_v4(
    client: _BaseClient,
    endpoint: Endpoint[R],
    arguments: Mapping[str, Any],
    finish: Finish | None = None,
) -> R:
    """Run ``endpoint`` on a blocking v4 client and read its answer."""
    path, query, body = endpoint.prepare(arguments)
    answer = client.request(endpoint.method, path, params=query, json=body)
    if answer.__class__ is Prepared:
        return _recorded(answer, endpoint, body, finish)  # type: ignore[no-any-return]
    return read_v4_answer(endpoint, body, finish, answer)  # type: ignore[no-any-return]


async def send_v4_async(
    client: _AsyncBaseClient,
    endpoint: Endpoint[R],
    arguments: Mapping[str, Any],
    finish: Finish | None = None,
) -> R:
    """Run ``endpoint`` on an asyncio v4 client and read its answer (a coroutine)."""
    path, query, body = endpoint.prepare(arguments)
    answer = await client.request(endpoint.method, path, params=query, json=body)
    if answer.__class__ is Prepared:
        return _recorded(answer, endpoint, body, finish)  # type: ignore[no-any-return]
    return read_v4_answer(endpoint, body, finish, answer)  # type: ignore[no-any-return]


def _failed_entries_raise(
    client: _BaseClient | _AsyncBaseClient, endpoint: Endpoint[Any], arguments: Mapping[str, Any]
) -> Finish | None:
    """A batch endpoint's ``finish``: failed entries raise, unless ``raise_on_error`` is false.

    Batch paths take no path arguments, so ``endpoint.path`` is the request's.
    """
    if not arguments["raise_on_error"]:
        return None
    return partial(
        raise_failed_entries, method=endpoint.method, url=client.base_url + endpoint.path
    )


class V4Resource(SyncResource):
    """Base of the v4 resources of blocking clients."""

    def _run(
        self, endpoint: Endpoint[R], arguments: Mapping[str, Any], finish: Finish | None = None
    ) -> R:
        return send_v4(self._client, endpoint, arguments, finish)

    def _run_batch(self, endpoint: Endpoint[R], arguments: Mapping[str, Any]) -> R:
        """``_run`` for a batch: failed entries raise unless ``raise_on_error`` is false."""
        return self._run(
            endpoint, arguments, _failed_entries_raise(self._client, endpoint, arguments)
        )


class V4AsyncResource(AsyncResource, twin=V4Resource):
    """Base of the v4 resources of asyncio clients; each subclass names its sync ``twin``."""

    def _run(
        self, endpoint: Endpoint[R], arguments: Mapping[str, Any], finish: Finish | None = None
    ) -> Coroutine[Any, Any, R]:
        return send_v4_async(self._client, endpoint, arguments, finish)

    def _run_batch(
        self, endpoint: Endpoint[R], arguments: Mapping[str, Any]
    ) -> Coroutine[Any, Any, R]:
        """``_run`` for a batch, as the blocking twin's (a coroutine)."""
        return self._run(
            endpoint, arguments, _failed_entries_raise(self._client, endpoint, arguments)
        )
