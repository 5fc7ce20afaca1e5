"""Sync batches over HTTP/2: on Python's main thread, once the server is known
to speak HTTP/2, a batch runs on that thread's own runtime and HTTP/2
connection (no answer crosses threads); from other threads, over the shared
connection. The server (``support.h2server``) counts the connections it
accepts and the protocol of each request."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from typing import Any

import pytest

import emqx_platform
from support.certificates import ServerCertificates
from support.clients import SECRET, USER
from support.h2server import H2Server


@pytest.fixture
def server(certificates: ServerCertificates) -> Iterator[H2Server]:
    with H2Server(certificates, http1=True) as server:
        yield server


def _client(server: H2Server, ca_path: str) -> emqx_platform.PlatformClient:
    return emqx_platform.PlatformClient(
        USER, SECRET, base_url=server.url, verify=ca_path, timeout=10.0, max_retries=0
    )


def _batch(client: emqx_platform.PlatformClient, count: int) -> list[Any]:
    paths = [f"/item/{i}" for i in range(count)]
    return client.map(functools.partial(client.request, "GET"), paths, concurrency=16)


def test_the_main_threads_batches_share_one_connection_of_its_own(
    server: H2Server, ca_path: str
) -> None:
    with _client(server, ca_path) as client:
        # Cold: the shared pool learns that the server speaks HTTP/2.
        assert _batch(client, 50) == [{"ok": True}] * 50
        cold = server.stats()
        assert cold.requests["h2"] >= 45, cold
        for _ in range(3):
            assert _batch(client, 50) == [{"ok": True}] * 50
        warm = server.stats()
        # One more connection, the main thread's own, for every later batch.
        assert warm.connections == cold.connections + 1, (cold, warm)
        assert warm.requests["h2"] == cold.requests["h2"] + 150, warm


def test_other_threads_batches_use_the_shared_connection(server: H2Server, ca_path: str) -> None:
    with _client(server, ca_path) as client:
        assert _batch(client, 50) == [{"ok": True}] * 50
        cold = server.stats()
        results: list[Any] = []
        thread = threading.Thread(target=lambda: results.append(_batch(client, 50)))
        thread.start()
        thread.join(timeout=60)
        assert results == [[{"ok": True}] * 50]
        warm = server.stats()
        assert warm.connections == cold.connections, (cold, warm)
        assert warm.requests["h2"] == cold.requests["h2"] + 50, warm


def test_batches_work_against_an_http2_only_server(
    certificates: ServerCertificates, ca_path: str
) -> None:
    with H2Server(certificates, http1=False) as server, _client(server, ca_path) as client:
        for _ in range(3):
            assert _batch(client, 40) == [{"ok": True}] * 40
