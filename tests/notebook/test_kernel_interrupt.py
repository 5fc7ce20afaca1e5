"""Interrupting a Jupyter kernel ends an async ``wait_for_status`` at once.

A real ipykernel (started on this interpreter, as in the notebook tour)
runs a top-level ``await`` of a wait with a 65 s poll interval; the test
interrupts the kernel the way Jupyter's stop button does
(``KernelManager.interrupt_kernel``) once the wait has polled, and the cell
must end with an interrupt long before the next poll would have come.
"""

from __future__ import annotations

import json
import os
import queue
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jupyter_client.manager import KernelManager

KERNEL = "emqx-platform-interrupt"
# Far below the 65 s poll interval, far above how long an interrupt takes.
DEADLINE = 20.0

SETUP = """
from emqx_platform.testing import Emulator

emu = Emulator()
dep = emu.deployments[0]
platform = emu.async_platform_client()
"""

WAIT = """
print("waiting", flush=True)
await platform.deployments.wait_for_status(dep.id, "stopped", poll_interval=65)
"""


@pytest.fixture
def kernel(tmp_path: Path) -> Iterator[tuple[KernelManager, Any]]:
    """A started kernel on this interpreter and a ready client of it."""
    spec = tmp_path / "kernels" / KERNEL
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    spec.joinpath("kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": KERNEL, "language": "python"})
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_PATH", str(tmp_path))
        patch.setenv("JUPYTER_PLATFORM_DIRS", "1")
        for name in [n for n in os.environ if n.startswith("EMQX_")]:
            patch.delenv(name, raising=False)
        manager = KernelManager(kernel_name=KERNEL)
        manager.start_kernel()
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        yield manager, client
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def _run(client: Any, code: str, until: float, on_stdout: Any = None) -> dict[str, Any]:
    """Execute ``code``; return its ``execute_reply`` content (calling ``on_stdout`` per print)."""
    msg_id = client.execute(code)
    while True:
        try:
            message = client.get_iopub_msg(timeout=max(until - time.monotonic(), 0.1))
        except queue.Empty:
            raise AssertionError("the cell did not end in time") from None
        if message["parent_header"].get("msg_id") != msg_id:
            continue
        if message["msg_type"] == "stream" and on_stdout is not None:
            on_stdout(message["content"]["text"])
        if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
            break
    reply: dict[str, Any] = client.get_shell_msg(timeout=10)["content"]
    return reply


def test_interrupting_the_kernel_ends_an_async_wait(
    kernel: tuple[KernelManager, Any],
) -> None:
    manager, client = kernel
    setup = _run(client, SETUP, time.monotonic() + 60)
    assert setup["status"] == "ok", setup

    def interrupt_once_waiting(text: str) -> None:
        if "waiting" in text:
            # Let the first poll go out, so the interrupt lands in the sleep.
            time.sleep(1.5)
            manager.interrupt_kernel()

    reply = _run(client, WAIT, time.monotonic() + DEADLINE, on_stdout=interrupt_once_waiting)

    assert reply["status"] == "error"
    assert reply["ename"] in ("KeyboardInterrupt", "CancelledError"), reply["ename"]
    # The kernel survives the interrupt and runs the next cell.
    after = _run(client, "platform", time.monotonic() + 30)
    assert after["status"] == "ok", after
