"""Native core of emqx-platform (Rust, pyo3): HTTPS transport and emulator.

Private: users hold the pure-Python clients in ``emqx_platform``; this stub is
checked against the compiled module by ``mypy.stubtest``.
"""

import asyncio
import contextvars
import os
from collections.abc import Callable, Generator, Sequence
from typing import Any, final

__all__ = [
    "DEFAULT_CONNECT_TIMEOUT",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "MAX_RESPONSE_BYTES",
    "MAX_RETRIES",
    "MAX_SECONDS",
    "EmulatorServer",
    "PendingResponse",
    "RequestFuture",
    "Transport",
    "__version__",
    "checked_tls_upload",
    "is_dot_segment",
    "set_wait_scale",
    "wait_scale",
]

__version__: str

DEFAULT_TIMEOUT: float
"""Seconds each attempt may take, when ``timeout`` is ``None``."""
DEFAULT_CONNECT_TIMEOUT: float
"""Seconds for the TCP connect plus the TLS handshake, when ``connect_timeout`` is ``None``."""
DEFAULT_MAX_RETRIES: int
"""Extra attempts after a failed first one, when ``max_retries`` is ``None``."""
DEFAULT_MAX_RESPONSE_BYTES: int
"""The largest response body read, when ``max_response_bytes`` is ``None``."""
MAX_SECONDS: float
"""The largest ``timeout`` and ``connect_timeout`` (one day)."""
MAX_RETRIES: int
"""The largest ``max_retries``."""
MAX_RESPONSE_BYTES: int
"""The largest ``max_response_bytes`` (1 GiB)."""

def wait_scale() -> float:
    """The share of each retry wait (backoff, ``Retry-After``) that is slept (1.0 by default)."""

def set_wait_scale(scale: float) -> None:
    """Sleep ``scale`` (above 0, at most 1) of each retry wait, in every client of the process."""

def is_dot_segment(segment: str) -> bool:
    """Whether URL parsing would resolve this encoded path segment away (``.``, ``%2e``, ...)."""

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
        timeout: float | None = None,
        connect_timeout: float | None = None,
        max_retries: int | None = None,
        verify: bool | str = True,
        user_agent: str | None = None,
        allow_insecure_http: bool = False,
        proxy: bool | str = True,
        max_response_bytes: int | None = None,
    ) -> Transport:
        """Options left as ``None`` take the ``DEFAULT_*`` values of this module;
        each is checked here (``TypeError``, ``ValueError`` naming it), as in
        ``with_options()`` and ``request(timeout=...)``.

        ``proxy``: ``True`` takes it from ``EMQX_PROXY``, ``HTTPS_PROXY`` or
        ``ALL_PROXY`` (read now), ``False`` uses none, a string is the proxy URL.
        Loopback hosts, ``NO_PROXY`` hosts and plain ``http://`` requests are
        never proxied."""
    @property
    def base_url(self) -> str:
        """The API root, without a trailing slash."""
    @property
    def username(self) -> str:
        """The Basic-auth user name (API key or App ID)."""
    @property
    def masked_username(self) -> str:
        """The user name as a ``repr`` may show it: its first four characters, or none."""
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
    @property
    def proxy(self) -> str | None:
        """The proxy URL of HTTPS requests, without its credentials, or ``None``."""
    @property
    def max_response_bytes(self) -> int:
        """The largest response body a call reads."""
    def with_options(
        self,
        *,
        timeout: float | None = None,
        connect_timeout: float | None = None,
        max_retries: int | None = None,
        user_agent: str | None = None,
        max_response_bytes: int | None = None,
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
        accept: str | None = None,
    ) -> Any:
        """Send a request and wait for it, with the GIL released.

        ``path`` starts with ``/`` and is already percent-encoded; it is joined
        under the base URL. ``params`` are query pairs (repeat a key for a
        list). ``json`` is the request body (``None``: no body). ``accept`` is
        the ``Accept`` header (``application/json`` by default). Returns the
        decoded JSON, ``bytes`` for an ``application/octet-stream`` or zip
        (``application/zip``, ``application/x-zip``) body, a ``str`` for another
        non-JSON 2xx body, or ``None`` for an empty body. Ctrl-C interrupts the wait
        within about 50 ms.
        """
    def request_many(
        self,
        requests: Sequence[
            tuple[str, str, Sequence[tuple[str, str]] | None, Any, float | None, str | None]
        ],
        concurrency: int,
        stop_at_first_error: bool,
        stop_at_error_code: bool = False,
    ) -> list[Any]:
        """Send many requests, at most ``concurrency`` (1 to 100) in flight, and
        wait for all of them with the GIL released (Ctrl-C cancels them).

        Each request is a tuple of ``request()``'s arguments; all are checked
        before any is sent. Returns the answers in order, a failed call's
        exception in its place. With ``stop_at_first_error``, the first call to
        fail ends the batch (the others are cancelled or never sent): its
        exception is in its place and ``None`` everywhere else. With
        ``stop_at_error_code`` too, so does the first answer that is a JSON
        object whose ``code`` is a non-zero integer (EMQX 4's errors, under a
        2xx status): that answer, decoded, is in its place, for the caller to
        raise.
        """
    def check(
        self,
        method: str,
        path: str,
        params: Sequence[tuple[str, str]] | None = None,
        json: Any = None,
        timeout: float | None = None,
        accept: str | None = None,
    ) -> None:
        """Check a request's arguments as ``request()`` would (``ValueError``,
        ``TypeError``), without sending it."""
    def start(
        self,
        method: str,
        path: str,
        params: Sequence[tuple[str, str]] | None = None,
        json: Any = None,
        timeout: float | None = None,
        accept: str | None = None,
    ) -> PendingResponse:
        """Send a request in the background; collect it with ``PendingResponse.wait()``.

        Auto-pagination uses it to fetch the next page while the current one
        is consumed. Dropping the handle cancels the request. A child process
        forked meanwhile sends the request again when it waits (an idempotent
        method; any other raises ``RuntimeError`` there).
        """
    def request_future(
        self,
        method: str,
        path: str,
        params: Sequence[tuple[str, str]] | None = None,
        json: Any = None,
        timeout: float | None = None,
        accept: str | None = None,
    ) -> RequestFuture | asyncio.Future[Any]:
        """Like ``request()``, as an asyncio future of the running loop.

        Must be called from a coroutine (it needs the running event loop).
        A ``RequestFuture`` on loops that can watch a socket
        (``add_reader``), else a plain asyncio future.
        """

@final
class RequestFuture:
    """The answer of ``Transport.request_future()``: an asyncio-compatible future.

    ``asyncio.isfuture`` accepts it, and tasks, ``gather``, ``wait`` and
    ``wait_for`` treat it as an asyncio future. Cancelling it aborts the
    request. When the answer arrives, its done callbacks run at once in their
    contexts (no ``call_soon`` round through the loop per callback).
    """

    _asyncio_future_blocking: bool
    def get_loop(self) -> asyncio.AbstractEventLoop:
        """The event loop the future belongs to."""
    def done(self) -> bool:
        """Whether it has a result or an exception, or was cancelled."""
    def cancelled(self) -> bool:
        """Whether it was cancelled."""
    def result(self) -> Any:
        """The decoded answer; raises the call's exception, ``CancelledError``,
        or ``InvalidStateError`` while pending."""
    def exception(self) -> BaseException | None:
        """The call's exception, or ``None`` after a success."""
    def add_done_callback(
        self,
        callback: Callable[[RequestFuture], object],
        *,
        context: contextvars.Context | None = None,
    ) -> None:
        """Call ``callback(future)`` once done, in ``context`` (default: a copy of the current)."""
    def remove_done_callback(self, callback: Callable[[RequestFuture], object]) -> int:
        """Forget every registration of ``callback``; return how many there were."""
    def cancel(self, msg: Any | None = None) -> bool:
        """Cancel and abort the request; ``False`` if already done."""
    def __await__(self) -> Generator[Any, None, Any]: ...
    def __iter__(self) -> RequestFuture: ...
    def __next__(self) -> RequestFuture:
        """Itself while pending (for the awaiting task); when done, ``StopIteration``
        carrying the result, or the exception."""

@final
class PendingResponse:
    """A request started by ``Transport.start()``, running on the core's runtime."""

    def wait(self) -> Any:
        """Wait for the answer and return it as ``Transport.request()`` does (or raise).

        Can be called once; Ctrl-C cancels the request.
        """
    def cancel(self) -> None:
        """Cancel the request if it is still running."""

@final
class EmulatorServer:
    """The emulator's HTTPS server, running on the core's runtime.

    Wrapped by ``emqx_platform.testing.Emulator``; values are plain
    JSON-shaped Python objects.
    """

    def __new__(
        cls,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        transition_seconds: float = 2.0,
        rate_limits: bool = True,
    ) -> EmulatorServer: ...
    @property
    def address(self) -> tuple[str, int]:
        """``(host, port)`` the server listens on."""
    @property
    def base_url(self) -> str:
        """``https://HOST:PORT``."""
    @property
    def ca_cert_pem(self) -> str:
        """PEM of the CA that signed the server certificate."""
    @property
    def platform_base_url(self) -> str:
        """The Platform API root."""
    @property
    def platform_credentials(self) -> tuple[str, str]:
        """``(api_key, api_secret)`` of the Platform API."""
    def deployments(self) -> list[dict[str, Any]]:
        """The seeded deployments (with App Secrets): ``[0]`` dedicated, ``[1]`` serverless."""
    def connect_client(
        self,
        deployment_id: str,
        clientid: str,
        username: str | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Simulate an MQTT client connecting; returns the client object the API shows.

        Raises ``ValueError`` for an unknown deployment or one that is not running.
        """
    def disconnect_client(self, deployment_id: str, clientid: str) -> bool:
        """Simulate an MQTT client disconnecting; returns whether it existed."""
    def inject_fault(
        self,
        path: str,
        *,
        method: str | None = None,
        status: int | None = None,
        body: Any = None,
        delay: float | None = None,
        drop_connection: bool = False,
        retry_after: str | None = None,
        times: int | None = 1,
    ) -> None:
        """Make requests whose path matches the regex ``path`` fail or stall."""
    def clear_faults(self) -> None:
        """Remove every fault."""
    def requests(self) -> list[dict[str, Any]]:
        """The requests received so far, oldest first (no credentials)."""
    def published(self, deployment_id: str) -> list[dict[str, Any]]:
        """Messages accepted by publish on a deployment."""
    def reset(self) -> None:
        """Back to the seeded state; credentials kept."""
    def shutdown(self) -> None:
        """Stop serving (idempotent)."""
    def connection_count(self) -> int:
        """Open connections."""

def checked_tls_upload(
    cert: str | os.PathLike[str],
    key: str | os.PathLike[str],
    cacert: str | os.PathLike[str] | None = None,
) -> tuple[str, str, str | None]:
    """The PEM texts of a TLS upload (read from the files paths name), checked.

    ``cert`` holds X.509 certificates only (the leaf first, valid now),
    ``key`` exactly one unencrypted private key (PKCS#1, SEC 1 or PKCS#8)
    that is the leaf's, ``cacert`` X.509 certificates only. A ``str`` that
    looks like a file name is refused: pass a ``pathlib.Path``.

    Raises:
        ValueError: What is wrong, naming the field (never the key's content).
        TypeError: A source that is neither ``str`` nor ``os.PathLike[str]``.
        OSError: A file cannot be read.
    """
