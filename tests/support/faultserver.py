"""A small HTTPS server on 127.0.0.1 whose every answer a test scripts.

Each test scripts the replies for a path (status, JSON or raw body, headers,
delay, dropped connection, truncated body, or a sequence of them to count
retries), or a function that answers every other path, and then asserts on
:attr:`FaultServer.requests`, the log of every request received (method, raw
path, query, headers, body).

The server is a ``ThreadingHTTPServer``: one thread per connection, so a slow
reply never blocks another request. The TLS handshake runs in that thread too,
not in the accept loop, so a client that stalls its handshake cannot block
other clients. Delays wait on an event that :meth:`FaultServer.stop` sets, so a
"slow" endpoint ends as soon as its test does.
"""

from __future__ import annotations

import base64
import json as jsonlib
import select
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

from support.background import BackgroundServer
from support.certificates import ServerCertificates

BAD_CREDENTIALS_BODY = {
    "code": "BAD_API_KEY_OR_SECRET",
    "message": "Check api_key/api_secret",
}


@dataclass(frozen=True)
class Reply:
    """One scripted answer.

    ``json`` (any JSON value) or ``body`` (raw bytes/str) sets the body; with
    neither the body is empty. ``truncate_at`` sends only that many bytes of
    the body while announcing its full ``Content-Length``, then closes.
    ``drop`` closes the connection without answering. ``echo`` answers 200
    with the request body as JSON. ``repeat`` sends the body that many times
    (a large body without holding it in memory); ``chunked`` sends it with
    ``Transfer-Encoding: chunked`` (one chunk per repetition) instead of a
    ``Content-Length``.
    """

    status: int = 200
    json: Any = None
    body: bytes | str | None = None
    content_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False
    truncate_at: int | None = None
    echo: bool = False
    repeat: int = 1
    chunked: bool = False

    def payload(self, request_body: bytes) -> tuple[bytes, str | None]:
        """The body bytes and the content type to send."""
        if self.echo:
            return request_body, "application/json"
        if self.body is not None:
            raw = self.body.encode() if isinstance(self.body, str) else self.body
            return raw, self.content_type or "text/plain; charset=utf-8"
        if self.json is not None:
            return jsonlib.dumps(self.json).encode(), self.content_type or "application/json"
        return b"", self.content_type


def emqx_error(status: int, code: str, message: str, **extra: Any) -> Reply:
    """A reply with the EMQX error body ``{"code": ..., "message": ...}``."""
    return Reply(status=status, json={"code": code, "message": message}, **extra)


@dataclass(frozen=True)
class RecordedRequest:
    """A request as the server received it (path and query still percent-encoded)."""

    method: str
    path: str
    query: str
    headers: dict[str, str]  # names lower-cased
    body: bytes
    client_port: int
    received_at: float  # time.monotonic()

    @property
    def query_pairs(self) -> list[tuple[str, str]]:
        """Decoded query pairs in order, repeated keys kept."""
        return parse_qsl(self.query, keep_blank_values=True)

    def json(self) -> Any:
        return jsonlib.loads(self.body)


class _Handler(BaseHTTPRequestHandler):
    # HTTP/1.1 with keep-alive, so tests can see connection reuse (client_port).
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; with Nagle on, the body
    # waits for the client's delayed ACK (40 ms per request).
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output clean."""

    def setup(self) -> None:
        # http.server closes a keep-alive connection idle for `timeout` seconds.
        self.timeout = self.server.fault.idle_timeout  # type: ignore[misc]
        super().setup()

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        # The request target as sent: http.server rewrites a leading "//"
        # in self.path (an open-redirect guard), which tests must see.
        target = self.requestline.split(" ")[1]
        raw_path, _, query = target.partition("?")
        fault = self.server.fault
        recorded = RecordedRequest(
            method=self.command,
            path=raw_path,
            query=query,
            headers={name.lower(): value for name, value in self.headers.items()},
            body=body,
            client_port=self.client_address[1],
            received_at=time.monotonic(),
        )
        reply = fault._record_and_pick(recorded)
        if reply.delay and not self._client_stays(reply.delay, recorded.path):
            self.close_connection = True
            return
        if reply.drop:
            self.close_connection = True
            return
        self._send(reply, body)

    def _client_stays(self, delay: float, path: str) -> bool:
        """Wait ``delay`` seconds before answering; ``False`` if the server
        stops or the client leaves meanwhile (recorded in ``abandoned``).

        A client waiting for its answer sends nothing more, so the socket
        turning readable means it closed the connection (a cancelled or
        timed-out request).
        """
        fault = self.server.fault
        deadline = time.monotonic() + delay
        while (left := deadline - time.monotonic()) > 0:
            if fault._stopping.is_set():
                return False
            readable, _, _ = select.select([self.connection], [], [], min(left, 0.05))
            if readable:
                with fault._lock:
                    fault.abandoned.append(path)
                return False
        return not fault._stopping.is_set()

    def _send(self, reply: Reply, request_body: bytes) -> None:
        payload, content_type = reply.payload(request_body)
        self.send_response(reply.status)
        if content_type:
            self.send_header("Content-Type", content_type)
        if reply.chunked:
            self.send_header("Transfer-Encoding", "chunked")
        elif reply.status not in (204, 304):
            self.send_header("Content-Length", str(len(payload) * reply.repeat))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if reply.truncate_at is not None:
            self.wfile.write(payload[: reply.truncate_at])
            self.wfile.flush()
            self.close_connection = True
            return
        if self.command != "HEAD" and reply.status not in (204, 304):
            self._send_body(payload, reply)

    def _send_body(self, payload: bytes, reply: Reply) -> None:
        fault = self.server.fault
        for _ in range(reply.repeat):
            if fault._stopping.is_set():
                self.close_connection = True
                return
            if reply.chunked:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(payload), payload))
            else:
                self.wfile.write(payload)
            with fault._lock:
                fault.body_bytes_sent += len(payload)
        if reply.chunked:
            self.wfile.write(b"0\r\n\r\n")

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _handle


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # Up to 50 concurrent connects in the concurrency tests: a small backlog
    # would drop SYNs and add a 1 s retransmit.
    request_queue_size = 128
    fault: FaultServer

    def finish_request(self, request: Any, client_address: Any) -> None:
        conn = request
        fault = self.fault
        fault._track(conn)
        try:
            if fault._tls is not None:
                try:
                    conn = fault._tls.wrap_socket(request, server_side=True)
                except (ssl.SSLError, OSError):
                    # The client rejected our certificate, or it is a
                    # handshake test: nothing to answer.
                    fault.tls_failures += 1
                    return
                fault._track(conn)
            _Handler(conn, client_address, self)
        except (ConnectionError, ssl.SSLError, OSError):
            # The client gave up (timeout, cancel) while we were answering.
            pass
        finally:
            fault._untrack(conn)
            fault._untrack(request)
            conn.close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Broken connections are part of the tests; do not print tracebacks."""


class FaultServer(BackgroundServer):
    """The scriptable server; use as a context manager or call start()/stop()."""

    def __init__(self, certificates: ServerCertificates | None) -> None:
        super().__init__()
        self._tls = certificates.server_context() if certificates else None
        self.ca_path: str | None = str(certificates.ca_path) if certificates else None
        self._scripts: dict[str, list[Reply]] = {}
        self._fallback: Callable[[RecordedRequest], Reply] | None = None
        self.requests: list[RecordedRequest] = []
        self.tls_failures = 0
        # Body bytes written so far (a client that stops reading stops it).
        self.body_bytes_sent = 0
        # Paths whose client closed the connection while the reply was delayed.
        self.abandoned: list[str] = []
        self.required_auth: tuple[str, str] | None = None
        # Seconds after which the server closes an idle keep-alive connection.
        self.idle_timeout: float | None = None
        server = _Server(("127.0.0.1", 0), _Handler, bind_and_activate=True)
        server.fault = self
        self._serve(server, "fault-server")

    @property
    def url(self) -> str:
        scheme = "https" if self._tls else "http"
        return f"{scheme}://127.0.0.1:{self.port}"

    # -- scripting ---------------------------------------------------------

    def script(self, path: str, *replies: Reply) -> None:
        """Answer requests to ``path`` (raw, percent-encoded) with ``replies`` in
        order; the last one then repeats."""
        if not replies:
            raise ValueError("script() needs at least one reply")
        with self._lock:
            self._scripts[path] = list(replies)

    def script_fallback(self, answer: Callable[[RecordedRequest], Reply]) -> None:
        """Answer requests to every path without a script with ``answer(request)``
        (instead of a 404)."""
        with self._lock:
            self._fallback = answer

    def require_auth(self, username: str = "user", password: str = "secret") -> None:
        """Answer 401 with the EMQX error body unless Basic auth matches."""
        self.required_auth = (username, password)

    def _record_and_pick(self, request: RecordedRequest) -> Reply:
        with self._lock:
            self.requests.append(request)
            if self.required_auth is not None:
                token = base64.b64encode(":".join(self.required_auth).encode()).decode()
                if request.headers.get("authorization") != f"Basic {token}":
                    return Reply(status=401, json=BAD_CREDENTIALS_BODY)
            queue = self._scripts.get(request.path)
            if not queue and self._fallback is not None:
                return self._fallback(request)
            if not queue:
                return emqx_error(404, "NOT_FOUND", f"nothing scripted for {request.path}")
            return queue.pop(0) if len(queue) > 1 else queue[0]

    # -- inspection --------------------------------------------------------

    def requests_to(self, path: str) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    @property
    def last(self) -> RecordedRequest:
        with self._lock:
            return self.requests[-1]
