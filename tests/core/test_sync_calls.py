"""Sync calls on the calling thread: the main thread drives its sequential
calls itself (its own runtime and keep-alive connections); overlapping
calls and calls from other threads share the process runtime and its
connections. These tests cover what that must not break: a keep-alive
connection the server closed while the thread was idle, a call made from a
signal handler while another call waits, connection reuse across threads,
and threads that exit (or an interpreter that exits) after making calls.
"""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from typing import Any

import pytest

import emqx_platform
from support.clients import ClientFactory
from support.faultserver import FaultServer, Reply
from support.waiting import block_until


def test_a_connection_the_server_closed_while_idle_is_not_reused(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    fault_server.idle_timeout = 0.2
    fault_server.script("/publish", Reply(json={"ok": True}))
    # POST is never retried after it may have been sent, so a stale
    # connection would surface as an error here.
    client = make_client(max_retries=0)
    assert client.request("POST", "/publish", json={"n": 1}) == {"ok": True}
    time.sleep(0.6)
    assert client.request("POST", "/publish", json={"n": 2}) == {"ok": True}
    ports = [r.client_port for r in fault_server.requests_to("/publish")]
    assert len(ports) == 2
    assert ports[0] != ports[1], "the second call must use a new connection"


def test_connections_are_reused_between_sequential_calls(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    fault_server.script("/x", Reply(json=1))
    client = make_client()
    for _ in range(5):
        assert client.request("GET", "/x") == 1
    ports = {r.client_port for r in fault_server.requests_to("/x")}
    assert len(ports) == 1


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs signal.setitimer")
def test_a_signal_handler_can_call_while_a_call_waits(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    fault_server.script("/slow", Reply(delay=0.6, json="slow"))
    fault_server.script("/fast", Reply(json="fast"))
    client = make_client(max_retries=0)
    from_handler: list[Any] = []

    def on_alarm(signum: int, frame: Any) -> None:
        from_handler.append(client.request("GET", "/fast"))

    previous = signal.signal(signal.SIGALRM, on_alarm)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.15)
        assert client.request("GET", "/slow") == "slow"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert from_handler == ["fast"]


def test_threads_that_made_calls_exit_cleanly(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    fault_server.script("/x", Reply(json="ok"))
    client = make_client()
    results: list[Any] = []
    for _ in range(10):
        # One thread at a time: sequential calls, from threads that end.
        thread = threading.Thread(target=lambda: results.append(client.request("GET", "/x")))
        thread.start()
        thread.join(timeout=10)
        assert not thread.is_alive()
    assert results == ["ok"] * 10
    assert client.request("GET", "/x") == "ok"


def test_sequential_calls_from_worker_threads_share_a_connection(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    # A web app's worker threads calling now and then must not each open
    # (and keep) a connection of their own.
    fault_server.script("/x", Reply(json="ok"))
    client = make_client()
    for _ in range(5):
        thread = threading.Thread(target=client.request, args=("GET", "/x"))
        thread.start()
        thread.join(timeout=10)
    ports = {r.client_port for r in fault_server.requests_to("/x")}
    assert len(fault_server.requests_to("/x")) == 5
    assert len(ports) == 1


FORK_SCRIPT = textwrap.dedent(
    """
    import os, sys
    import emqx_platform

    url, ca = sys.argv[1], sys.argv[2]
    client = emqx_platform.PlatformClient("user", "secret", base_url=url, verify=ca,
                                          timeout=3, max_retries=0)
    assert client.request("GET", "/x") == "ok"
    pid = os.fork()
    if pid == 0:
        # The child exits normally: its copy of the main thread's runtime is
        # dropped at exit, which must leave the parent's sockets alone.
        sys.exit(0)
    _, status = os.waitpid(pid, 0)
    print("child", os.waitstatus_to_exitcode(status), flush=True)
    # A POST is never retried: on a connection the child broke it would time out.
    print(client.request("POST", "/x", json={}), flush=True)
    """
)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_a_forked_child_exiting_normally_leaves_the_parent_working(
    fault_server: FaultServer, ca_path: str, host: str
) -> None:
    # With "localhost" the name is resolved on the runtime's blocking pool,
    # whose threads do not exist in the child: its exit must not wait for them.
    fault_server.script("/x", Reply(json="ok"))
    url = fault_server.url.replace("127.0.0.1", host)
    done = subprocess.run(
        [sys.executable, "-c", FORK_SCRIPT, url, ca_path],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["child", "0", "ok"]


def _open_connections(fault_server: FaultServer) -> int:
    # Each TLS connection is tracked twice: the raw socket (its descriptor
    # handed over, so -1) and its TLS wrapper.
    with fault_server._lock:
        return len({conn.fileno() for conn in fault_server._connections} - {-1})


def test_a_collected_clients_connection_closes_on_the_next_call(
    fault_server: FaultServer, ca_path: str
) -> None:
    fault_server.script("/x", Reply(json="ok"))
    options: dict[str, Any] = {"base_url": fault_server.url, "verify": ca_path}
    # A different user agent makes a separate pool, hence a separate connection.
    keeper = emqx_platform.PlatformClient("user", "secret", user_agent="keeper", **options)
    gone = emqx_platform.PlatformClient("user", "secret", user_agent="gone", **options)
    assert gone.request("GET", "/x") == "ok"
    assert keeper.request("GET", "/x") == "ok"
    assert _open_connections(fault_server) == 2
    gone.close()
    del gone
    gc.collect()
    assert keeper.request("GET", "/x") == "ok"
    block_until(lambda: _open_connections(fault_server) == 1, seconds=5)
    keeper.close()


EXIT_SCRIPT = textwrap.dedent(
    """
    import sys, threading
    import emqx_platform

    url, ca = sys.argv[1], sys.argv[2]
    client = emqx_platform.PlatformClient("user", "secret", base_url=url, verify=ca,
                                          timeout=10, max_retries=0)
    results = []
    def call():
        results.append(client.request("GET", "/x"))
    workers = [threading.Thread(target=call) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    results.append(client.request("GET", "/x"))
    # A worker thread still blocked in a call when the interpreter exits.
    threading.Thread(target=lambda: client.request("GET", "/slow"), daemon=True).start()
    print(results, flush=True)
    """
)


def test_the_interpreter_exits_cleanly_after_sync_calls_on_threads(
    fault_server: FaultServer, ca_path: str
) -> None:
    fault_server.script("/x", Reply(json="ok"))
    fault_server.script("/slow", Reply(delay=5, json="late"))
    for _ in range(3):
        done = subprocess.run(
            [sys.executable, "-c", EXIT_SCRIPT, fault_server.url, ca_path],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == str(["ok"] * 5)
