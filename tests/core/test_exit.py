"""A process exits cleanly while daemon threads' sync calls are answered.

Regression: on CPython 3.10-3.13 a thread that takes the GIL after the
interpreter started finalizing is ended with ``pthread_exit``, and ending a
thread inside the core's Rust frames aborts the process (SIGABRT). Two ways
got there: the sync caller's first JSON decode imported orjson lazily (an
import releases the GIL), and with logging on a runtime thread took the GIL
to forward each request's log record (and a handler writing it releases the
GIL again).

Each trial is a fresh interpreter whose daemon threads' calls are answered
around the moment it exits; a crash shows as a negative return code (the
signal). Trials run in parallel batches to keep the test short.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from support.clients import SECRET, USER
from support.faultserver import FaultServer, Reply

# argv: user, secret, url, ca. The main thread's own call is answered (as
# text, which needs no JSON decoder) at about the time the daemon threads'
# calls are, and the interpreter then exits. Slow imports (a cold disk) and a
# slow log handler (a file on a busy disk, a network handler) widen the
# moments in which a thread holds the GIL released inside the core.
SCRIPT = """
import importlib.abc, logging, sys, threading, time

class SlowImports(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "orjson":
            time.sleep(0.02)
        return None

class SlowHandler(logging.Handler):
    def emit(self, record):
        time.sleep(0.005)

sys.meta_path.insert(0, SlowImports())
logging.getLogger("emqx_platform").addHandler(SlowHandler())

from emqx_platform import PlatformClient
user, secret, url, ca = sys.argv[1:5]
client = PlatformClient(user, secret, base_url=url, verify=ca, timeout=10, max_retries=0)
for n in range({threads}):
    path = f"/slow/{{n}}"
    threading.Thread(target=client.request, args=("GET", path), daemon=True).start()
client.request("GET", "/exit-signal")
print("exiting")
"""

THREADS = 8
# The exit signal comes after ANSWER_DELAY; the daemon threads' answers are
# spread around it, ANSWER_SPREAD apart.
ANSWER_DELAY = 0.3
ANSWER_SPREAD = 0.002
TRIALS = 30
BATCH = 10


def run_trials(fault_server: FaultServer, ca_path: str, env: dict[str, str]) -> list[str]:
    """Run the trials; return a description of each one that did not exit cleanly."""
    fault_server.script("/exit-signal", Reply(body="exit", delay=ANSWER_DELAY))
    for n in range(THREADS):
        body = {"n": n, "items": [{"id": i, "name": f"item {i}"} for i in range(50)]}
        delay = ANSWER_DELAY + (n - THREADS // 2) * ANSWER_SPREAD
        fault_server.script(f"/slow/{n}", Reply(json=body, delay=delay))
    script = SCRIPT.format(threads=THREADS)
    argv = [sys.executable, "-c", script, USER, SECRET, fault_server.url, ca_path]
    failures = []
    for _ in range(TRIALS // BATCH):
        batch = [
            subprocess.Popen(
                argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
            )
            for _ in range(BATCH)
        ]
        for child in batch:
            stdout, stderr = child.communicate(timeout=60)
            if child.returncode != 0 or stdout.strip() != "exiting":
                failures.append(f"returncode {child.returncode}: {stderr[-300:]!r}")
    return failures


@pytest.mark.parametrize("log", ["", "debug"], ids=["logging-off", "logging-on"])
def test_no_abort_when_daemon_threads_are_answered_at_exit(
    fault_server: FaultServer, ca_path: str, log: str
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EMQX_")}
    if log:
        env["EMQX_LOG"] = log
    failures = run_trials(fault_server, ca_path, env)
    assert not failures, f"{len(failures)} of {TRIALS} trials failed: {failures[:3]}"
    # The daemon threads' calls were in flight when the trials exited.
    assert len(fault_server.requests_to("/exit-signal")) == TRIALS
    assert len(fault_server.requests) - TRIALS >= TRIALS * THREADS // 2
