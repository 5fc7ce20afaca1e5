"""``emqx-emulator``: the program name in ``--help``, and ``--env`` output a shell can source."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from emqx_platform.testing.__main__ import _export

SCRIPT = Path(sys.executable).with_name("emqx-emulator")


def _help(command: list[str]) -> str:
    result = subprocess.run(
        [*command, "--help"], capture_output=True, text=True, timeout=30, check=True
    )
    return result.stdout


def test_help_names_the_program_as_it_was_run() -> None:
    assert _help([sys.executable, "-m", "emqx_platform.testing"]).startswith(
        "usage: python -m emqx_platform.testing "
    )
    assert _help([str(SCRIPT)]).startswith("usage: emqx-emulator ")
    assert "--env" in _help([str(SCRIPT)])


@pytest.mark.parametrize("value", ["plain", "a b", "it's", '$HOME "x" `id` \\ ;'])
def test_exports_quote_values_for_the_shell(value: str) -> None:
    bash = shutil.which("bash")
    assert bash is not None
    result = subprocess.run(
        [bash, "-c", 'eval "$1"; printf %s "$NAME"', "-", _export("NAME", value)],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    assert result.stdout == value


USE_THE_ENVIRONMENT = textwrap.dedent(
    """
    import os
    from emqx_platform import DeploymentClient, PlatformClient

    with PlatformClient(max_retries=0) as p:
        ids = {d["deploymentID"] for d in p.request("GET", "/deployments")}
    assert os.environ["EMQX_EMULATOR_DEDICATED_DEPLOYMENT_ID"] in ids
    assert os.environ["EMQX_EMULATOR_SERVERLESS_DEPLOYMENT_ID"] in ids
    with DeploymentClient(max_retries=0) as d:
        assert d.base_url == os.environ["EMQX_EMULATOR_DEDICATED_BASE_URL"]
        assert d.request("GET", "/clients")["data"] == []
    with DeploymentClient(
        os.environ["EMQX_EMULATOR_SERVERLESS_APP_ID"],
        os.environ["EMQX_EMULATOR_SERVERLESS_APP_SECRET"],
        base_url=os.environ["EMQX_EMULATOR_SERVERLESS_BASE_URL"],
        max_retries=0,
    ) as d:
        assert d.request("GET", "/clients")["data"] == []
    print("reached both APIs")
    """
)


def test_env_output_is_sourced_by_a_shell_and_the_clients_use_it(tmp_path: Path) -> None:
    """The README's recipe: run it in the background, wait for "# ready", source it."""
    bash = shutil.which("bash")
    assert bash is not None
    (tmp_path / "use.py").write_text(USE_THE_ENVIRONMENT)
    recipe = textwrap.dedent(
        f"""
        set -e
        "{SCRIPT}" --env --transition-seconds 0.05 > emulator.env 2> emulator.err &
        emulator=$!
        trap 'kill $emulator; wait $emulator' EXIT
        for _ in $(seq 200); do
            grep -q '^# ready' emulator.env 2>/dev/null && break
            sleep 0.1
        done
        . ./emulator.env
        "{sys.executable}" use.py
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("EMQX_")}
    result = subprocess.run(
        [bash, "-c", recipe], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "reached both APIs\n"
    exports = (tmp_path / "emulator.env").read_text().splitlines()
    names = [line.split("=", 1)[0].removeprefix("export ") for line in exports if "=" in line]
    assert len(names) == len(set(names))  # each name once, sourceable as a whole
    assert all(line.startswith(("export ", "# ")) for line in exports)
    assert "stopped" in (tmp_path / "emulator.err").read_text()
