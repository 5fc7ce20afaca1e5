"""What sync and async clients have in common: the native transport, options, closing.

``_ClientCore`` holds the state; ``_BaseClient`` and ``_AsyncBaseClient``
(``_base_client.py``) add the blocking and the awaitable calls.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, NoReturn

from . import _core
from ._exceptions import EMQXError
from ._options import Credentials
from ._request import JSON, Params, QueryPairs, encode_params

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["_ClientCore"]


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

    # Whether ``_check_answer`` has work to do: a batch calls it for every
    # answer of a client that does (the v4 ones), and has the core end a sync
    # batch at an answer it raises for; it skips both otherwise.
    _checks_answers = False

    def _check_answer(self, answer: JSON, method: str, path: str) -> None:
        """Raise for an answer that reports its error in the body (EMQX 4's
        integer ``code``); EMQX 5 reports errors with the status alone."""

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
