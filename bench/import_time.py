"""How long a short script waits for the SDK: ``import emqx_platform``, then a
first sync request, each run in a fresh interpreter.

Run by ``bench/import_time`` (which builds the release wheel first); any
interpreter with the SDK installed works with ``--python``. Each figure is the
**minimum** over ``--runs`` fresh processes: start-up time only ever grows
with the machine's load, so the minimum is the figure least disturbed by it.

- ``bare interpreter``: ``python -c pass``, the floor under everything else;
- ``import emqx_platform``: the import alone, timed inside the process;
- ``first request``: building a ``DeploymentClient`` and its first
  ``request("GET", ...)`` to a local emulator (TLS handshake included);
- ``import + first request``: the two together, the figure the target is for;
- the modules that cost most (``-X importtime``, self time, minimum per module).

Every child runs with bytecode caching on (``PYTHONDONTWRITEBYTECODE``
removed), as an installed package has its ``.pyc`` files: compiling the
sources again at each start would be most of what is measured.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

FIRST_REQUEST = """
import json, sys, time
started = time.perf_counter()
import emqx_platform
imported = time.perf_counter()
client = emqx_platform.DeploymentClient(sys.argv[2], sys.argv[3], base_url=sys.argv[1],
                                        verify=sys.argv[4])
client.request("GET", "/clients", params={"limit": 1})
answered = time.perf_counter()
print(json.dumps({"import": imported - started, "request": answered - imported,
                  "asyncio": "asyncio" in sys.modules}))
"""


# Children write and read .pyc files, as an installed package does.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", default=sys.executable, help="interpreter with the SDK")
    parser.add_argument("--runs", type=int, default=20, help="fresh processes per figure")
    parser.add_argument("--top", type=int, default=15, help="modules to list")
    parser.add_argument("--out", type=Path, default=Path("bench/out/import_time.md"))
    args = parser.parse_args()

    # The first import writes the .pyc files of a fresh build.
    subprocess.run([args.python, "-c", "import emqx_platform"], check=True, env=CHILD_ENV)
    bare = min(_wall(args.python, ["-c", "pass"]) for _ in range(args.runs))
    with _Emulator(args.python) as emulator:
        runs = [_first_request(args.python, emulator.env) for _ in range(args.runs)]
    imports = min(run["import"] for run in runs)
    requests = min(run["request"] for run in runs)
    together = min(run["import"] + run["request"] for run in runs)
    modules = _importtime(args.python, args.runs)

    lines = [
        f"# import time ({time.strftime('%Y-%m-%d %H:%M')}, load {os.getloadavg()[0]:.2f})",
        "",
        f"`{args.python}`, minimum of {args.runs} fresh processes each.",
        "",
        "| what | ms |",
        "|---|---:|",
        f"| bare interpreter (`python -c pass`, wall) | {bare * 1e3:.1f} |",
        f"| `import emqx_platform` | {imports * 1e3:.1f} |",
        f"| first request (client + `GET`, TLS included) | {requests * 1e3:.1f} |",
        f"| **import + first request** | **{together * 1e3:.1f}** |",
        "",
        f"asyncio imported by a sync script: {any(run['asyncio'] for run in runs)}",
        "",
        f"Costliest modules (`-X importtime`, self time in ms, minimum per module; "
        f"all modules together: {sum(modules.values()) / 1e3:.1f}):",
        "",
        "| module | ms |",
        "|---|---:|",
    ]
    for name, micros in sorted(modules.items(), key=lambda kv: -kv[1])[: args.top]:
        lines.append(f"| `{name}` | {micros / 1e3:.2f} |")
    text = "\n".join(lines) + "\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    print(text)
    return 0


def _wall(python: str, argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([python, *argv], check=True, env=CHILD_ENV)
    return time.perf_counter() - started


def _first_request(python: str, env: dict[str, str]) -> dict[str, float]:
    argv = [
        env["EMQX_DEPLOYMENT_BASE_URL"],
        env["EMQX_DEPLOYMENT_APP_ID"],
        env["EMQX_DEPLOYMENT_APP_SECRET"],
        env["EMQX_CA_BUNDLE"],
    ]
    out = subprocess.run(
        [python, "-c", FIRST_REQUEST, *argv],
        check=True,
        capture_output=True,
        text=True,
        env=CHILD_ENV,
    ).stdout
    return json.loads(out)  # type: ignore[no-any-return]


def _importtime(python: str, runs: int) -> dict[str, int]:
    """The minimum self time of each module over ``runs`` imports, in µs."""
    best: dict[str, int] = defaultdict(lambda: 1 << 62)
    for _ in range(runs):
        err = subprocess.run(
            [python, "-X", "importtime", "-c", "import emqx_platform"],
            check=True,
            capture_output=True,
            text=True,
            env=CHILD_ENV,
        ).stderr
        for line in err.splitlines():
            if not line.startswith("import time:") or "self [us]" in line:
                continue
            self_us, _cumulative, name = line.removeprefix("import time:").split("|")
            best[name.strip()] = min(best[name.strip()], int(self_us))
    return dict(best)


class _Emulator:
    """``python -m emqx_platform.testing`` in a child process; ``env`` says how to reach it."""

    def __init__(self, python: str) -> None:
        self.process = subprocess.Popen(
            [python, "-m", "emqx_platform.testing"],
            stdout=subprocess.PIPE,
            text=True,
            env=CHILD_ENV,
        )
        self.env: dict[str, str] = {}
        assert self.process.stdout is not None
        for line in self.process.stdout:
            key, sep, value = line.strip().partition("=")
            # The first deployment's values: the emulator prints each deployment in turn.
            if sep and key.startswith("EMQX_") and key not in self.env:
                self.env[key] = value
            if key == "EMQX_CA_BUNDLE":
                break

    def __enter__(self) -> _Emulator:  # noqa: PYI034  (a private helper, never subclassed)
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
