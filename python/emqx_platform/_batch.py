"""Many calls at once: ``client.map`` and ``client.gather``, sync and async.

Every call of a batch is first *recorded*, not sent: its method runs against
a stand-in client whose transport returns a ``Prepared`` of the
checked arguments instead of sending them, so bad input fails before anything
is sent, and a typed method needs no second, batch-only definition. The
recorded requests then run together: on the core's runtime for a blocking
client (one wait for the whole batch, see ``Transport.request_many``), as
tasks of the running loop for an asyncio client. Each answer is read as the
method would read it: ``read_answer`` for EMQX 5; for the v4 clients their
``_check_answer`` (EMQX 4's in-body ``code``, as their ``request()`` runs it)
and then the v4 runner's reader (``Prepared.read``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine, Generator, Sequence
from typing import TYPE_CHECKING, Any

from ._exceptions import RateLimitError
from ._request import JSON, Prepared, QueryPairs
from .resources._endpoint import read_answer
from .resources._resource import AsyncResource, SyncResource

if TYPE_CHECKING:
    from ._base_client import _AsyncBaseClient, _BaseClient
    from ._client_core import _ClientCore

__all__ = ["DEFAULT_CONCURRENCY", "MAX_CONCURRENCY", "Batch", "run_async", "run_sync"]

DEFAULT_CONCURRENCY = 32
"""Calls in flight at once unless ``concurrency=`` says otherwise."""
MAX_CONCURRENCY = 100
"""A client lets at most this many requests out at once (see "Request slots")."""


class _RecordingTransport:
    """Stands in for the native transport: records what it would have sent.

    It has the client's ``base_url``, which methods read to name the URL in
    the errors they raise (the v4 ones while recording, too).
    """

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.recorded: list[Prepared] = []

    def request(
        self,
        method: str,
        path: str,
        query: QueryPairs | None = None,
        json: JSON = None,
        timeout: float | None = None,
        accept: str | None = None,
    ) -> Prepared:
        call = Prepared(method, path, query, json, timeout, accept)
        self.recorded.append(call)
        return call

    def request_future(
        self,
        method: str,
        path: str,
        query: QueryPairs | None = None,
        json: JSON = None,
        timeout: float | None = None,
        accept: str | None = None,
    ) -> _Ready:
        return _Ready(self.request(method, path, query, json, timeout, accept))


class _Ready:
    """An awaitable that is done already: ``await`` gives its value at once."""

    __slots__ = ("value",)

    def __init__(self, value: Prepared) -> None:
        self.value = value

    def __await__(self) -> Generator[None, None, Prepared]:
        return self.value
        yield  # a generator, which never suspends


class Batch:
    """The calls of one batch, recorded against ``client`` and ready to send."""

    def __init__(self, client: _ClientCore, concurrency: int) -> None:
        if isinstance(concurrency, bool) or not isinstance(concurrency, int):
            raise TypeError(f"concurrency must be an int, not {type(concurrency).__name__}")
        if not 1 <= concurrency <= MAX_CONCURRENCY:
            raise ValueError(
                f"concurrency must be between 1 and {MAX_CONCURRENCY} "
                f"(the requests a client lets out at once), not {concurrency}"
            )
        client._check_open()
        self.client = client
        self.concurrency = concurrency
        self.calls: list[Prepared] = []
        self._transport = _RecordingTransport(client.base_url)
        self._stand_in = client._from_transport(self._transport)  # type: ignore[arg-type]
        # One stand-in per resource of the client, keyed by the resource's id.
        self._resources: dict[int, tuple[object, object]] = {}

    def add(self, method: Callable[..., Any], args: Sequence[Any] = ()) -> None:
        """Record ``method(*args)``, checking every argument."""
        self.recorder(method)(*args)

    def recorder(self, method: Callable[..., Any]) -> Callable[..., None]:
        """A function that records ``method(*args)`` for the ``args`` it is given:
        ``method`` is looked at once, however many calls ``map`` records."""
        bound_args: tuple[Any, ...] = ()
        bound_kwargs: dict[str, Any] = {}
        while isinstance(method, functools.partial):
            bound_args = (*method.args, *bound_args)
            bound_kwargs = {**method.keywords, **bound_kwargs}
            method = method.func
        target = getattr(method, "__self__", None)
        function = getattr(method, "__func__", None)
        if function is None or target is None:
            raise _not_batchable(method, "it is not a method of this client or its resources")
        stand_in = self._stand_in_for(method, target)
        recorded = self._transport.recorded
        calls = self.calls

        def record(*args: Any) -> None:
            recorded.clear()
            try:
                outcome = function(stand_in, *bound_args, *args, **bound_kwargs)
                if isinstance(outcome, Coroutine):
                    outcome = _finish_now(outcome)
            except Exception:
                if recorded:
                    # It sent its request, then failed reading the stand-in's
                    # answer: it does more with it than return it (pages, polls).
                    raise _not_batchable(method, "it does not just send one request") from None
                raise  # a bad argument
            if len(recorded) != 1 or outcome is not recorded[0]:
                raise _not_batchable(method, "it does not just send one request")
            calls.append(outcome)

        return record

    def _stand_in_for(self, method: Callable[..., Any], target: object) -> object:
        if target is self.client:
            return self._stand_in
        if isinstance(target, (SyncResource, AsyncResource)) and target._client is self.client:
            known = self._resources.get(id(target))
            if known is None or known[0] is not target:
                copy = object.__new__(type(target))
                vars(copy).update(vars(target), _client=self._stand_in)
                known = self._resources[id(target)] = (target, copy)
            return known[1]
        raise _not_batchable(method, "it is not a method of this client or its resources")


def _finish_now(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """Run a coroutine that never suspends (the stand-in answers at once) to its result."""
    try:
        coroutine.send(None)
    except StopIteration as done:
        return done.value
    coroutine.close()
    return None  # it waited for something else: not a call a batch can repeat


def _not_batchable(method: object, reason: str) -> TypeError:
    name = getattr(method, "__qualname__", None) or type(method).__name__
    return TypeError(
        f"{name} cannot run in a batch: {reason}. A batch takes this client's "
        "request and the methods of its resources that send one request, "
        "or functools.partial of them"
    )


def _answer(call: Prepared, answer: JSON, client: _ClientCore) -> Any:
    endpoint = call.endpoint
    if endpoint is None:
        return answer
    return read_answer(endpoint, answer, call.request[3], client, call.request[1])


def _checked_answer(call: Prepared, answer: JSON, client: _ClientCore) -> Any:
    """A v4 client's answer: its ``code`` checked as ``request()`` checks it, then
    read as the v4 method reads it (a raw ``request`` returns it as it is)."""
    client._check_answer(answer, call.request[0], call.request[1])
    return _read_checked(call, answer, client)


def _read_checked(call: Prepared, answer: JSON, client: _ClientCore) -> Any:
    """A v4 client's answer whose ``code`` was checked already, read as the method reads it."""
    read = call.read
    return answer if read is None else read(answer)


def _error(call: Prepared, error: Exception) -> Exception:
    """The error as the method alone would raise it (a 429 names its documented limit)."""
    endpoint = call.endpoint
    if isinstance(error, RateLimitError) and endpoint is not None and endpoint.calls_per_hour:
        return endpoint.with_limit(error)  # type: ignore[no-any-return]
    return error


def run_sync(client: _BaseClient, batch: Batch, return_exceptions: bool) -> list[Any]:
    """Send a recorded batch on the core's runtime and read the answers in order."""
    calls = batch.calls
    if not calls:
        return []
    # A v4 client checks every answer, a raw request's too; EMQX 5 reads typed calls' only.
    checks = client._checks_answers
    # The core ends the batch at the first error in time; for a v4 client also
    # at an answer with an in-body code, which it returns for _check_answer.
    answers: list[Any] = client._transport.request_many(
        [call.request for call in calls], batch.concurrency, not return_exceptions, checks
    )
    read = _checked_answer if checks else _answer
    if not return_exceptions:
        # Only the call that ended the batch, if one did, has an answer that raises.
        for call, answer in zip(calls, answers, strict=True):
            if isinstance(answer, Exception):
                raise _error(call, answer)
            if checks:
                client._check_answer(answer, call.request[0], call.request[1])
        if checks:
            read = _read_checked  # every answer was checked just above
    for index, call in enumerate(calls):
        answer = answers[index]
        if isinstance(answer, Exception):
            answers[index] = _error(call, answer)
        elif call.endpoint is not None or checks:
            try:
                answers[index] = read(call, answer, client)
            except Exception as error:
                if not return_exceptions:
                    raise
                answers[index] = error
    return answers


async def run_async(client: _AsyncBaseClient, batch: Batch, return_exceptions: bool) -> list[Any]:
    """Send a recorded batch as tasks of the running loop, at most
    ``batch.concurrency`` at a time, and read the answers in order."""
    import asyncio  # here, so that sync users never import asyncio

    calls = batch.calls
    transport = client._transport
    read = _checked_answer if client._checks_answers else _answer
    # As the sync batch does in the core: every call checked before one is sent.
    for call in calls:
        transport.check(*call.request)
    results: list[Any] = [None] * len(calls)
    waiting = iter(enumerate(calls))

    async def worker() -> None:
        for index, call in waiting:
            try:
                results[index] = read(call, await transport.request_future(*call.request), client)
            except Exception as error:
                if not return_exceptions:
                    raise _error(call, error) from None
                results[index] = _error(call, error)

    workers = [asyncio.ensure_future(worker()) for _ in range(min(batch.concurrency, len(calls)))]
    try:
        await asyncio.gather(*workers)
    finally:
        # The first error (or the caller's cancellation) ends the batch.
        for task in workers:
            task.cancel()
    return results
