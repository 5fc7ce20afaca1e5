"""Raw TCP endpoints on 127.0.0.1 for connect-phase failures.

No test sends traffic outside 127.0.0.0/8: a "black hole" is a listener that
accepts and then never speaks TLS, so the client's handshake stalls until its
``connect_timeout``; a "slammer" accepts and closes at once, so the handshake
fails immediately. Both count accepted connections, i.e. connect attempts.
"""

from __future__ import annotations

import socket
import threading

from typing_extensions import Self


class SilentListener:
    """Accepts TCP connections and then either holds them silently or closes them."""

    def __init__(self, *, close_immediately: bool = False) -> None:
        self._close_immediately = close_immediately
        self._sock = socket.create_server(("127.0.0.1", 0), backlog=64)
        self._sock.settimeout(0.05)
        self._held: list[socket.socket] = []
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self.accepted = 0
        self._thread = threading.Thread(target=self._run, name="silent-listener", daemon=True)

    @property
    def port(self) -> int:
        return int(self._sock.getsockname()[1])

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self.accepted += 1
                if self._close_immediately:
                    conn.close()
                else:
                    self._held.append(conn)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stopping.set()
        self._thread.join(timeout=5)
        self._sock.close()
        with self._lock:
            for conn in self._held:
                conn.close()


def closed_port() -> int:
    """A loopback port with nothing listening: connecting is refused.

    The port is bound and released, so another process could take it in
    between; on a test machine that race is negligible.
    """
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
