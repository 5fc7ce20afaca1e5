"""A TCP front that refuses TLS clients not offering HTTP/2, as strict servers do.

Servers that speak HTTP/2 only and enforce ALPN (Go's, Node's, rustls-based
ones) answer a ClientHello without ``h2`` with a fatal
``no_application_protocol`` alert. Python's ``ssl`` cannot send that alert (it
goes on without ALPN), so this front reads the ClientHello itself: without
``h2`` it sends the alert and closes; with it, it relays the connection, bytes
untouched, to the TLS server behind it.
"""

from __future__ import annotations

import socket
import socketserver
import struct
from typing import Any

from support.background import BackgroundServer, relay

# A TLS 1.2-framed alert record: level fatal (2), no_application_protocol (120).
NO_APPLICATION_PROTOCOL_ALERT = bytes([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x78])

_ALPN_EXTENSION = 16


def offered_protocols(client_hello: bytes) -> list[bytes]:
    """The ALPN protocols of a ClientHello record (RFC 8446 4.1.2, RFC 7301)."""
    # Record header (5), handshake header (4), legacy_version (2), random (32).
    at = 5 + 4 + 2 + 32
    at += 1 + client_hello[at]  # legacy_session_id
    at += 2 + struct.unpack_from("!H", client_hello, at)[0]  # cipher_suites
    at += 1 + client_hello[at]  # legacy_compression_methods
    end = at + 2 + struct.unpack_from("!H", client_hello, at)[0]
    at += 2
    while at + 4 <= end:
        kind, length = struct.unpack_from("!HH", client_hello, at)
        at += 4
        if kind == _ALPN_EXTENSION:
            names, cursor = [], at + 2
            while cursor < at + length:
                size = client_hello[cursor]
                names.append(client_hello[cursor + 1 : cursor + 1 + size])
                cursor += 1 + size
            return names
        at += length
    return []


def _client_hello(conn: socket.socket) -> bytes:
    """The first TLS record, read whole (it may arrive in pieces)."""
    data = b""
    while len(data) < 5 or len(data) < 5 + struct.unpack_from("!H", data, 3)[0]:
        chunk = conn.recv(65536)
        if not chunk:
            raise ConnectionError("closed during the ClientHello")
        data += chunk
    return data


class AlpnGate(BackgroundServer):
    """Relay TLS connections to ``127.0.0.1:target_port`` if they offer ``h2``."""

    def __init__(self, target_port: int) -> None:
        super().__init__()
        self.target_port = target_port
        self.refused = 0
        server = _Server(("127.0.0.1", 0), socketserver.BaseRequestHandler)
        server.gate = self
        self._serve(server, "alpn-gate")

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def _relay(self, conn: socket.socket) -> None:
        hello = _client_hello(conn)
        if b"h2" not in offered_protocols(hello):
            with self._lock:
                self.refused += 1
            conn.sendall(NO_APPLICATION_PROTOCOL_ALERT)
            return
        with socket.create_connection(("127.0.0.1", self.target_port)) as upstream:
            self._track(upstream)
            try:
                upstream.sendall(hello)
                relay(conn, upstream, self._stopping)
            finally:
                self._untrack(upstream)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    gate: AlpnGate

    def finish_request(self, request: Any, client_address: Any) -> None:
        self.gate._track(request)
        try:
            self.gate._relay(request)
        except (OSError, ConnectionError, struct.error, IndexError):
            pass
        finally:
            self.gate._untrack(request)


__all__ = ["NO_APPLICATION_PROTOCOL_ALERT", "AlpnGate", "offered_protocols"]
