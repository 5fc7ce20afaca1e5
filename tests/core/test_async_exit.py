"""An asyncio program that awaited requests exits cleanly.

Regression: completing asyncio futures from a Rust blocking thread that
takes the GIL crashed the interpreter at exit (segfault or abort) in most
runs once the process was confined to one core. The core now completes
futures on the event loop's own thread. Each run is a fresh interpreter,
so a crash shows as a non-zero exit code.
"""

from __future__ import annotations

import os
import subprocess
import sys

from support.clients import SECRET, USER
from support.faultserver import FaultServer, Reply

SCRIPT = """
import asyncio, os, sys
from emqx_platform import AsyncDeploymentClient
# One core makes the exit race (runtime threads vs. interpreter shutdown) likely.
os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
async def main():
    user, secret, url, ca = sys.argv[1:5]
    client = AsyncDeploymentClient(user, secret, base_url=url, verify=ca)
    for _ in range(20):
        await client.request("GET", "/clients")
    await asyncio.gather(*(client.request("GET", "/clients") for _ in range(20)))
asyncio.run(main())
print("done")
"""

RUNS = 6


def test_interpreter_exits_cleanly_after_awaited_requests(
    fault_server: FaultServer, ca_path: str
) -> None:
    fault_server.script("/clients", Reply(json={"data": [], "meta": {"hasnext": False}}))
    env = {k: v for k, v in os.environ.items() if not k.startswith("EMQX_")}
    results = [
        subprocess.run(
            [sys.executable, "-c", SCRIPT, USER, SECRET, fault_server.url, ca_path],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
            check=False,
        )
        for _ in range(RUNS)
    ]
    assert [(r.returncode, r.stdout.strip()) for r in results] == [(0, "done")] * RUNS, [
        r.stderr[-500:] for r in results
    ]
    assert len(fault_server.requests) == RUNS * 40
