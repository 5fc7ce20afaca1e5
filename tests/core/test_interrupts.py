"""Interrupts and processes: Ctrl-C (SIGINT) ends a blocked sync request with
KeyboardInterrupt promptly, and a ``multiprocessing`` child started with fork
after the parent used a client can still make requests.

Ctrl-C runs in a subprocess, so the signal cannot hit pytest itself.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from typing import Any

import pytest

import emqx_platform
from support.clients import SECRET, USER, ClientFactory
from support.faultserver import FaultServer, Reply
from support.interrupts import interrupt_child


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child is POSIX only")
def test_ctrl_c_interrupts_a_blocked_sync_request(fault_server: FaultServer, ca_path: str) -> None:
    fault_server.script("/slow", Reply(delay=5, json="late"))
    # Wait until the request is really in flight before interrupting it.
    child = interrupt_child(
        'client.request("GET", "/slow")',
        fault_server.url,
        ca_path,
        lambda: fault_server.requests_to("/slow"),
        settle=0.5,
    )
    print(child.out, child.err)
    assert child.returncode == 0, (child.out, child.err)
    assert "interrupted after" in child.out
    # The server would answer after 5 s; the interrupt must not wait for it.
    assert child.waited < 4


def _child_request(client: Any, url: str, ca_path: str) -> None:
    """In the forked child: the inherited client and a new one both work."""
    code = 0
    try:
        if client.request("GET", "/x") != {"pid": "any"}:
            code = 2
        with emqx_platform.PlatformClient(
            USER, SECRET, base_url=url, verify=ca_path, timeout=5, max_retries=0
        ) as fresh:
            if fresh.request("GET", "/x") != {"pid": "any"}:
                code = 3
    except BaseException as error:
        print(f"child failed: {error!r}", file=sys.stderr, flush=True)
        code = 1
    # Skip the parent's atexit handlers and pytest's teardown in the child.
    os._exit(code)


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs the fork start method"
)
# Python 3.12+ warns about fork() in a process with threads (the fault server
# has some); the SDK must cope with exactly that situation.
@pytest.mark.filterwarnings("ignore:.*fork.*:DeprecationWarning")
def test_fork_child_can_use_the_sdk(
    fault_server: FaultServer, make_client: ClientFactory, ca_path: str
) -> None:
    fault_server.script("/x", Reply(json={"pid": "any"}))
    client = make_client()
    # The parent has used the runtime (and has a pooled connection) before forking.
    assert client.request("GET", "/x") == {"pid": "any"}
    context = multiprocessing.get_context("fork")
    child = context.Process(target=_child_request, args=(client, fault_server.url, ca_path))
    child.start()
    child.join(timeout=20)
    if child.is_alive():
        child.kill()
        child.join()
        pytest.fail("the forked child hung")
    assert child.exitcode == 0
    assert len(fault_server.requests_to("/x")) == 3
    # And the parent still works after the fork.
    assert client.request("GET", "/x") == {"pid": "any"}
