"""The machinery every client shares: the native transport, options, ``request``, closing.

``_ClientCore`` holds what sync and async clients have in common;
``_BaseClient`` and ``_AsyncBaseClient`` add the blocking and the awaitable
``request``. The public classes (``_platform_client.py``,
``_deployment_client.py``) add how their API names its credentials, and
their resources (``resource`` descriptors, built on first use).
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, ClassVar, NoReturn

from typing_extensions import Self

from . import _core
from ._docs import complete_from_twin
from ._exceptions import EMQXError
from ._options import Credentials
from ._request import JSON, Params, QueryPairs, encode_params

if TYPE_CHECKING:
    from ._core import PendingResponse

__all__ = ["_AsyncBaseClient", "_BaseClient", "_ClientCore"]


class _ClientCore:
    """State and options shared by sync and async clients.

    The state is the native transport, a closed flag and the resources built
    so far: the secret lives in the transport (in Rust) and never in a Python
    attribute, so it cannot leak through ``vars()``, a debugger or a pickle.
    """

    # Declared for type checkers only: runtime annotations would show in help().
    if TYPE_CHECKING:
        # How the API names its credentials (set by the public classes).
        _credentials: ClassVar[Credentials]
        _transport: _core.Transport
        _closed: bool

    def _adopt(self, transport: _core.Transport) -> None:
        """Initialise this client around ``transport`` (also used by ``with_options``,
        whose copy builds its own resources on first use)."""
        self._transport = transport
        self._closed = False

    @classmethod
    def _from_transport(cls, transport: _core.Transport) -> Self:
        client = cls.__new__(cls)
        client._adopt(transport)
        return client

    @property
    def base_url(self) -> str:
        """The API root every request path is joined to (no trailing slash)."""
        return self._transport.base_url

    @property
    def timeout(self) -> float:
        """Seconds each attempt may take, unless ``request(timeout=...)`` says otherwise."""
        return self._transport.timeout

    @property
    def connect_timeout(self) -> float:
        """Seconds allowed for the TCP connect plus the TLS handshake."""
        return self._transport.connect_timeout

    @property
    def max_retries(self) -> int:
        """Extra attempts after a failed first one (see the README section "Retries")."""
        return self._transport.max_retries

    @property
    def max_response_bytes(self) -> int:
        """The largest response body this client reads (see ``ResponseTooLargeError``)."""
        return self._transport.max_response_bytes

    @property
    def proxy(self) -> str | None:
        """The proxy HTTPS requests go through (without its credentials), or ``None``.

        Loopback hosts and the hosts in ``NO_PROXY`` are reached directly even
        when a proxy is set.
        """
        return self._transport.proxy

    @property
    def closed(self) -> bool:
        """Whether ``close()`` was called; a closed client sends no more requests."""
        return self._closed

    def with_options(
        self,
        *,
        timeout: float | None = None,
        connect_timeout: float | None = None,
        max_retries: int | None = None,
        user_agent: str | None = None,
        max_response_bytes: int | None = None,
    ) -> Self:
        """A new client of the same class with some options changed.

        Options left as ``None`` keep this client's value. The new client
        shares this client's connection pool (unless ``connect_timeout`` or
        ``user_agent`` change, which need their own), its proxy and its
        credentials; this client is unchanged. Handy for one slow call, or
        one large answer::

            client.with_options(timeout=120, max_retries=0).request("POST", "/...")
            client.with_options(max_response_bytes=512 * 1024 * 1024).request("GET", "/...")
        """
        self._check_open()
        transport = self._transport.with_options(
            timeout=timeout,
            connect_timeout=connect_timeout,
            max_retries=max_retries,
            user_agent=user_agent,
            max_response_bytes=max_response_bytes,
        )
        return self._from_transport(transport)

    def _prepare(
        self, params: Params | None, timeout: float | None
    ) -> tuple[QueryPairs | None, float | None]:
        """Check a request's query, as the core takes it.

        The core checks the method, the path and the timeout itself (``None``:
        the client's default timeout, never "forever").
        """
        self._check_open()
        return encode_params(params), timeout

    def _check_open(self) -> None:
        if self._closed:
            raise EMQXError("client is closed")

    def _mark_closed(self) -> None:
        # The transport is kept (not dropped) so that repr and the option
        # properties still work; its pool is freed with the last client using it.
        self._closed = True

    def __repr__(self) -> str:
        key = self._transport.masked_username
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, "
            f"{self._credentials.username_arg}={key!r})"
        )

    def __reduce__(self) -> NoReturn:
        # A pickle would have to carry the secret, in clear, to wherever the
        # bytes go (a cache, a queue, another machine): refuse.
        raise TypeError(f"{type(self).__name__} cannot be pickled (it holds credentials)")


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
        return self._transport.request(method, path, query, json, timeout)

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
    ) -> JSON:
        """Send one request and return the decoded JSON answer (a coroutine)."""
        query, timeout = self._prepare(params, timeout)
        # The core's future binds to the running loop when it is created, so
        # it must be created here, inside the coroutine, not before it runs.
        return await self._transport.request_future(method, path, query, json, timeout)

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


complete_from_twin(_AsyncBaseClient, _BaseClient, ["request"])
