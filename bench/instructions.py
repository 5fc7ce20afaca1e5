"""Count the instructions a client spends per request, under callgrind.

Each client and workload runs in its own process under ``valgrind
--tool=callgrind``, twice: N requests, then N+M. Per request is
(count(N+M) - count(N)) / M, so start-up, imports, the TLS handshake and the
first requests' one-off work cancel out. Only the client runs under valgrind
(the server is the native ``bench-server``); every thread of the client is
counted. Unlike the wall clock this hardly depends on what else the machine
runs. Started by ``bench/instructions``; see ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from harness import (
    ASYNC_CLIENTS,
    RUST_BIN,
    RUST_LOOPS,
    SYNC_CLIENTS,
    Server,
    cpu_model,
    pin,
    start_server,
    versions,
)

HERE = Path(__file__).resolve().parent
WORKLOADS = ["small_seq", "page_seq", "publish_seq"]
REFERENCE = "rust reqwest h1 1-thread"
# The SDK and the two best peers of the latest full wall-clock run (run M in
# RESULTS.md), sync and async; the sequential Rust ceiling as a reference.
CLIENTS = [REFERENCE, "emqx_platform", "emqx_platform async", "pyreqwest", "pyreqwest async",
           "primp", "primp async"]  # fmt: skip
# A page costs 30-50 times a small request, so fewer pages make the start-up's
# small wobble as negligible per request: page_seq runs M / 5 of them.
M_DIVISOR = {"page_seq": 5}
# A random hash seed changes the layout of dicts and sets, and so the work
# of every run; fixed, the two runs of a pair do the same start-up work.
FIXED_ENV = {"PYTHONHASHSEED": "0"}


@dataclass
class Measure:
    client: str
    workload: str
    n: int
    m: int
    # (instructions with N requests, with N+M), one pair per repeat.
    pairs: list[tuple[int, int]] = field(default_factory=list)

    @property
    def per_request(self) -> list[float]:
        return [(high - low) / self.m for low, high in self.pairs]

    @property
    def fixed(self) -> list[float]:
        """What a run costs besides its requests: start-up, imports, TLS."""
        return [
            low - self.n * per for (low, _), per in zip(self.pairs, self.per_request, strict=True)
        ]


def command(client: str, extras: dict[str, tuple[str, str, dict[str, str]]]
            ) -> tuple[list[str], dict[str, str]]:  # fmt: skip
    """The command line (before the workload's arguments) and environment."""
    if client in RUST_LOOPS:
        return [str(RUST_BIN / "bench-ceiling"), *RUST_LOOPS[client]], {}
    if client in extras:
        base_client, python, env = extras[client]
        return [python, str(HERE / "clients.py"), "--client", base_client], env
    return [sys.executable, str(HERE / "clients.py"), "--client", client], {}


def callgrind_total(path: Path) -> int:
    """The instruction count in a callgrind output file (all threads)."""
    summary = None
    for line in path.read_text().splitlines():
        if line.startswith("totals:"):
            return int(line.split()[1])
        if line.startswith("summary:"):
            summary = int(line.split()[1])
    if summary is None:
        raise RuntimeError(f"no totals in {path}")
    return summary


def count(label: str, cmd: list[str], env: dict[str, str], workload: str, requests: int,
          server: Server, core: str | None) -> int:  # fmt: skip
    """Instructions of one client process (`label`) doing `requests` requests."""
    with tempfile.TemporaryDirectory(prefix="emqx-callgrind-") as tmp:
        argv = [*pin(core), "valgrind", "--tool=callgrind", "--trace-children=no",
                f"--callgrind-out-file={tmp}/callgrind.out.%p", *cmd,
                "--workload", workload, "--base", server.base, "--ca", server.ca,
                # No warm-up (its count would follow the clock) and no deadline.
                "--warmup", "0", "--duration", "1e9", "--max-requests", str(requests)]  # fmt: skip
        with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, **FIXED_ENV, **env}) as p:  # fmt: skip
            try:
                out, err = p.communicate(timeout=1800)
            except subprocess.TimeoutExpired:
                p.kill()
                p.communicate()
                raise RuntimeError(f"{label} {workload}: timed out") from None
        lines = [x for x in out.splitlines() if x.startswith("{")]
        done = json.loads(lines[-1])["requests"] if lines else None
        if p.returncode != 0 or done != requests:
            tail = " | ".join(err.strip().splitlines()[-3:])
            raise RuntimeError(f"{label} {workload}: exit {p.returncode}, {done} requests: {tail}")
        return callgrind_total(Path(tmp) / f"callgrind.out.{p.pid}")


def render(measures: list[Measure], clients: list[str], workloads: list[str],
           meta: dict[str, Any]) -> str:  # fmt: skip
    by = {(x.client, x.workload): x for x in measures}

    def ref(w: str) -> float | None:
        x = by.get((REFERENCE, w))
        return statistics.median(x.per_request) if x and x.pairs else None

    def cell(x: Measure | None, w: str) -> str:
        if x is None or not x.pairs:
            return "failed"
        per = x.per_request
        text = f"{statistics.median(per) / 1e3:,.1f}"
        if len(per) > 1:
            text += f" ±{(max(per) - min(per)) / 2 / statistics.median(per) * 100:.1f}%"
        r = ref(w)
        return text + (
            f" ({statistics.median(per) / r:.2f})" if r and x.client != REFERENCE else ""
        )

    header = ["| client | " + " | ".join(workloads) + " |", "|---" * (len(workloads) + 1) + "|"]
    lines = [f"Run {meta['date']} on {meta['machine']}.", "",
             f"- {meta['command']}",
             f"- N = {meta['n']}, M = {meta['m']} (page_seq: M / {M_DIVISOR['page_seq']}): "
             "per request = (count(N+M) - count(N)) / M; "
             f"{meta['repeat']} pair(s) of runs per cell; {meta['minutes']:.1f} min in all",
             f"- {meta['valgrind']}, client process only, all its threads (user space: "
             "the kernel's share of system calls is not counted); PYTHONHASHSEED=0",
             "- versions: " + ", ".join(f"{k} {v}" for k, v in meta["versions"].items()),
             "", "### Instructions per request (thousands)", "",
             f"In parentheses: relative to `{REFERENCE}` (lower is better); with repeats, "
             "± is half the range over the repeats.", "", *header]  # fmt: skip
    for c in clients:
        lines.append(f"| {c} | " + " | ".join(cell(by.get((c, w)), w) for w in workloads) + " |")
    lines += ["", "### Fixed cost of a run (millions: start-up, imports, TLS handshake)", "",
              *header]  # fmt: skip
    for c in clients:
        cells = [f"{statistics.median(x.fixed) / 1e6:,.0f}" if (x := by.get((c, w))) and x.pairs
                 else "failed" for w in workloads]  # fmt: skip
        lines.append(f"| {c} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--n", type=int, default=20, help="requests of the shorter run")
    p.add_argument("--m", type=int, default=1000, help="requests the longer run adds")
    p.add_argument("--repeat", type=int, default=1, help="pairs of runs per client and workload")
    p.add_argument("--workloads", default=",".join(WORKLOADS))
    p.add_argument("--clients", default=",".join(CLIENTS), help="comma-separated")
    p.add_argument("--jobs", type=int, default=2, help="valgrind processes at once")
    p.add_argument(
        "--extra",
        action="append",
        default=[],
        metavar="NAME=CLIENT@PYTHON[@K=V,...]",
        help="also count CLIENT run by another interpreter (e.g. a venv holding a patched "
        "build of the SDK) and environment, as NAME; repeatable",
    )
    p.add_argument("--out", default=str(HERE / "out" / "instructions.md"))
    p.add_argument("--json", default=str(HERE / "out" / "instructions.json"))
    a = p.parse_args()
    if a.n < 1 or a.m < 1 or a.repeat < 1 or a.jobs < 1:
        raise SystemExit("--n, --m, --repeat and --jobs must be at least 1")

    extras: dict[str, tuple[str, str, dict[str, str]]] = {}
    for spec in a.extra:
        name, _, rest = spec.partition("=")
        base_client, python, *envs = rest.split("@")
        extras[name] = (base_client, python, dict(kv.split("=", 1) for e in envs
                                                  for kv in e.split(",") if kv))  # fmt: skip
    clients = [c.strip() for c in a.clients.split(",") if c.strip()] + list(extras)
    known = [*RUST_LOOPS, *SYNC_CLIENTS, *ASYNC_CLIENTS, *extras]
    if unknown := [c for c in clients if c not in known]:
        raise SystemExit(f"unknown clients: {', '.join(unknown)} (known: {', '.join(known)})")
    workloads = [w for w in a.workloads.split(",") if w]
    if unknown := [w for w in workloads if w not in WORKLOADS]:
        raise SystemExit(f"unknown workloads: {', '.join(unknown)} (known: {WORKLOADS})")

    measures = [Measure(c, w, a.n, max(1, a.m // M_DIVISOR.get(w, 1))) for w in workloads
                for c in clients]  # fmt: skip
    jobs = [(x, k) for x in measures for _ in range(a.repeat) for k in (x.n, x.n + x.m)]
    # Counts hardly depend on timing, so pinning only keeps a single job off
    # the server's core; parallel jobs share both cores.
    two_cores = (os.cpu_count() or 1) > 1
    core = "1" if a.jobs == 1 and two_cores else None
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="emqx-bench-") as tmp:
        server = start_server(Path(tmp), "0" if two_cores else None, 1)
        try:

            def one(job: tuple[Measure, int]) -> int | None:
                x, requests = job
                cmd, env = command(x.client, extras)
                try:
                    total = count(x.client, cmd, env, x.workload, requests, server, core)
                except RuntimeError as e:
                    print(f"FAILED {e}", flush=True)
                    return None
                print(f"{x.workload:<11} {x.client:<26} {requests:>5} requests: {total:>15,} "
                      f"instructions ({time.monotonic() - t0:.0f} s)", flush=True)  # fmt: skip
                return total

            with ThreadPoolExecutor(a.jobs) as pool:
                totals = list(pool.map(one, jobs))
        finally:
            assert server.proc.stdin is not None
            server.proc.stdin.close()
            server.proc.wait(timeout=10)
    for (x, _), low, high in zip(jobs[::2], totals[::2], totals[1::2], strict=True):
        if low is not None and high is not None:
            x.pairs.append((low, high))

    valgrind = subprocess.run(["valgrind", "--version"], capture_output=True, text=True)
    meta: dict[str, Any] = {
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "machine": f"{os.cpu_count()} cores, {cpu_model()}, {platform.system()} "
        f"{platform.release()}",
        "command": " ".join(["bench/instructions", *sys.argv[1:]]),
        "n": a.n,
        "m": a.m,
        "repeat": a.repeat,
        "minutes": (time.monotonic() - t0) / 60,
        "valgrind": valgrind.stdout.strip(),
        "versions": versions(),
    }
    text = render(measures, clients, workloads, meta)
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    Path(a.out).write_text(text)
    rows = [{**asdict(x), "per_request": x.per_request, "fixed": x.fixed} for x in measures]
    Path(a.json).write_text(json.dumps({"meta": meta, "measures": rows}, indent=1))
    print("\n" + text)
    print(f"written to {a.out} (raw counts: {a.json})")


if __name__ == "__main__":
    main()
