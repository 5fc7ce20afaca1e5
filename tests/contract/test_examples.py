"""The README's examples run as written: the tour and the notebook-style example.

They run in subprocesses against the built-in emulator, with the EMQX Cloud
variables removed so the tour cannot reach a real account.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run_example(name: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EMQX_")}
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / name)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_tour_runs_against_the_emulator() -> None:
    out = run_example("tour.py")
    assert "runs against the built-in emulator" in out
    assert "now stopped" in out
    assert "now running" in out
    assert "251 connected clients in all" in out
    assert "code=CLIENTID_NOT_FOUND" in out
    assert "delivered=True" in out
    assert "ConflictError: status=200 code=113" in out
    assert "reason_code=16" in out
    assert "[503, 503, 200]" in out
    assert "async for over every client: 251" in out


@pytest.mark.parametrize("name", ["deployment_notebook.py"])
def test_notebook_example_runs(name: str) -> None:
    out = run_example(name).splitlines()
    assert out[0] == "100 {'count': 250, 'hasnext': True, 'limit': 100, 'page': 1}"
    assert out[1] == "250"
    assert "False 16 no_matching_subscribers" in out
    assert "[True, False]" in out
    assert "404 CLIENTID_NOT_FOUND" in out
