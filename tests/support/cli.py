"""Running the installed ``emqx-platform`` command in tests (see tests/cli)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from emqx_platform.testing import Emulator

COMMAND = Path(sys.executable).with_name("emqx-platform")
"""The console script pip installed next to this interpreter."""


@dataclass
class Run:
    """What one run of the command did."""

    code: int
    stdout: str
    stderr: str


RunCli = Callable[..., Run]


def emulator_env(emu: Emulator) -> dict[str, str]:
    """The SDK's environment variables for the emulator and its first deployment."""
    deployment = emu.deployments[0]
    return {
        "EMQX_PLATFORM_BASE_URL": emu.platform_base_url,
        "EMQX_PLATFORM_API_KEY": emu.platform_api_key,
        "EMQX_PLATFORM_API_SECRET": emu.platform_api_secret,
        "EMQX_DEPLOYMENT_BASE_URL": deployment.base_url,
        "EMQX_DEPLOYMENT_APP_ID": deployment.app_id,
        "EMQX_DEPLOYMENT_APP_SECRET": deployment.app_secret,
        "EMQX_CA_BUNDLE": emu.ca_cert_path,
    }
