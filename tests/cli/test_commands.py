"""The installed command against the emulator: output formats, paging, the verbs."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from emqx_platform.testing import Emulator
from support.cli import RunCli


def _connect(emu: Emulator, count: int) -> list[str]:
    deployment = emu.deployments[0]
    ids = [f"sensor/{i:02}" for i in range(count)]
    for clientid in ids:
        emu.connect_client(deployment.id, clientid, username="fleet")
    return ids


def test_a_table_for_people(run_cli: RunCli, emqx_emulator: Emulator) -> None:
    run = run_cli("deployments", "list", "-o", "table")

    assert run.code == 0, run.stderr
    header, rule, *rows = run.stdout.splitlines()
    assert header.split() == [
        "deploymentID", "deploymentName", "deploymentType", "version", "status", "region"
    ]  # fmt: skip
    assert set(rule.strip()) == {"─"}
    assert [row.split()[0] for row in rows] == [d.id for d in emqx_emulator.deployments]


def test_json_in_a_pipe_first_page_and_a_hint(run_cli: RunCli, emqx_emulator: Emulator) -> None:
    ids = _connect(emqx_emulator, 5)

    run = run_cli("clients", "list", "--limit", "2")

    assert run.code == 0, run.stderr
    assert [c["clientid"] for c in json.loads(run.stdout)] == ids[:2]
    assert "more with --page 2 or --all" in run.stderr


def test_ndjson_follows_every_page(run_cli: RunCli, emqx_emulator: Emulator) -> None:
    ids = _connect(emqx_emulator, 5)

    run = run_cli("clients", "list", "--limit", "2", "--all", "-o", "ndjson")

    assert run.code == 0, run.stderr
    assert [json.loads(line)["clientid"] for line in run.stdout.splitlines()] == ids
    assert run.stderr == ""


def test_csv_has_every_field(run_cli: RunCli, emqx_emulator: Emulator) -> None:
    ids = _connect(emqx_emulator, 3)

    run = run_cli("clients", "list", "--page", "2", "--limit", "2", "--output=csv")

    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert [(r["clientid"], r["username"], r["connected"]) for r in rows] == [
        (ids[2], "fleet", "true")
    ]
    assert "recv_msg.qos0" in rows[0]


def test_publish_then_metrics(run_cli: RunCli, emqx_emulator: Emulator) -> None:
    published = run_cli("publish", "devices/42/cmd", "reboot", "--qos", "1")
    metrics = run_cli("-o", "json", "metrics")

    assert json.loads(published.stdout) == {
        "id": None,
        "reason_code": 16,
        "message": "no_matching_subscribers",
        "delivered": False,
    }
    sent = emqx_emulator.published(emqx_emulator.deployments[0].id)
    assert [(m["topic"], m["payload"], m["qos"]) for m in sent] == [("devices/42/cmd", "reboot", 1)]
    assert json.loads(metrics.stdout)["messages.received"] == 1


def test_auth_users_import_from_csv(run_cli: RunCli, tmp_path: Path) -> None:
    users = tmp_path / "users.csv"
    users.write_text("user_id,password,is_superuser\ndev-1,pw-1,false\ndev-2,pw-2,true\n")

    imported = run_cli("auth", "users", "import", str(users))
    listed = run_cli("auth", "users", "list", "-o", "ndjson")

    assert imported.code == 0, imported.stderr
    assert json.loads(imported.stdout) == {
        "total": 2, "success": 2, "override": 0, "skipped": 0, "failed": 0
    }  # fmt: skip
    assert [json.loads(line) for line in listed.stdout.splitlines()] == [
        {"user_id": "dev-1", "is_superuser": False},
        {"user_id": "dev-2", "is_superuser": True},
    ]


def test_create_user_password_from_stdin(run_cli: RunCli, deployment_client) -> None:
    run = run_cli("auth", "users", "create", "dev-9", "--password-stdin", input="s3cret\n")

    assert run.code == 0, run.stderr
    assert "s3cret" not in run.stdout + run.stderr
    assert deployment_client.auth_users.get("dev-9")["user_id"] == "dev-9"


def test_acl_rules_from_the_shorthand(run_cli: RunCli, deployment_client) -> None:
    run = run_cli(
        "acl", "create", "clientid", "dev-1", "--rule", "allow publish t/#", "--rule", "deny eq #"
    )

    assert run.code == 0, run.stderr
    assert deployment_client.acl.clients.get("dev-1")["rules"] == [
        {"topic": "t/#", "permission": "allow", "action": "publish"},
        {"topic": "eq #", "permission": "deny", "action": "all"},
    ]


def test_raw_request_with_params_and_body(run_cli: RunCli, emqx_emulator: Emulator) -> None:
    ids = _connect(emqx_emulator, 3)

    listed = run_cli(
        "request",
        "GET",
        "/clients",
        "--param",
        f"clientid={ids[0]}",
        "--param",
        f"clientid={ids[2]}",
    )
    posted = run_cli(
        "request", "post", "/publish", "--json", '{"topic": "t/1", "payload": "hi"}', "-o", "json"
    )

    assert [c["clientid"] for c in json.loads(listed.stdout)["data"]] == [ids[0], ids[2]]
    assert json.loads(posted.stdout)["reason_code"] == 16


def test_stop_and_wait_for_a_status(run_cli: RunCli, emqx_emulator: Emulator) -> None:
    deployment_id = emqx_emulator.deployments[0].id

    stopped = run_cli("deployments", "stop", deployment_id)
    waited = run_cli("deployments", "wait", deployment_id, "stopped", "--interval", "0.05")

    assert json.loads(stopped.stdout)["operation"] == "stopping"
    assert waited.code == 0, waited.stderr
    assert json.loads(waited.stdout)["status"] == "stopped"


def test_shell_completion(run_cli: RunCli) -> None:
    words = {"COMP_WORDS": "emqx-platform clients list --conn", "COMP_CWORD": "3"}

    run = run_cli(env={"_EMQX_PLATFORM_COMPLETE": "bash_complete", **words})

    assert run.stdout.splitlines() == ["plain,--conn-state"]
