"""The emulator's tables generated from the EMQX spec are what the spec gives."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "crates/emulator/scripts/gen_connector_fields.py"


def test_connector_fields_match_the_spec() -> None:
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
