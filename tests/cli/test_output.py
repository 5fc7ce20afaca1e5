"""Fast in-process checks (click's CliRunner) of formatting, parsing and exit codes."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from emqx_platform.cli import INSTALL_HINT, main
from emqx_platform.cli.output import cell, emit_rows
from emqx_platform.testing import Emulator


def test_cells() -> None:
    assert [cell(v) for v in (None, True, 3, 1.5, "x", [0, 1], {"a": None})] == [
        "", "true", "3", "1.5", "x", "[0,1]", '{"a":null}'
    ]  # fmt: skip


def test_csv_columns_come_from_the_first_rows(capsys: pytest.CaptureFixture[str]) -> None:
    rows: list[dict[str, Any]] = [{"id": 1, "tags": ["a", "b"]}, {"id": 2, "note": None}]
    rows += [{"id": 3, "late": "x"}]

    emit_rows(iter(rows), "csv")

    read = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert read == [
        {"id": "1", "tags": '["a","b"]', "note": "", "late": ""},
        {"id": "2", "tags": "", "note": "", "late": ""},
        {"id": "3", "tags": "", "note": "", "late": "x"},
    ]


def test_a_table_shows_markup_as_text_and_says_what_it_left_out(invoke) -> None:
    result = invoke("-o", "table", "banned", "create", "clientid", "[bold]x[/bold]")
    assert result.exit_code == 0, result.output
    assert "[bold]x[/bold]" in result.stdout

    wide = invoke("-o", "table", "request", "GET", "/nodes", terminal_width=40)
    assert wide.exit_code == 0
    assert "more fields: see them with -o json" in wide.stderr


def test_a_page_from_request_prints_its_items_as_rows(invoke, emqx_emulator: Emulator) -> None:
    for clientid in ("a", "b"):
        emqx_emulator.connect_client(emqx_emulator.deployments[0].id, clientid)

    rows = invoke("-o", "ndjson", "request", "GET", "/clients")
    whole = invoke("-o", "json", "request", "GET", "/clients")

    assert [json.loads(line)["clientid"] for line in rows.stdout.splitlines()] == ["a", "b"]
    assert json.loads(whole.stdout)["meta"]["count"] == 2


def test_acl_rule_shorthand_errors_are_usage_errors(invoke) -> None:
    result = invoke("acl", "create", "clientid", "dev-1", "--rule", "permit t/#")

    assert result.exit_code == 2
    assert "expected 'allow|deny [ACTION] TOPIC'" in result.stderr


@pytest.mark.parametrize(
    ("status", "code"),
    [(400, 6), (401, 3), (403, 3), (404, 4), (405, 1), (409, 5), (422, 6), (429, 7), (500, 8)],
)
def test_exit_code_per_status(invoke, emqx_emulator: Emulator, status: int, code: int) -> None:
    emqx_emulator.inject_fault(path=r"/nodes$", status=status)

    result = invoke("request", "GET", "/nodes")

    assert result.exit_code == code
    assert result.stderr.startswith(f"Error: {status} ")


def test_a_wait_that_runs_out_is_exit_10(invoke, emqx_emulator: Emulator) -> None:
    deployment_id = emqx_emulator.deployments[0].id

    result = invoke(
        "deployments",
        "wait",
        deployment_id,
        "stopped",
        "--wait-timeout",
        "0.1",
        "--interval",
        "0.05",
    )

    assert result.exit_code == 10
    assert "did not become 'stopped'" in result.stderr


def test_without_the_extra_it_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "rich" else real(name, *a)
    )

    with pytest.raises(SystemExit) as exited:
        main(["--help"])

    assert exited.value.code == 1
    assert capsys.readouterr().err == f"{INSTALL_HINT} (rich missing)\n"


def test_the_base_package_does_not_import_click() -> None:
    import subprocess
    import sys

    code = "import sys, emqx_platform; print('click' in sys.modules, 'rich' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.split() == ["False", "False"]


def test_request_reads_the_body_from_a_file(invoke, emqx_emulator: Emulator, tmp_path) -> None:
    message = tmp_path / "message.json"
    message.write_text('{"topic": "t/file", "payload": "from a file"}')

    sent = invoke("request", "POST", "/publish", "--json", f"@{message}")
    missing = invoke("request", "POST", "/publish", "--json", f"@{tmp_path / 'nope.json'}")

    assert sent.exit_code == 0, sent.output
    [published] = emqx_emulator.published(emqx_emulator.deployments[0].id)
    assert published["payload"] == "from a file"
    assert missing.exit_code == 2
    assert "cannot read" in missing.stderr
