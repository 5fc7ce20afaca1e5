"""The blocking and the awaitable clients: ``request``, batches, closing.

``_ClientCore`` (``_client_core.py``) holds what sync and async clients have
in common; ``_BaseClient`` and ``_AsyncBaseClient`` add the blocking and the
awaitable ``request``, ``map`` and ``gather``. The public classes (``_platform_client.py``,
``_deployment_client.py``) add how their API names its credentials, and
their resources (``resource`` descriptors, built on first use).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

from ._batch import DEFAULT_CONCURRENCY, Batch, run_async, run_sync
from ._client_core import _ClientCore
from ._docs import complete_from_twin
from ._request import JSON, Params

if TYPE_CHECKING:
    from typing_extensions import Self

    from ._core import PendingResponse

__all__ = ["_AsyncBaseClient", "_BaseClient", "_ClientCore"]

A = TypeVar("A")
R = TypeVar("R")


class _BaseClient(_ClientCore):
    """A client whose calls block (with the GIL released) until the answer arrives."""

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        json: JSON = None,
        timeout: float | None = None,
        accept: str | None = None,
    ) -> JSON:
        """Send one request and return the decoded JSON answer.

        Args:
            method: ``"GET"``, ``"POST"``, ``"PUT"``, ``"DELETE"``, ``"PATCH"``
                or ``"HEAD"`` (any case).
            path: The path under ``base_url``, starting with ``/``.
                Percent-encode each variable segment with
                ``emqx_platform.quote_path()`` (client ids contain ``/``).
                Paths with ``?``, ``#``, a backslash, a control character or
                a ``.``/``..`` segment are refused (URL parsing would change
                them), and so are URLs longer than 65,534 bytes.
            params: Query parameters. A list or tuple repeats the key
                (``{"clientid": ["a", "b"]}`` sends ``clientid=a&clientid=b``),
                booleans go as ``true``/``false``, ``None`` values are left out.
            json: The request body, encoded as JSON; ``None`` sends no body.
                It may hold ``dict`` (``str`` keys only), ``list``, ``tuple``
                (sent as an array), ``str``, ``int`` (any size), finite
                ``float``, ``bool`` and ``None``, and subclasses of these (a
                str or int enum sends its value), nested at most 200 levels.
                Anything else is refused, never converted: ``bytes``, sets,
                other key types (``TypeError`` naming the type and where it
                is, e.g. ``json["props"][2]``), NaN and infinities, cycles
                and deeper nesting (``ValueError``).
            timeout: Seconds for each attempt of this call; ``None`` uses
                ``timeout`` (never "wait forever").
            accept: The ``Accept`` header, ``application/json`` unless given:
                e.g. ``"text/plain"`` for the text form of ``/prometheus/stats``.

        Returns:
            The decoded JSON (``dict``, ``list``, ``str``, number), the text of
            a non-JSON answer, or ``None`` for an empty body (e.g. 204).

        Raises:
            APIStatusError: The API answered with an error status (a subclass
                per status, e.g. ``NotFoundError``).
            APIConnectionError: No usable answer, after the retries.
            APITimeoutError: An attempt timed out, after the retries.
            EMQXError: The client is closed.
            ValueError, TypeError: Bad arguments; nothing was sent.
        """
        query, timeout = self._prepare(params, timeout)
        return self._transport.request(method, path, query, json, timeout, accept)

    @overload
    def map(
        self,
        method: Callable[[A], R],
        items: Iterable[A],
        /,
        *,
        concurrency: int = ...,
        return_exceptions: Literal[False] = ...,
    ) -> list[R]: ...
    @overload
    def map(
        self,
        method: Callable[[A], R],
        items: Iterable[A],
        /,
        *,
        concurrency: int = ...,
        return_exceptions: Literal[True],
    ) -> list[R | Exception]: ...
    def map(
        self,
        method: Callable[[A], Any],
        items: Iterable[A],
        /,
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        return_exceptions: bool = False,
    ) -> list[Any]:
        """Call ``method`` once per item, many at once, and return the results in order.

        ``method`` is this client's ``request()`` or a method of one of its
        resources that sends one request (``client.clients.get``,
        ``client.publish``...), or a ``functools.partial()`` of one::

            details = client.map(client.clients.get, ids, concurrency=64)
            client.map(client.clients.kick, ids)
            pages = client.map(functools.partial(client.request, "GET"), paths)

        Every call is checked before any is sent (bad arguments raise
        ``ValueError``/``TypeError`` and nothing is sent). The calls then run
        on the core's runtime, at most ``concurrency`` in flight (1 to 100,
        the requests a client lets out at once), each with the client's
        timeout and retries, while this thread waits with the GIL released;
        Ctrl-C cancels every call in flight.

        Args:
            method: What to call with each item.
            items: One argument per call.
            concurrency: Calls in flight at most (default 32).
            return_exceptions: ``False``: the first call to fail ends the batch
                (the calls in flight are cancelled, the rest never sent) and
                its exception is raised. ``True``: every call runs, and a
                failed call's exception takes its place in the list.

        Returns:
            What each call returned, in the order of ``items``.

        Raises:
            TypeError: ``method`` cannot run in a batch (a paginated list,
                a wait, a function of your own).
        """
        batch = Batch(self, concurrency)
        record = batch.recorder(method)
        for item in items:
            record(item)
        return run_sync(self, batch, return_exceptions)

    @overload
    def gather(
        self,
        calls: Iterable[Callable[[], R]],
        /,
        *,
        concurrency: int = ...,
        return_exceptions: Literal[False] = ...,
    ) -> list[R]: ...
    @overload
    def gather(
        self,
        calls: Iterable[Callable[[], R]],
        /,
        *,
        concurrency: int = ...,
        return_exceptions: Literal[True],
    ) -> list[R | Exception]: ...
    def gather(
        self,
        calls: Iterable[Callable[[], Any]],
        /,
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        return_exceptions: bool = False,
    ) -> list[Any]:
        """Run different calls at once, each a ``functools.partial()``; results in order.

        The calls are those ``map()`` takes, with their arguments bound, and
        run as ``map()`` runs them::

            from functools import partial

            client_info, subs, stats = client.gather([
                partial(client.clients.get, "sensor-1"),
                partial(client.clients.subscriptions, "sensor-1"),
                partial(client.request, "GET", "/stats"),
            ])
        """
        batch = Batch(self, concurrency)
        for call in calls:
            batch.add(call)
        return run_sync(self, batch, return_exceptions)

    def _start_page(self, path: str, params: Params) -> PendingResponse:
        """Start ``GET path`` on the core's runtime and return at once, without waiting.

        Only ``Page`` calls it: while the caller works
        through one page, the next one is already on its way. The request is
        checked, retried and timed exactly as ``request()`` would do it;
        ``PendingResponse.wait()`` gives its answer (or raises its error),
        ``cancel()`` drops it.
        """
        query, timeout = self._prepare(params, None)
        return self._transport.start("GET", path, query, None, timeout)

    def close(self) -> None:
        """Stop using this client; later requests raise ``EMQXError``.

        Calling it again does nothing. Clients made by ``with_options()``
        stay usable.
        """
        self._mark_closed()

    def __enter__(self) -> Self:
        self._check_open()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class _AsyncBaseClient(_ClientCore):
    """A client whose calls are coroutines, for asyncio (and Jupyter's ``await``)."""

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        json: JSON = None,
        timeout: float | None = None,
        accept: str | None = None,
    ) -> JSON:
        """Send one request and return the decoded JSON answer (a coroutine)."""
        query, timeout = self._prepare(params, timeout)
        # The core's future binds to the running loop when it is created, so
        # it must be created here, inside the coroutine, not before it runs.
        return await self._transport.request_future(method, path, query, json, timeout, accept)

    @overload
    async def map(
        self,
        method: Callable[[A], Awaitable[R]],
        items: Iterable[A],
        /,
        *,
        concurrency: int = ...,
        return_exceptions: Literal[False] = ...,
    ) -> list[R]: ...
    @overload
    async def map(
        self,
        method: Callable[[A], Awaitable[R]],
        items: Iterable[A],
        /,
        *,
        concurrency: int = ...,
        return_exceptions: Literal[True],
    ) -> list[R | Exception]: ...
    async def map(
        self,
        method: Callable[[A], Any],
        items: Iterable[A],
        /,
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        return_exceptions: bool = False,
    ) -> list[Any]:
        """Call ``method`` once per item, many at once (a coroutine)."""
        batch = Batch(self, concurrency)
        record = batch.recorder(method)
        for item in items:
            record(item)
        return await run_async(self, batch, return_exceptions)

    @overload
    async def gather(
        self,
        calls: Iterable[Callable[[], Awaitable[R]]],
        /,
        *,
        concurrency: int = ...,
        return_exceptions: Literal[False] = ...,
    ) -> list[R]: ...
    @overload
    async def gather(
        self,
        calls: Iterable[Callable[[], Awaitable[R]]],
        /,
        *,
        concurrency: int = ...,
        return_exceptions: Literal[True],
    ) -> list[R | Exception]: ...
    async def gather(
        self,
        calls: Iterable[Callable[[], Any]],
        /,
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        return_exceptions: bool = False,
    ) -> list[Any]:
        """Run different calls at once, each a ``functools.partial()`` (a coroutine)."""
        batch = Batch(self, concurrency)
        for call in calls:
            batch.add(call)
        return await run_async(self, batch, return_exceptions)

    async def close(self) -> None:
        """Stop using this client; later requests raise ``EMQXError``.

        Calling it again does nothing. Clients made by ``with_options()``
        stay usable.
        """
        self._mark_closed()

    async def __aenter__(self) -> Self:
        self._check_open()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()


complete_from_twin(_AsyncBaseClient, _BaseClient, ["request", "map", "gather"])
