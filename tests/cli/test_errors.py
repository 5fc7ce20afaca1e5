"""Exit codes per error class, one-line errors on stderr, secrets never shown."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

import pytest

from emqx_platform.testing import Emulator
from support.cli import COMMAND, RunCli


def test_not_found_is_exit_4_with_one_line(run_cli: RunCli) -> None:
    run = run_cli("clients", "get", "nobody")

    assert run.code == 4
    assert run.stdout == ""
    [line] = run.stderr.splitlines()
    assert line.startswith("Error: 404 CLIENTID_NOT_FOUND: Client ID not found (GET ")
    assert line.endswith("/api/v5/clients/nobody)")


def test_a_bad_credential_is_exit_3_and_the_secret_stays_hidden(run_cli: RunCli) -> None:
    secret = "wrong-secret-4b1d"

    run = run_cli("-v", "clients", "list", env={"EMQX_DEPLOYMENT_APP_SECRET": secret})

    assert run.code == 3
    assert "401" in run.stderr
    assert "Traceback" not in run.stderr
    assert secret not in run.stdout + run.stderr


def test_a_conflict_is_exit_5(run_cli: RunCli, deployment_client) -> None:
    deployment_client.auth_users.create("dev-1", "pw")

    run = run_cli("auth", "users", "create", "dev-1", "--password-stdin", input="pw\n")

    assert run.code == 5
    assert "ALREADY_EXISTS" in run.stderr


def test_rate_limited_is_exit_7(run_cli: RunCli, emqx_emulator: Emulator) -> None:
    deployment_id = emqx_emulator.deployments[0].id
    with emqx_emulator.platform_client() as p:
        p.deployments.stop(deployment_id)

    run = run_cli("deployments", "stop", deployment_id)

    assert run.code == 7
    assert "allows 1 request per hour" in run.stderr


def test_bad_arguments_are_exit_2_before_any_request(run_cli: RunCli, emqx_emulator) -> None:
    assert run_cli("clients", "list", "--limit", "0").code == 2
    assert run_cli("publish", "t/1", "hi", "--qos", "3").code == 2
    # Checked by the SDK (a ValueError), not by the command line.
    rules = '[{"topic": "t/#", "permission": "maybe", "action": "all"}]'
    refused = run_cli("acl", "create", "clientid", "dev-1", "--rules", rules)
    assert refused.code == 2
    assert refused.stderr.startswith("Error: ")
    assert "maybe" in refused.stderr
    assert emqx_emulator.requests == []


def test_missing_credentials_name_the_variable(run_cli: RunCli) -> None:
    run = run_cli("clients", "list", env={"EMQX_DEPLOYMENT_APP_ID": None})

    assert run.code == 2
    assert "EMQX_DEPLOYMENT_APP_ID" in run.stderr


def test_an_unreachable_server_is_exit_9(run_cli: RunCli) -> None:
    run = run_cli("--base-url", "https://127.0.0.1:9/api/v5", "clients", "list")

    assert run.code == 9
    assert len(run.stderr.splitlines()) == 1


def test_debug_shows_the_traceback(run_cli: RunCli) -> None:
    run = run_cli("clients", "get", "nobody", "--debug")

    assert run.code == 4
    assert "Traceback" in run.stderr
    assert "NotFoundError" in run.stderr


def test_python_dash_m_runs_the_same_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "emqx_platform", "--help"], capture_output=True, text=True
    )

    assert done.returncode == 0
    assert done.stdout.startswith("Usage: python -m emqx_platform [OPTIONS] COMMAND")
    assert "Exit codes:" in done.stdout


def test_ctrl_c_is_exit_130(emqx_emulator: Emulator, cli_env: dict[str, str]) -> None:
    deployment_id = emqx_emulator.deployments[0].id
    args = ["deployments", "wait", deployment_id, "stopped", "--interval", "60"]
    with subprocess.Popen(
        [str(COMMAND), *args],
        env=cli_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        deadline = time.monotonic() + 30
        while not emqx_emulator.requests and time.monotonic() < deadline:
            time.sleep(0.05)
        assert emqx_emulator.requests, "the first poll never came"
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=30)

    assert proc.returncode == 130
    assert stderr == "Interrupted\n"


def test_a_v4_deployment_takes_raw_requests_and_refuses_the_v5_commands(
    run_cli: RunCli, emqx_emulator: Emulator
) -> None:
    v4 = next(d for d in emqx_emulator.deployments if d.version != "v5")
    env: dict[str, str | None] = {
        "EMQX_DEPLOYMENT_BASE_URL": v4.base_url,
        "EMQX_DEPLOYMENT_APP_ID": v4.app_id,
        "EMQX_DEPLOYMENT_APP_SECRET": v4.app_secret,
    }

    raw = run_cli("request", "GET", "/auth_username", env=env)
    refused = run_cli("clients", "list", env=env)

    assert raw.code == 0, raw.stderr
    assert json.loads(raw.stdout)["code"] == 0
    assert refused.code == 2
    assert "Dedicated v4" in refused.stderr
    assert "only 'emqx-platform request' supports it" in refused.stderr


def test_the_trust_hint_names_the_ca_option(capsys: pytest.CaptureFixture[str]) -> None:
    from emqx_platform import APIConnectionError
    from emqx_platform.cli.errors import report

    hint = 'pass the CA\'s PEM file as verify="/path/to/ca.pem" or set EMQX_CA_BUNDLE'
    error = APIConnectionError(
        f"invalid peer certificate: UnknownIssuer; {hint}", method="GET", url="https://h/x"
    )

    assert report(error, debug=False) == 9
    assert "pass the CA's PEM file as --ca FILE or set EMQX_CA_BUNDLE" in capsys.readouterr().err
