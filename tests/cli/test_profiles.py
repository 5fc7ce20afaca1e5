"""Credentials from a profile file: precedence, file mode, errors."""

from __future__ import annotations

import json
import os
from pathlib import Path

from emqx_platform.testing import Emulator
from support.cli import RunCli, emulator_env

NO_ENV: dict[str, str | None] = dict.fromkeys(
    [
        "EMQX_PLATFORM_BASE_URL",
        "EMQX_PLATFORM_API_KEY",
        "EMQX_PLATFORM_API_SECRET",
        "EMQX_DEPLOYMENT_BASE_URL",
        "EMQX_DEPLOYMENT_APP_ID",
        "EMQX_DEPLOYMENT_APP_SECRET",
        "EMQX_CA_BUNDLE",
    ]
)


def _write_profiles(config_home: Path, text: str, mode: int = 0o600) -> Path:
    path = config_home / "emqx-platform" / "profiles.toml"
    path.parent.mkdir()
    path.write_text(text)
    os.chmod(path, mode)
    return path


def _profile(emu: Emulator, name: str) -> str:
    lines = [f"[{name}]"]
    for variable, value in emulator_env(emu).items():
        lines.append(f"{variable.removeprefix('EMQX_').lower()} = {json.dumps(value)}")
    return "\n".join(lines) + "\n"


def test_a_named_profile_beats_the_environment(
    run_cli: RunCli, emqx_emulator: Emulator, config_home: Path
) -> None:
    _write_profiles(config_home, _profile(emqx_emulator, "staging"))
    wrong = {"EMQX_PLATFORM_API_SECRET": "stale-secret"}

    run = run_cli("--profile", "staging", "projects", "list", env=wrong)

    assert run.code == 0, run.stderr
    assert run.stderr == ""
    projects = {p["projectID"] for p in json.loads(run.stdout)}
    assert projects == {d.project_id for d in emqx_emulator.deployments}


def test_the_default_profile_fills_what_the_environment_leaves_unset(
    run_cli: RunCli, emqx_emulator: Emulator, config_home: Path
) -> None:
    _write_profiles(config_home, _profile(emqx_emulator, "default"), mode=0o644)

    run = run_cli("tls", "get", emqx_emulator.deployments[0].id, env=NO_ENV)

    assert run.code == 0, run.stderr
    assert json.loads(run.stdout)["tlsType"] == "one-way"
    assert "is accessible by others (mode 644)" in run.stderr
    assert emqx_emulator.platform_api_secret not in run.stderr


def test_profile_errors_are_usage_errors_without_secrets(
    run_cli: RunCli, emqx_emulator: Emulator, config_home: Path
) -> None:
    path = _write_profiles(
        config_home, _profile(emqx_emulator, "prod") + 'platform_api_secrte = "typo-value"\n'
    )

    unknown_key = run_cli("--profile", "prod", "projects", "list")
    unknown_profile = run_cli("projects", "list", env={"EMQX_PROFILE": "nope"})

    assert unknown_key.code == 2
    assert f"{path}: [prod] has unknown key 'platform_api_secrte'" in unknown_key.stderr
    assert "typo-value" not in unknown_key.stderr
    assert unknown_profile.code == 2
    assert "profile 'nope' not found" in unknown_profile.stderr
    assert "(profiles: prod)" in unknown_profile.stderr


def test_the_default_profile_fills_what_a_named_profile_leaves_unset(
    run_cli: RunCli, emqx_emulator: Emulator, config_home: Path
) -> None:
    everything = _profile(emqx_emulator, "default")
    platform_only = "\n".join(
        line for line in _profile(emqx_emulator, "prod").splitlines() if "deployment" not in line
    )
    _write_profiles(config_home, everything + platform_only + "\n")

    run = run_cli("--profile", "prod", "stats", env=NO_ENV)

    assert run.code == 0, run.stderr
    assert "connections.count" in json.loads(run.stdout)


def test_a_missing_secret_names_the_variable_to_set(run_cli: RunCli) -> None:
    run = run_cli("clients", "list", env={"EMQX_DEPLOYMENT_APP_SECRET": None})

    assert run.code == 2
    assert "no Deployment API App Secret: set EMQX_DEPLOYMENT_APP_SECRET, or set" in run.stderr
