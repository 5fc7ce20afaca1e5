"""An HTTPS server on 127.0.0.1 that speaks HTTP/2 (the ``h2`` package).

It offers HTTP/2 alone, or HTTP/2 and HTTP/1.1 (ALPN picks), and counts the
TLS connections it accepts, so tests can tell how many connections a burst of
calls opened and which protocol each request came over.

Every request is answered ``200 {"ok": true}``, after ``?delay=SECONDS`` when
given. An answer whose stream the client reset meanwhile (a request that
timed out) is still sent, as a bare HEADERS frame, as from a server (or a
proxy in front of it) that does not drop an answer on a reset: arriving
over a second after the reset, it makes the client's HTTP/2 layer count a
"local error reset".

The server runs its own event loop on a thread of its own, so sync calls from
the test's thread (GIL released) and async calls on the test's loop both work.
"""

from __future__ import annotations

import asyncio
import json
import ssl
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import h2.config
import h2.connection
import h2.events
import h2.exceptions
import h2.settings
import hyperframe.frame
from typing_extensions import Self

from support.certificates import ServerCertificates

OK_BODY = json.dumps({"ok": True}).encode()

# HPACK for ":status: 200" from the static table: touches no dynamic table,
# so it can be sent outside the h2 connection's encoder.
STATUS_200_BLOCK = b"\x88"


@dataclass
class Stats:
    """What the server saw (read with the server's lock held)."""

    connections: int = 0
    # Requests by protocol: "h2" or "http/1.1".
    requests: Counter[str] = field(default_factory=Counter)
    # Answers sent for streams the client had already reset.
    late_answers: int = 0


class H2Server:
    """Serve HTTPS on 127.0.0.1 (a free port) until :meth:`stop`."""

    def __init__(self, certificates: ServerCertificates, *, http1: bool) -> None:
        self._context = certificates.server_context()
        self._context.set_alpn_protocols(["h2", "http/1.1"] if http1 else ["h2"])
        self._http1 = http1
        self._lock = threading.Lock()
        self._stats = Stats()
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self.port = 0

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def stats(self) -> Stats:
        with self._lock:
            return Stats(
                self._stats.connections, Counter(self._stats.requests), self._stats.late_answers
            )

    def start(self) -> Self:
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(self._listen(), self._loop)
        self.port = future.result(timeout=10)
        return self

    async def _listen(self) -> int:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0, ssl=self._context)
        port: int = self._server.sockets[0].getsockname()[1]
        return port

    def stop(self) -> None:
        async def close() -> None:
            if self._server is not None:
                self._server.close()
            for writer in self._writers:
                # Aborted, not closed: a client that is not reading (a thread's
                # own connection, driven only while that thread is in a call)
                # would never answer TLS's close_notify.
                writer.transport.abort()
            # Connections end once their sockets close (and cancel their
            # pending answers).
            others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            if others:
                await asyncio.wait(others, timeout=5)

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with self._lock:
            self._stats.connections += 1
        self._writers.add(writer)
        ssl_object: ssl.SSLObject = writer.get_extra_info("ssl_object")
        try:
            if self._http1 and ssl_object.selected_alpn_protocol() != "h2":
                await self._serve_http1(reader, writer)
            else:
                await _Http2Connection(self, reader, writer).serve()
        except (ConnectionError, asyncio.IncompleteReadError, ssl.SSLError):
            pass
        finally:
            self._writers.discard(writer)
            writer.close()

    def count_request(self, protocol: str) -> None:
        with self._lock:
            self._stats.requests[protocol] += 1

    def count_late_answer(self) -> None:
        with self._lock:
            self._stats.late_answers += 1

    async def _serve_http1(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        """Keep-alive HTTP/1.1, enough for the SDK's requests."""
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            target = lines[0].split(" ")[1]
            length = 0
            for line in lines[1:]:
                name, _, value = line.partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            await reader.readexactly(length)
            self.count_request("http/1.1")
            await asyncio.sleep(_delay(target))
            writer.write(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                + f"content-length: {len(OK_BODY)}\r\n\r\n".encode()
                + OK_BODY
            )
            await writer.drain()


def _delay(target: str) -> float:
    return float(dict(parse_qsl(urlsplit(target).query)).get("delay", "0"))


class _Http2Connection:
    """One HTTP/2 connection: requests in, answers out after their delay."""

    def __init__(
        self, server: H2Server, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self._server = server
        self._reader = reader
        self._writer = writer
        config = h2.config.H2Configuration(client_side=False, header_encoding="utf-8")
        self._conn = h2.connection.H2Connection(config=config)
        self._reset: set[int] = set()
        self._answers: set[asyncio.Task[None]] = set()

    async def serve(self) -> None:
        # Room for many requests in flight (the late-answer test keeps a
        # hundred out plus the ones it checks).
        self._conn.local_settings = h2.settings.Settings(
            client=False, initial_values={h2.settings.SettingCodes.MAX_CONCURRENT_STREAMS: 1000}
        )
        self._conn.initiate_connection()
        self._flush()
        try:
            while data := await self._reader.read(65536):
                try:
                    events = self._conn.receive_data(data)
                except h2.exceptions.ProtocolError:
                    # Not HTTP/2 (an HTTP/1.1 request where only h2 is
                    # offered): the GOAWAY tells such a client nothing it can
                    # parse, as with real HTTP/2-only servers.
                    self._flush()
                    return
                for event in events:
                    self._handle(event)
                self._flush()
        finally:
            for task in self._answers:
                task.cancel()

    def _handle(self, event: h2.events.Event) -> None:
        if isinstance(event, h2.events.RequestReceived):
            headers: dict[Any, Any] = dict(event.headers or [])
            self._server.count_request("h2")
            task = asyncio.create_task(
                self._answer(event.stream_id, _delay(str(headers.get(":path", "/"))))
            )
            self._answers.add(task)
            task.add_done_callback(self._answers.discard)
        elif isinstance(event, h2.events.StreamReset):
            self._reset.add(event.stream_id)
        elif isinstance(event, h2.events.DataReceived):
            self._conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)

    async def _answer(self, stream_id: int, delay: float) -> None:
        await asyncio.sleep(delay)
        if stream_id in self._reset:
            frame = hyperframe.frame.HeadersFrame(stream_id, STATUS_200_BLOCK)
            frame.flags.add("END_HEADERS")
            frame.flags.add("END_STREAM")
            self._writer.write(frame.serialize())
            self._server.count_late_answer()
            return
        try:
            self._conn.send_headers(
                stream_id,
                [
                    (":status", "200"),
                    ("content-type", "application/json"),
                    ("content-length", str(len(OK_BODY))),
                ],
            )
            self._conn.send_data(stream_id, OK_BODY, end_stream=True)
        except h2.exceptions.StreamClosedError:
            return
        self._flush()

    def _flush(self) -> None:
        data = self._conn.data_to_send()
        if data:
            self._writer.write(data)
