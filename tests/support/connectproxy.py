"""A small HTTP proxy on 127.0.0.1 that records what it is asked and tunnels ``CONNECT``.

The client never sends loopback targets through a proxy, so tests address the
fault server by a name only this proxy knows (``hosts``, e.g. ``emqx.test`` ->
``127.0.0.1``), as a corporate proxy resolves names the client cannot. Like a
proxy on another machine, it cannot reach the client's loopback: a ``CONNECT``
to any other target is answered 502, as is a plain-HTTP forward request
(``GET http://...``), which is recorded first, headers included, so a test
sees the credentials a client would have leaked.

With ``require_auth`` a ``CONNECT`` without that ``Proxy-Authorization``
(Basic) is answered 407. With ``tls`` (a server context) it is an
``https://`` proxy: the client speaks TLS to the proxy too. One thread per
connection; :meth:`ConnectProxy.stop` closes every open tunnel.
"""

from __future__ import annotations

import base64
import socket
import socketserver
import ssl
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from support.background import BackgroundServer, relay

_MAX_HEAD = 64 * 1024


@dataclass(frozen=True)
class ProxyRequest:
    """One request the proxy received: ``CONNECT emqx.test:443`` or a forward request."""

    method: str
    target: str
    headers: dict[str, str]  # names lower-cased


class _Handler(socketserver.BaseRequestHandler):
    server: _Server

    def handle(self) -> None:
        proxy = self.server.proxy
        client: socket.socket = self.request
        head = _read_head(client)
        if head is None:
            return
        request = _parse_head(head)
        with proxy._lock:
            proxy.requests.append(request)
        if request.method != "CONNECT":
            client.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            return
        if proxy.required_auth is not None:
            user, password = proxy.required_auth
            token = base64.b64encode(f"{user}:{password}".encode()).decode()
            if request.headers.get("proxy-authorization") != f"Basic {token}":
                client.sendall(
                    b"HTTP/1.1 407 Proxy Authentication Required\r\n"
                    b'Proxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n'
                )
                return
        host, _, port = request.target.rpartition(":")
        address = proxy.hosts.get(host)
        if address is None:
            client.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            return
        try:
            upstream = socket.create_connection((address, int(port)), timeout=5)
        except OSError:
            client.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            return
        proxy._track(upstream)
        try:
            client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            relay(client, upstream, proxy._stopping)
        finally:
            proxy._untrack(upstream)
            upstream.close()


def _read_head(conn: socket.socket) -> bytes | None:
    """The request line and headers, or ``None`` if the client left first.

    Read byte by byte, so nothing after the blank line (the start of the
    tunnelled TLS handshake) is consumed here.
    """
    head = b""
    while not head.endswith(b"\r\n\r\n"):
        byte = conn.recv(1)
        if not byte or len(head) > _MAX_HEAD:
            return None
        head += byte
    return head


def _parse_head(head: bytes) -> ProxyRequest:
    request_line, *header_lines = head.decode("latin-1").split("\r\n")
    method, target, _version = request_line.split(" ", 2)
    headers: dict[str, str] = {}
    for line in header_lines:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    return ProxyRequest(method=method, target=target, headers=headers)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    proxy: ConnectProxy

    def finish_request(self, request: Any, client_address: Any) -> None:
        conn = request
        self.proxy._track(request)
        try:
            if self.proxy.tls is not None:
                conn = self.proxy.tls.wrap_socket(request, server_side=True)
                self.proxy._track(conn)
            _Handler(conn, client_address, self)
        except OSError:
            pass  # the client gave up, or rejected the certificate
        finally:
            self.proxy._untrack(conn)
            self.proxy._untrack(request)
            conn.close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Broken connections are part of the tests; do not print tracebacks."""


class ConnectProxy(BackgroundServer):
    """The proxy; use as a context manager or call start()/stop()."""

    def __init__(
        self,
        hosts: dict[str, str] | None = None,
        *,
        required_auth: tuple[str, str] | None = None,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        super().__init__()
        self.hosts = dict(hosts or {})
        self.tls = tls
        self.required_auth = required_auth
        self.requests: list[ProxyRequest] = []
        server = _Server(("127.0.0.1", 0), _Handler)
        server.proxy = self
        self._serve(server, "connect-proxy")

    @property
    def url(self) -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://127.0.0.1:{self.port}"

    def url_with(self, user: str, password: str) -> str:
        """The proxy URL carrying credentials (percent-encoded)."""
        scheme, address = self.url.split("://")
        return f"{scheme}://{quote(user, safe='')}:{quote(password, safe='')}@{address}"
