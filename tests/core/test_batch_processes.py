"""A sync batch and processes: Ctrl-C (SIGINT) ends a blocked ``client.map``
promptly and cancels its calls, and a child forked after the parent ran a
batch runs batches of its own.

Ctrl-C runs in a subprocess, so the signal cannot hit pytest itself.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import sys
from typing import Any

import pytest

from support.clients import ClientFactory
from support.faultserver import FaultServer, Reply
from support.interrupts import interrupt_child


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child is POSIX only")
def test_ctrl_c_interrupts_a_batch(fault_server: FaultServer, ca_path: str) -> None:
    fault_server.script("/slow", Reply(delay=5, json="late"))
    # The first calls of the batch are in flight before the interrupt.
    child = interrupt_child(
        'client.map(functools.partial(client.request, "GET"), ["/slow"] * 8, concurrency=4)',
        fault_server.url,
        ca_path,
        lambda: len(fault_server.requests_to("/slow")) >= 4,
    )
    assert child.returncode == 0, (child.out, child.err)
    assert "interrupted after" in child.out
    # The server would answer after 5 s; the interrupt must not wait for it.
    assert child.waited < 4
    # The calls in flight were cancelled: the rest of the batch never went out.
    assert len(fault_server.requests_to("/slow")) == 4


def _get(client: Any) -> Any:
    return functools.partial(client.request, "GET")


def _child_batch(client: Any) -> None:
    """In the forked child: a batch on the inherited client works."""
    code = 0
    try:
        paths = [f"/n/{i}" for i in range(10)]
        if client.map(_get(client), paths, concurrency=5) != [{"ok": True}] * 10:
            code = 2
    except BaseException as error:
        print(f"child failed: {error!r}", file=sys.stderr, flush=True)
        code = 1
    # Skip the parent's atexit handlers and pytest's teardown in the child.
    os._exit(code)


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs the fork start method"
)
@pytest.mark.filterwarnings("ignore:.*fork.*:DeprecationWarning")
def test_a_forked_child_runs_batches(fault_server: FaultServer, make_client: ClientFactory) -> None:
    fault_server.script_fallback(lambda _request: Reply(json={"ok": True}))
    client = make_client()
    # The parent's runtime and connections are in use before the fork.
    assert client.map(_get(client), ["/a", "/b", "/c"]) == [{"ok": True}] * 3
    context = multiprocessing.get_context("fork")
    child = context.Process(target=_child_batch, args=(client,))
    child.start()
    child.join(timeout=20)
    if child.is_alive():
        child.kill()
        child.join()
        pytest.fail("the forked child hung")
    assert child.exitcode == 0
