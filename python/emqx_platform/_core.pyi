"""Native core of emqx-platform (Rust, pyo3): HTTPS transport and emulator.

Private: users hold the pure-Python clients in ``emqx_platform``; this stub is
checked against the compiled module by ``mypy.stubtest``.
"""

import asyncio
from collections.abc import Sequence
from typing import Any, final

__all__ = ["PendingResponse", "Transport", "__version__"]

__version__: str

@final
class Transport:
    """One authenticated HTTPS endpoint: base URL, Basic credentials, pool, policy.

    Every request goes through the Rust core: a shared tokio runtime, a reqwest
    connection pool (rustls), Basic auth, per-attempt timeouts, retries with
    backoff honouring ``Retry-After``, and the status -> exception mapping.
    The password is kept in Rust only; it never comes back to Python.
    """

    def __new__(
        cls,
        base_url: str,
        username: str,
        password: str,
        *,
        timeout: float = 30.0,
        connect_timeout: float = 5.0,
        max_retries: int = 2,
        verify: bool | str = True,
        user_agent: str | None = None,
        allow_insecure_http: bool = False,
    ) -> Transport: ...
    @property
    def base_url(self) -> str:
        """The API root, without a trailing slash."""
    @property
    def username(self) -> str:
        """The Basic-auth user name (API key or App ID)."""
    @property
    def timeout(self) -> float:
        """Default per-attempt timeout, in seconds."""
    @property
    def connect_timeout(self) -> float:
        """TCP connect plus TLS handshake timeout, in seconds."""
    @property
    def max_retries(self) -> int:
        """Extra attempts after the first one."""
    @property
    def verify(self) -> bool | str:
        """``True`` (system roots), a CA bundle path, or ``False``."""
    @property
    def user_agent(self) -> str:
        """The ``User-Agent`` header sent with every request."""
    def with_options(
        self,
        *,
        timeout: float | None = None,
        connect_timeout: float | None = None,
        max_retries: int | None = None,
        user_agent: str | None = None,
    ) -> Transport:
        """A copy with some options changed.

        Shares this transport's connection pool unless ``connect_timeout`` or
        ``user_agent`` change (those live in the pool's configuration).
        """
    def request(
        self,
        method: str,
        path: str,
        params: Sequence[tuple[str, str]] | None = None,
        json: Any = None,
        timeout: float | None = None,
    ) -> Any:
        """Send a request and wait for it, with the GIL released.

        ``path`` starts with ``/`` and is already percent-encoded; it is joined
        under the base URL. ``params`` are query pairs (repeat a key for a
        list). ``json`` is the request body (``None``: no body). Returns the
        decoded JSON, a ``str`` for a non-JSON 2xx body, or ``None`` for an
        empty body. Ctrl-C interrupts the wait within about 50 ms.
        """
    def start(
        self,
        method: str,
        path: str,
        params: Sequence[tuple[str, str]] | None = None,
        json: Any = None,
        timeout: float | None = None,
    ) -> PendingResponse:
        """Send a request in the background; collect it with :meth:`PendingResponse.wait`.

        Auto-pagination uses it to fetch the next page while the current one
        is consumed. Dropping the handle cancels the request.
        """
    def request_future(
        self,
        method: str,
        path: str,
        params: Sequence[tuple[str, str]] | None = None,
        json: Any = None,
        timeout: float | None = None,
    ) -> asyncio.Future[Any]:
        """Like :meth:`request`, as an asyncio future of the running loop.

        Must be called from a coroutine (it needs the running event loop).
        """

@final
class PendingResponse:
    """A request started by :meth:`Transport.start`, running on the core's runtime."""

    def wait(self) -> Any:
        """Wait for the answer and return it as :meth:`Transport.request` does (or raise).

        Can be called once; Ctrl-C cancels the request.
        """
    def cancel(self) -> None:
        """Cancel the request if it is still running."""
