"""``python -m emqx_platform.testing``: a standalone emulator, until Ctrl-C."""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import emqx_platform.v4
from emqx_platform import AuthenticationError, DeploymentClient, PlatformClient

STARTUP_SECONDS = 20.0


def _read_until(proc: subprocess.Popen[str], marker: str, timeout: float) -> list[str]:
    """Lines of ``proc``'s stdout up to the one containing ``marker``.

    A thread reads (a buffered pipe defeats ``select``), so a silent or stuck
    child fails the test after ``timeout`` instead of hanging it.
    """
    assert proc.stdout is not None
    stdout = proc.stdout
    lines: queue.Queue[str] = queue.Queue()
    seen: list[str] = []

    def pump() -> None:
        for line in stdout:
            lines.put(line.rstrip("\n"))
            if marker in line:
                return

    threading.Thread(target=pump, daemon=True).start()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            seen.append(lines.get(timeout=0.1))
        except queue.Empty:
            assert proc.poll() is None, f"exited early: {seen}"
            continue
        if marker in seen[-1]:
            return seen
    raise AssertionError(f"no {marker!r} in time: {seen}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def port() -> int:
    return _free_port()


@pytest.fixture
def standalone(port: int) -> Iterator[tuple[subprocess.Popen[str], list[str]]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EMQX_")}
    command = ["-m", "emqx_platform.testing", "--transition-seconds", "0.05", "--port", str(port)]
    proc = subprocess.Popen(
        [sys.executable, *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        lines = _read_until(proc, "EMQX_CA_BUNDLE=", STARTUP_SECONDS)
        yield proc, lines
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=10)


def _settings(lines: list[str]) -> tuple[dict[str, str], list[dict[str, str]]]:
    """The ``KEY=VALUE`` lines: the Platform's, and one dict per deployment."""
    platform: dict[str, str] = {}
    deployments: list[dict[str, str]] = []
    current = platform
    for line in lines:
        if line.startswith("Deployment "):
            current = {"header": line}
            deployments.append(current)
        match = re.match(r"^\s+(EMQX_[A-Z_]+)=(.+)$", line)
        if match:
            current[match.group(1)] = match.group(2)
    return platform, deployments


def _ca_path(lines: list[str]) -> str:
    return next(line.split("=", 1)[1] for line in lines if "EMQX_CA_BUNDLE=" in line)


def _assert_stops_cleanly(proc: subprocess.Popen[str], ca: str, signum: int) -> None:
    """``signum`` ends the emulator with status 0, "stopped", and its CA file removed."""
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0, err
    assert "stopped" in out
    assert "Traceback" not in err
    assert not Path(ca).exists()


@pytest.mark.skipif(sys.platform == "win32", reason="ends with SIGINT, which is POSIX only")
def test_prints_how_to_reach_it_and_serves(
    standalone: tuple[subprocess.Popen[str], list[str]], port: int
) -> None:
    proc, lines = standalone
    platform, deployments = _settings(lines)
    assert platform["EMQX_PLATFORM_BASE_URL"].startswith(f"https://127.0.0.1:{port}/")
    ca = _ca_path(lines)
    assert Path(ca).is_file()
    assert any(ca in line and "CA certificate" in line for line in lines)
    assert "(dedicated," in deployments[0]["header"]
    assert "(serverless," in deployments[1]["header"]
    assert "(dedicated EMQX 4.4." in deployments[2]["header"]

    with PlatformClient(
        platform["EMQX_PLATFORM_API_KEY"],
        platform["EMQX_PLATFORM_API_SECRET"],
        base_url=platform["EMQX_PLATFORM_BASE_URL"],
        verify=ca,
        max_retries=0,
    ) as p:
        listed = {d["deploymentID"] for d in p.request("GET", "/deployments")}
    for printed in deployments:
        v4 = "EMQX 4" in printed["header"]
        suffix, path = ("/api", "/auth_username") if v4 else ("/api/v5", "/clients")
        assert printed["EMQX_DEPLOYMENT_BASE_URL"].endswith(suffix)
        client_class = emqx_platform.v4.DeploymentClient if v4 else DeploymentClient
        with client_class(
            printed["EMQX_DEPLOYMENT_APP_ID"],
            printed["EMQX_DEPLOYMENT_APP_SECRET"],
            base_url=printed["EMQX_DEPLOYMENT_BASE_URL"],
            verify=ca,
            max_retries=0,
        ) as d:
            assert d.request("GET", path)["data"] == []
        assert any(dep_id in printed["header"] for dep_id in listed)

    # Only the printed credentials get in.
    with (
        DeploymentClient(
            deployments[0]["EMQX_DEPLOYMENT_APP_ID"],
            "not-the-secret",
            base_url=deployments[0]["EMQX_DEPLOYMENT_BASE_URL"],
            verify=ca,
            max_retries=0,
        ) as wrong,
        pytest.raises(AuthenticationError) as raised,
    ):
        wrong.request("GET", "/clients")
    assert raised.value.code == "BAD_API_KEY_OR_SECRET"

    # Ctrl-C stops it cleanly and removes the CA file.
    _assert_stops_cleanly(proc, ca, signal.SIGINT)


@pytest.mark.skipif(sys.platform == "win32", reason="a catchable SIGTERM is POSIX only")
def test_sigterm_stops_it_cleanly_too(
    standalone: tuple[subprocess.Popen[str], list[str]],
) -> None:
    proc, lines = standalone
    ca = _ca_path(lines)
    assert Path(ca).is_file()
    _assert_stops_cleanly(proc, ca, signal.SIGTERM)


def test_help_names_the_options() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "emqx_platform.testing", "--help"],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    for option in ("--host", "--port", "--transition-seconds", "--no-rate-limits"):
        assert option in result.stdout
