"""The fault server itself, checked with the standard library's HTTP client:
scripted sequences, raw paths, auth, and a prompt shutdown with a slow
reply pending. The other test files trust these behaviours."""

from __future__ import annotations

import http.client
import json
import ssl
import threading
import time

import pytest

from support.certificates import ServerCertificates
from support.faultserver import FaultServer, Reply
from support.waiting import block_until


def get(server: FaultServer, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    context = ssl.create_default_context(cafile=server.ca_path)
    connection = http.client.HTTPSConnection("127.0.0.1", server.port, context=context, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_sequence_then_last_reply_repeats(fault_server: FaultServer) -> None:
    fault_server.script("/x", Reply(status=503), Reply(status=200, json={"n": 2}))
    assert get(fault_server, "/x")[0] == 503
    assert get(fault_server, "/x") == (200, b'{"n": 2}')
    assert get(fault_server, "/x")[0] == 200
    assert len(fault_server.requests_to("/x")) == 3


def test_unscripted_path_is_an_emqx_404(fault_server: FaultServer) -> None:
    status, body = get(fault_server, "/nothing")
    assert status == 404
    assert json.loads(body)["code"] == "NOT_FOUND"


def test_raw_path_and_query_are_recorded(fault_server: FaultServer) -> None:
    fault_server.script("//a%2Fb/c", Reply())
    get(fault_server, "//a%2Fb/c?k=1&k=2", headers={"X-Test": "yes"})
    request = fault_server.last
    assert request.path == "//a%2Fb/c"
    assert request.query_pairs == [("k", "1"), ("k", "2")]
    assert request.headers["x-test"] == "yes"


def test_required_auth(fault_server: FaultServer) -> None:
    fault_server.require_auth()
    fault_server.script("/x", Reply(json=1))
    status, body = get(fault_server, "/x")
    assert status == 401
    assert json.loads(body)["code"] == "BAD_API_KEY_OR_SECRET"
    assert get(fault_server, "/x", {"Authorization": "Basic dXNlcjpzZWNyZXQ="}) == (200, b"1")


def test_stop_ends_a_pending_delay(certificates: ServerCertificates) -> None:
    server = FaultServer(certificates).start()
    server.script("/slow", Reply(delay=30))
    outcome: list[object] = []

    def call() -> None:
        try:
            outcome.append(get(server, "/slow"))
        except Exception as error:
            outcome.append(error)

    caller = threading.Thread(target=call)
    caller.start()
    block_until(lambda: server.requests)
    started = time.monotonic()
    server.stop()
    caller.join(timeout=10)
    assert not caller.is_alive()
    # The delayed reply was abandoned (connection closed), not sent 30 s later.
    assert isinstance(outcome[0], Exception)
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("truncate_at", [0, 5])
def test_truncated_body_is_short(fault_server: FaultServer, truncate_at: int) -> None:
    fault_server.script("/x", Reply(json={"long": "enough"}, truncate_at=truncate_at))
    with pytest.raises(http.client.IncompleteRead) as info:
        get(fault_server, "/x")
    assert len(info.value.partial) == truncate_at
