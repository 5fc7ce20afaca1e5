"""Run the benchmark: start the server, run every client on every workload in
rotating order for several rounds, and write a markdown table of medians.

Normally started by ``bench/run``; see ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RUST_BIN = HERE / "rust" / "target" / "release"
WORKLOADS = ["small_seq", "page_seq", "publish_seq", "conc64", "batch64", "iterate"]
# batch64 (64 in flight through `client.map`) runs for the SDK only; its
# ratios are to the conc64 ceiling of the same round, and the peers' figure
# to beat is their conc64 (64 threads, 64 tasks).
BATCH_WORKLOAD, BATCH_CEILING = "batch64", "conc64"
# The ceiling of a round is the best of these plain reqwest + tokio loops:
# the default multi-thread runtime with HTTP/2 (ALPN) wins with 64 in flight,
# a current-thread runtime over HTTP/1.1 wins sequential loops.
CEILINGS = {
    "rust reqwest h2": [],
    "rust reqwest h1 1-thread": ["--http1", "--current-thread"],
}
# With --budget, conc64 only (see `budget`): reqwest's own share of a request,
# and the floor of a sync call without HTTP. References, never a ceiling.
REQWEST_ALONE = "rust reqwest alone"
FLOOR_SYNC = "floor: blocked thread"
REFERENCES = {REQWEST_ALONE: ["--lean"]}
BUDGET = [REQWEST_ALONE, FLOOR_SYNC]
# The flags of every run of `bench-ceiling`, ceilings and references alike.
RUST_LOOPS = {**CEILINGS, **REFERENCES}
SYNC_CLIENTS = ["emqx_platform", "emqx_platform._core", "requests", "httpx", "pyreqwest", "primp",
                "httpr"]  # fmt: skip
ASYNC_CLIENTS = ["emqx_platform async", "emqx_platform uvloop", "emqx_platform._core async",
                 "httpx async", "aiohttp",
                 "pyreqwest async", "primp async", "httpr async"]  # fmt: skip
SDK_SYNC, SDK_ASYNC = "emqx_platform", "emqx_platform async"
PEERS_SYNC = ["requests", "httpx", "pyreqwest", "primp", "httpr"]
PEERS_ASYNC = ["httpx async", "aiohttp", "pyreqwest async", "primp async", "httpr async"]
BATCH_CLIENTS = [SDK_SYNC, SDK_ASYNC]
# issue 19: sync batch64 against every peer's 64-thread figure.
BATCH_OVER_PEERS = 1.5
# issue 6: the SDK's ratio to the ceiling, per workload.
TARGETS = [
    (SDK_SYNC, "small_seq", 0.90),
    (SDK_SYNC, "publish_seq", 0.90),
    (SDK_SYNC, "conc64", 0.80),
    (SDK_SYNC, "batch64", 0.80),
    (SDK_ASYNC, "small_seq", 0.65),
    (SDK_ASYNC, "conc64", 0.75),
    (SDK_SYNC, "page_seq", 1.5),
]


@dataclass
class Run:
    client: str
    workload: str
    round: int
    result: dict[str, Any] | None
    rc: int
    error: str = ""
    protocol: str = ""
    conns: int = 0
    load: float = 0.0
    # CPU seconds used by other processes than the server and this client
    # during the run, per second of the run (0.0: a quiet machine).
    foreign: float = 0.0

    @property
    def rps(self) -> float:
        assert self.result is not None
        return self.result["requests"] / self.result["wall"]

    @property
    def cpu_us(self) -> float:
        assert self.result is not None
        return self.result["cpu"] / max(1, self.result["requests"]) * 1e6


@dataclass
class Server:
    proc: subprocess.Popen[bytes]
    port: int
    ca: str
    ctx: ssl.SSLContext = field(init=False)

    def __post_init__(self) -> None:
        self.ctx = ssl.create_default_context(cafile=self.ca)

    @property
    def base(self) -> str:
        return f"https://127.0.0.1:{self.port}/api/v5"

    def stats(self) -> dict[str, int]:
        url = f"https://127.0.0.1:{self.port}/bench/stats"
        with urllib.request.urlopen(url, context=self.ctx, timeout=10) as r:
            return json.loads(r.read())  # type: ignore[no-any-return]


CLK_TCK = os.sysconf("SC_CLK_TCK")


def busy_seconds() -> float:
    """CPU seconds all processes have used so far (the busy part of /proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / CLK_TCK


def process_seconds(pid: int) -> float:
    """CPU seconds used by process `pid` (all its threads)."""
    stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(stat[11]) + int(stat[12])) / CLK_TCK


def loadavg() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def pin(core: str | None) -> list[str]:
    return ["taskset", "-c", core] if core is not None and shutil.which("taskset") else []


def start_server(tmp: Path, core: str | None, threads: int) -> Server:
    cmd = [*pin(core), str(RUST_BIN / "bench-server"), "--dir", str(tmp),
           "--threads", str(threads), "--max-seconds", "7200"]  # fmt: skip
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line:
        raise SystemExit("bench-server did not start")
    info = json.loads(line)
    return Server(proc, info["port"], info["ca"])


def run_one(server: Server, client: str, workload: str, rnd: int, a: argparse.Namespace) -> Run:
    common = ["--workload", workload, "--base", server.base, "--ca", server.ca,
              "--duration", str(a.duration), "--warmup", str(a.warmup)]  # fmt: skip
    env = None
    if client in RUST_LOOPS:
        cmd = [*pin(a.client_core), str(RUST_BIN / "bench-ceiling"), *common, *RUST_LOOPS[client]]
    elif client in a.extras:
        base_client, python, extra_env = a.extras[client]
        env = {**os.environ, **extra_env}
        cmd = [*pin(a.client_core), python, str(HERE / "clients.py"), "--client", base_client,
               *common]  # fmt: skip
    else:
        cmd = [*pin(a.client_core), sys.executable, str(HERE / "clients.py"), "--client", client,
               *common]  # fmt: skip
    before = server.stats()
    load = loadavg()
    busy0, server0, t0 = busy_seconds(), process_seconds(server.proc.pid), time.monotonic()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=a.duration * 4 + 120,
                           env=env)  # fmt: skip
        out, err, rc = p.stdout, p.stderr, p.returncode
    except subprocess.TimeoutExpired as e:
        out, err, rc = (
            (e.stdout or b"").decode() if isinstance(e.stdout, bytes) else (e.stdout or ""),
            "timed out",
            -9,
        )
    elapsed = time.monotonic() - t0
    busy = busy_seconds() - busy0
    server_cpu = process_seconds(server.proc.pid) - server0
    after = server.stats()
    result = None
    for line in reversed(out.splitlines()):
        if line.startswith("{"):
            result = json.loads(line)
            break
    h1, h2 = after["h1"] - before["h1"], after["h2"] - before["h2"]
    protocol = "h2" if h2 > h1 else "h1"
    error = ""
    if result is None:
        error = (err.strip().splitlines() or ["no output"])[-1][:200]
    elif rc != 0:
        error = f"exit status {rc} after reporting"
    # The client's whole process (start-up included), from the kernel's count.
    client_cpu = 0.0
    if result is not None:
        client_cpu = float(result.get("process_cpu", result["cpu"]))
    foreign = max(0.0, busy - server_cpu - client_cpu) / elapsed
    return Run(client, workload, rnd, result, rc, error, protocol,
               after["conns"] - before["conns"], load, foreign)  # fmt: skip


def fmt_rps(x: float) -> str:
    return f"{x:,.0f}"


def median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def versions() -> dict[str, str]:
    from importlib import metadata

    v = {"python": platform.python_version()}
    for name in ["emqx-platform", "requests", "httpx", "aiohttp", "pyreqwest", "primp", "httpr"]:
        try:
            v[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            v[name] = "missing"
    try:
        v["rustc"] = subprocess.run(["rustc", "-V"], capture_output=True, text=True).stdout.strip()
    except OSError:
        v["rustc"] = "?"
    try:
        v["sdk commit"] = subprocess.run(
            ["git", "-C", str(HERE.parent), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        v["sdk commit"] = "?"
    return v


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "?"


def render(runs: list[Run], clients: list[str], workloads: list[str], meta: dict[str, Any]) -> str:
    ok = [r for r in runs if r.result is not None]
    by: dict[tuple[str, str], list[Run]] = {}
    for r in ok:
        by.setdefault((r.client, r.workload), []).append(r)
    best: dict[tuple[str, int], float] = {}  # (workload, round) -> ceiling req/s
    for r in ok:
        if r.client in CEILINGS:
            key = (r.workload, r.round)
            best[key] = max(best.get(key, 0.0), r.rps)

    def ratio(r: Run) -> float | None:
        c = best.get((BATCH_CEILING if r.workload == BATCH_WORKLOAD else r.workload, r.round))
        if c is None or r.result is None:
            return None
        return r.rps / c  # iterate: pages/s, so the inverse ratio of the times

    def med_ratio(client: str, workload: str) -> float:
        return median([x for r in by.get((client, workload), []) if (x := ratio(r)) is not None])

    lines = [f"Run {meta['date']} on {meta['machine']}.", ""]
    lines += [f"- load average (1 min) before: {meta['load_before']:.2f}, during runs: "
              f"median {meta['load_median']:.2f}, max {meta['load_max']:.2f}; "
              f"after: {meta['load_after']:.2f} (the benchmark itself keeps both cores busy, "
              f"so it adds about 2 during the runs)",
              f"- CPU used by other processes during the runs (cores): median "
              f"{meta['foreign_median']:.2f}, max {meta['foreign_max']:.2f}",
              f"- {meta['rounds']} rounds, each running every client once per workload in a "
              f"rotating order; {meta['duration']} s timed per run after {meta['warmup']} s "
              f"warm-up; medians over rounds",
              f"- server pinned to core {meta['server_core']}, clients to core "
              f"{meta['client_core']}; HTTPS over 127.0.0.1, Basic auth, TLS 1.3",
              "- versions: " + ", ".join(f"{k} {v}" for k, v in meta["versions"].items()),
              ""]  # fmt: skip
    timed = [w for w in workloads if w != "iterate"]
    if timed:
        lines += ["### Requests/s (ratio to the best `rust reqwest` ceiling of the same round)", ""]
        lines += ["| client | " + " | ".join(timed) + " |", "|---" * (len(timed) + 1) + "|"]
        for c in clients:
            cells = []
            for w in timed:
                rs = by.get((c, w), [])
                if not rs:
                    cells.append("-" if c in BUDGET or w == BATCH_WORKLOAD else "failed")
                    continue
                cells.append(f"{fmt_rps(median([r.rps for r in rs]))} ({med_ratio(c, w):.2f})")
            lines.append(f"| {c} | " + " | ".join(cells) + " |")
        lines += ["", "### CPU time per request (µs, client process, all threads)", ""]
        lines += ["| client | " + " | ".join(timed) + " |", "|---" * (len(timed) + 1) + "|"]
        for c in clients:
            cells = [f"{median([r.cpu_us for r in by.get((c, w), [])]):.0f}"
                     if by.get((c, w)) else "-" for w in timed]  # fmt: skip
            lines.append(f"| {c} | " + " | ".join(cells) + " |")
    if "iterate" in workloads:
        lines += ["", "### iterate: 100,000 clients in 1,000 pages of 100", ""]
        lines += ["| client | time (s) | ratio | CPU (s) | peak RSS (MB) | RSS growth after "
                  "page 100 (MB) | how |", "|---|---|---|---|---|---|---|"]  # fmt: skip
        for c in clients:
            rs = by.get((c, "iterate"), [])
            if not rs:
                continue
            res = [r.result for r in rs if r.result]
            growth = median([(x["peak_rss_kib"] - x["rss_at_100_kib"]) / 1024 for x in res])
            lines.append(
                f"| {c} | {median([x['wall'] for x in res]):.2f} | {med_ratio(c, 'iterate'):.2f} "
                f"| {median([x['cpu'] for x in res]):.2f} "
                f"| {median([x['peak_rss_kib'] / 1024 for x in res]):.1f} | {growth:.1f} "
                f"| {res[0].get('how', 'manual loop')} |"
            )
    # Targets.
    lines += ["", "### issue 6 targets", "", "| target | measured | met |", "|---|---|---|"]
    for client, w, want in TARGETS:
        if w not in workloads or client not in clients:
            continue
        got = med_ratio(client, w)
        lines.append(f"| {client} {w} >= {want} | {got:.2f} | {'yes' if got >= want else 'NO'} |")
    for sdk, peers in ((SDK_SYNC, PEERS_SYNC), (SDK_ASYNC, PEERS_ASYNC)):
        if sdk not in clients:
            continue
        for w in workloads:
            if w == BATCH_WORKLOAD:
                continue
            mine = med_ratio(sdk, w)
            better = [p for p in peers if p in clients and med_ratio(p, w) > mine]
            lines.append(
                f"| {sdk} {w}: no peer faster | {mine:.2f} vs best peer "
                f"{max([med_ratio(p, w) for p in peers if p in clients] or [0]):.2f} | "
                f"{'yes' if not better else 'NO (' + ', '.join(better) + ')'} |"
            )
    if BATCH_WORKLOAD in workloads and BATCH_CEILING in workloads and SDK_SYNC in clients:
        mine = med_ratio(SDK_SYNC, BATCH_WORKLOAD)
        for peer in [p for p in PEERS_SYNC if p in clients]:
            theirs = med_ratio(peer, BATCH_CEILING)
            lines.append(
                f"| {SDK_SYNC} {BATCH_WORKLOAD} >= {BATCH_OVER_PEERS}x {peer} {BATCH_CEILING} | "
                f"{mine:.2f} vs {theirs:.2f} ({mine / theirs:.2f}x) | "
                f"{'yes' if mine >= BATCH_OVER_PEERS * theirs else 'NO'} |"
            )
    lines += budget(by, best, clients)
    # Protocols, connections and failures.
    lines += ["", "### Notes", ""]
    protos = {}
    for r in ok:
        if r.workload == "small_seq":
            protos[r.client] = r.protocol
    if protos:
        lines.append("- protocol negotiated (server offers h2 and http/1.1 by ALPN): " +
                     ", ".join(f"{c} {p}" for c, p in protos.items()))  # fmt: skip
    bad: dict[tuple[str, str], list[str]] = {}
    for r in runs:
        if r.error:
            bad.setdefault((r.client, r.workload), []).append(r.error)
    for (c, w), errs in bad.items():
        lines.append(f"- {c} / {w}: {len(errs)} of {meta['rounds']} runs: {errs[0]}")
    return "\n".join(lines) + "\n"


def budget(by: dict[tuple[str, str], list[Run]], best: dict[tuple[str, int], float],
           clients: list[str]) -> list[str]:  # fmt: skip
    """Where the time of a request goes with 64 in flight, against each target.

    Client and ceiling each run on one core, so a client's time per request
    is the inverse of its requests/s. Reqwest's own work (`rust reqwest
    alone`, L req/s) is part of every client built on it. A target ratio T
    to the ceiling C leaves 1/(T*C) - 1/L per request for everything else
    (Python, hand-offs between Python and the runtime, JSON decode); the SDK
    spends 1/S - 1/L there. Per round, then the median over rounds. The
    floor of a sync call (`floor: blocked thread`: the GIL released, the
    thread asleep until the runtime answers, the answer decoded; no HTTP)
    is a part of that "else" that no sync call of this design avoids.
    """
    if REQWEST_ALONE not in clients:
        return []

    def per_round(client: str) -> dict[int, float]:
        return {r.round: r.rps for r in by.get((client, "conc64"), [])}

    lean = per_round(REQWEST_ALONE)
    rounds = [rnd for (w, rnd) in best if w == "conc64" and rnd in lean]
    if not rounds:
        return []

    def us(xs: list[float]) -> str:
        return f"{median(xs) * 1e6:.1f}" if xs else "-"

    lines = ["", "### Where the time goes with 64 in flight (`--budget`)", "",
             "Time per request (µs, one core) beside reqwest's own work, `rust reqwest "
             "alone` (URL and header built once, body not decoded): what a target leaves "
             "for everything else (Python, hand-offs, decode), and what the SDK spends "
             "there. Medians over rounds.", "",
             f"- ceiling: {us([1 / best[('conc64', r)] for r in rounds])} µs; reqwest "
             f"alone: {us([1 / lean[r] for r in rounds])} µs; floor of a sync call "
             f"(`{FLOOR_SYNC}`: a thread's hand-offs and the decode, no HTTP): "
             f"{us([1 / x for x in per_round(FLOOR_SYNC).values()])} µs", "",
             "| client | target | left by the target | spent by the client | ratio |",
             "|---|---|---|---|---|"]  # fmt: skip
    for client, w, want in TARGETS:
        if w != "conc64" or client not in clients:
            continue
        mine = per_round(client)
        ok = [r for r in rounds if r in mine]
        left = [1 / (want * best[("conc64", r)]) - 1 / lean[r] for r in ok]
        spent = [1 / mine[r] - 1 / lean[r] for r in ok]
        ratio = [mine[r] / best[("conc64", r)] for r in ok]
        lines.append(f"| {client} | {want:.2f} | {us(left)} | {us(spent)} | "
                     f"{median(ratio) if ratio else float('nan'):.2f} |")  # fmt: skip
    return lines


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--duration", type=float, default=2.0)
    p.add_argument("--warmup", type=float, default=0.3)
    p.add_argument("--workloads", default=",".join(WORKLOADS))
    p.add_argument("--clients", default="", help="comma-separated subset (default: all)")
    p.add_argument("--server-core", default="0")
    p.add_argument("--client-core", default="1")
    p.add_argument("--server-threads", type=int, default=1)
    p.add_argument(
        "--budget",
        action="store_true",
        help="also run reqwest alone and a sync call's floor (conc64 only) and report how "
        "much time per request each conc64 target leaves outside reqwest, and what the SDK "
        "spends there",
    )
    p.add_argument(
        "--wait-quiet",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="first wait up to SECONDS for the 1-min load average to drop below 0.5",
    )
    p.add_argument(
        "--extra",
        action="append",
        default=[],
        metavar="NAME=CLIENT@PYTHON[@K=V,...]",
        help="also run CLIENT with another interpreter (e.g. a venv holding a patched "
        "build of the SDK) and environment, as NAME; repeatable",
    )
    p.add_argument("--out", default=str(HERE / "out" / "latest.md"))
    p.add_argument("--json", default=str(HERE / "out" / "latest.json"))
    a = p.parse_args()
    if (os.cpu_count() or 1) < 2:
        a.server_core = a.client_core = None

    workloads = [w for w in a.workloads.split(",") if w]
    clients = [*CEILINGS, *SYNC_CLIENTS, *ASYNC_CLIENTS]
    if a.clients:
        wanted = [c.strip() for c in a.clients.split(",")]
        clients = [c for c in clients if c in wanted or c in CEILINGS]
    if a.budget:
        clients += BUDGET
    a.extras = {}
    for spec in a.extra:
        name, _, rest = spec.partition("=")
        base_client, python, *envs = rest.split("@")
        env = dict(kv.split("=", 1) for e in envs for kv in e.split(",") if kv)
        a.extras[name] = (base_client, python, env)
        clients.append(name)
    give_up = time.monotonic() + a.wait_quiet
    while loadavg() >= 0.5 and time.monotonic() < give_up:
        print(f"waiting for a quiet machine: load {loadavg():.2f}", flush=True)
        time.sleep(15)
    load_before = loadavg()
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="emqx-bench-") as tmp:
        server = start_server(Path(tmp), a.server_core, a.server_threads)
        try:
            plan = {w: [c for c in clients if w == "conc64" or c not in BUDGET]
                    for w in workloads}  # fmt: skip
            if BATCH_WORKLOAD in plan:
                plan[BATCH_WORKLOAD] = [c for c in clients if c in BATCH_CLIENTS
                                        or a.extras.get(c, ("",))[0] in BATCH_CLIENTS]  # fmt: skip
            total = a.rounds * sum(len(cs) for cs in plan.values())
            k = 0
            for rnd in range(a.rounds):
                for w in workloads:
                    cs = plan[w]
                    shift = (rnd * 3 + workloads.index(w)) % len(cs)
                    for c in cs[shift:] + cs[:shift]:
                        k += 1
                        r = run_one(server, c, w, rnd, a)
                        runs.append(r)
                        shown = f"{r.rps:,.0f} req/s" if r.result else f"FAILED {r.error}"
                        if r.result and r.error:
                            shown += f" ({r.error})"
                        print(f"[{k}/{total}] round {rnd + 1} {w:<11} {c:<26} {shown}",
                              flush=True)  # fmt: skip
        finally:
            assert server.proc.stdin is not None
            server.proc.stdin.close()
            server.proc.wait(timeout=10)
    loads = [r.load for r in runs] or [load_before]
    foreign = [r.foreign for r in runs] or [0.0]
    meta = {
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "machine": f"{os.cpu_count()} cores, {cpu_model()}, {platform.system()} "
        f"{platform.release()}",
        "load_before": load_before,
        "load_median": median(loads),
        "load_max": max(loads),
        "load_after": loadavg(),
        "foreign_median": median(foreign),
        "foreign_max": max(foreign),
        "rounds": a.rounds,
        "duration": a.duration,
        "warmup": a.warmup,
        "server_core": a.server_core,
        "client_core": a.client_core,
        "versions": versions(),
    }
    text = render(runs, clients, workloads, meta)
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    Path(a.out).write_text(text)
    Path(a.json).write_text(json.dumps({"meta": meta, "runs": [r.__dict__ for r in runs]},
                                       indent=1))  # fmt: skip
    print("\n" + text)
    print(f"written to {a.out} (raw runs: {a.json})")


if __name__ == "__main__":
    main()
