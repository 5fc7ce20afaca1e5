"""Run the installed ``emqx-platform`` command against the session's emulator.

Each run is a real subprocess of the console script, so the entry point, the
extra's imports and the exit codes are what users get. Runs cost an
interpreter start each: tests keep them few.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from emqx_platform.cli.app import cli
from emqx_platform.testing import Emulator
from support.cli import COMMAND, Run, RunCli, emulator_env


@pytest.fixture
def config_home(tmp_path: Path) -> Path:
    """An empty XDG_CONFIG_HOME, so the developer's own profiles never take part."""
    home = tmp_path / "config"
    home.mkdir()
    return home


@pytest.fixture
def cli_env(emqx_emulator: Emulator, config_home: Path) -> dict[str, str]:
    """The environment of a run: this process's, the emulator's variables, no profiles."""
    return {
        **os.environ,
        "XDG_CONFIG_HOME": str(config_home),
        "COLUMNS": "200",
        **emulator_env(emqx_emulator),
    }


@pytest.fixture
def run_cli(cli_env: dict[str, str]) -> RunCli:
    """``run_cli(*args, input=None, env=None)``: run the command, credentials in the env.

    ``env`` entries override the emulator's variables; a ``None`` value unsets one.
    """

    def run(*args: str, input: str | None = None, env: dict[str, str | None] | None = None) -> Run:
        settings: dict[str, str | None] = {**cli_env, **(env or {})}
        done = subprocess.run(
            [str(COMMAND), *args],
            input=input,
            capture_output=True,
            text=True,
            env={key: value for key, value in settings.items() if value is not None},
            timeout=60,
        )
        return Run(done.returncode, done.stdout, done.stderr)

    return run


@pytest.fixture
def invoke(emqx_emulator: Emulator, config_home: Path) -> Callable[..., Result]:
    """Run the command group in-process (click's CliRunner) against the emulator."""
    runner = CliRunner(env={**emulator_env(emqx_emulator), "XDG_CONFIG_HOME": str(config_home)})
    return lambda *args, **kwargs: runner.invoke(cli, list(args), **kwargs)
