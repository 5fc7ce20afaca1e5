"""The lifecycle that the test servers share: serve on a daemon thread, stop at once.

Stopping shuts down the accept loop, then the open connections, so that
handler threads blocked reading an idle keep-alive connection (or pumping a
tunnel) end with the test instead of lingering.
"""

from __future__ import annotations

import contextlib
import select
import socket
import socketserver
import ssl
import threading

from typing_extensions import Self


class BackgroundServer:
    """A ``socketserver`` server on 127.0.0.1, served by a daemon thread.

    Subclasses build ``server`` (bound to port 0) and pass it to
    :meth:`_serve`; their handlers call :meth:`_track` / :meth:`_untrack`
    around each connection and may watch :attr:`_stopping`.
    """

    _server: socketserver.BaseServer

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._connections: set[socket.socket] = set()

    def _serve(self, server: socketserver.TCPServer, name: str) -> None:
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.01},
            name=name,
            daemon=True,
        )

    @property
    def port(self) -> int:
        address = self._server.server_address
        assert isinstance(address, tuple)
        return int(address[1])

    def _track(self, conn: socket.socket) -> None:
        with self._lock:
            self._connections.add(conn)

    def _untrack(self, conn: socket.socket) -> None:
        with self._lock:
            self._connections.discard(conn)

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._server.shutdown()
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            # socket.socket.shutdown on an SSLSocket skips the TLS layer,
            # which a handler thread may be using.
            with contextlib.suppress(OSError):
                socket.socket.shutdown(conn, socket.SHUT_RDWR)
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def relay(a: socket.socket, b: socket.socket, stopping: threading.Event) -> None:
    """Copy bytes both ways until either side closes or ``stopping`` is set."""
    peers = {a: b, b: a}
    while not stopping.is_set():
        # A TLS socket may hold decrypted bytes that select cannot see.
        buffered = [c for c in peers if isinstance(c, ssl.SSLSocket) and c.pending()]
        readable = buffered or select.select(list(peers), [], [], 0.05)[0]
        for conn in readable:
            try:
                data = conn.recv(65536)
                if not data:
                    return
                peers[conn].sendall(data)
            except OSError:
                return
