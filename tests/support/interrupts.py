"""Ctrl-C in a child process: a script blocked in one SDK call gets SIGINT.

The child runs in its own interpreter, so the signal cannot hit pytest
itself. Python keeps SIGINT ignored if it started ignored (a background
job); the script installs the default handler, since what is tested is the
call, not that inheritance.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass

from support.waiting import block_until

SCRIPT = """
import functools, signal, sys, time
import emqx_platform

signal.signal(signal.SIGINT, signal.default_int_handler)

url, ca = sys.argv[1], sys.argv[2]
client = emqx_platform.PlatformClient("user", "secret", base_url=url, verify=ca,
                                      timeout=30, max_retries=0)
print("ready", flush=True)
started = time.monotonic()
try:
{call}
except KeyboardInterrupt:
    print(f"interrupted after {{time.monotonic() - started:.2f}}", flush=True)
    sys.exit(0)
print("not interrupted", flush=True)
sys.exit(3)
"""


@dataclass
class Interrupted:
    """How the child ended: its exit status, its output, and the seconds from
    the signal to its end."""

    returncode: int
    out: str
    err: str
    waited: float


def interrupt_child(
    call: str, url: str, ca_path: str, in_flight: Callable[[], object], settle: float = 0.0
) -> Interrupted:
    """Run ``call`` (Python, with ``client`` and ``functools`` at hand) in a child,
    send it SIGINT once ``in_flight()`` is true (and ``settle`` seconds more)."""
    script = SCRIPT.format(call=textwrap.indent(call.strip(), "    "))
    child = subprocess.Popen(
        [sys.executable, "-c", script, url, ca_path],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        block_until(in_flight)
        time.sleep(settle)
        sent = time.monotonic()
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=10)
        return Interrupted(child.returncode, out, err, time.monotonic() - sent)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
