"""``scripts/api_coverage`` reads the SDK, the emulator and the spec the same way the tests do.

Every operation the SDK types must be served by the emulator, and every
typed endpoint's template must name an operation of the real spec (a typo in
a path template would otherwise go uncounted).
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts/api_coverage"


@pytest.fixture(scope="module")
def coverage() -> ModuleType:
    loader = importlib.machinery.SourceFileLoader("api_coverage", str(SCRIPT))
    spec = importlib.util.spec_from_loader("api_coverage", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def test_every_typed_operation_is_emulated(coverage: ModuleType) -> None:
    spec = coverage.spec_operations()
    typed = coverage.matching(coverage.typed_operations(), spec)
    emulated = coverage.matching(coverage.emulated_operations(), spec)
    assert len(typed) >= 60
    assert typed - emulated == set()


def test_every_typed_template_names_a_spec_operation(coverage: ModuleType) -> None:
    spec = coverage.spec_operations()
    unknown = [
        template
        for template in coverage.typed_operations()
        if not coverage.matching({template}, spec)
    ]
    assert unknown == []


def test_the_script_prints_a_row_per_group_and_the_totals() -> None:
    out = subprocess.run(
        [sys.executable, str(SCRIPT), "--markdown"], capture_output=True, text=True, check=True
    ).stdout
    rows = [line for line in out.splitlines() if line.startswith("| ")]
    assert rows[0] == "| group | typed | emulated | in the spec |"
    assert "| Clients |" in out
    assert rows[-1].startswith("| **all** |")
    assert rows[-1].endswith("| **377** |")


def test_the_docs_and_the_readme_show_what_the_script_prints() -> None:
    out = subprocess.run(
        [sys.executable, str(SCRIPT), "--markdown"], capture_output=True, text=True, check=True
    ).stdout
    table = [line for line in out.splitlines() if line.startswith("|")]
    page = (SCRIPT.parents[1] / "docs/coverage.md").read_text()
    assert [line for line in page.splitlines() if line.startswith("|")] == table
    typed, emulated, total = re.findall(r"\*\*(\d+)\*\*", table[-1])
    readme = (SCRIPT.parents[1] / "README.md").read_text()
    assert f"{typed} of the spec's {total} operations are typed, {emulated} emulated" in readme
