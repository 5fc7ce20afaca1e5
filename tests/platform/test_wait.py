"""``deployments.wait_for_status``: a stop/start cycle against the emulator (sync and
async), the timeout error, argument checks, and the poll budget of the defaults
(checked on a fake clock: a one-hour wait stays under 60 GETs)."""

from __future__ import annotations

import inspect
import math
import pickle
from typing import Any

import pytest

import emqx_platform
from emqx_platform import (
    AsyncPlatformClient,
    EMQXError,
    NotFoundError,
    PlatformClient,
    RateLimitError,
    WaitTimeoutError,
)
from emqx_platform.resources.platform import AsyncDeployments, Deployments
from emqx_platform.testing import Emulator

FAST: dict[str, Any] = {"timeout": 10.0, "poll_interval": 0.05}


def polls_seen(emu: Emulator, deployment_id: str) -> int:
    return sum(
        r["method"] == "GET" and r["path"].endswith(f"/deployments/{deployment_id}")
        for r in emu.requests
    )


# -- a stop/start cycle ---------------------------------------------------------


def test_stop_start_cycle(emqx_emulator: Emulator, platform_client: PlatformClient) -> None:
    deployments = platform_client.deployments
    deployment_id = emqx_emulator.deployments[0].id
    deployments.stop(deployment_id)
    stopped = deployments.wait_for_status(deployment_id, "stopped", **FAST)
    assert stopped["status"] == "stopped"
    assert stopped["deploymentID"] == deployment_id
    assert polls_seen(emqx_emulator, deployment_id) >= 2  # it was "stopping" first

    deployments.start(deployment_id)
    running = deployments.wait_for_status(deployment_id, "running", **FAST)
    assert running["status"] == "running"
    assert deployments.get(deployment_id) == running


@pytest.mark.asyncio
async def test_stop_start_cycle_async(
    emqx_emulator: Emulator, async_platform_client: AsyncPlatformClient
) -> None:
    deployments = async_platform_client.deployments
    deployment_id = emqx_emulator.deployments[1].id
    await deployments.stop(deployment_id)
    stopped = await deployments.wait_for_status(deployment_id, "stopped", **FAST)
    assert stopped["status"] == "stopped"
    await deployments.start(deployment_id)
    running = await deployments.wait_for_status(deployment_id, "running", **FAST)
    assert running["status"] == "running"


def test_status_already_reached_polls_once(
    emqx_emulator: Emulator, platform_client: PlatformClient
) -> None:
    deployment_id = emqx_emulator.deployments[0].id
    platform_client.deployments.wait_for_status(deployment_id, "running")
    assert polls_seen(emqx_emulator, deployment_id) == 1


# -- timing out -----------------------------------------------------------------


def test_timeout_gives_polls_and_last_status(
    emqx_emulator: Emulator, platform_client: PlatformClient
) -> None:
    deployment_id = emqx_emulator.deployments[0].id
    with pytest.raises(WaitTimeoutError) as info:
        platform_client.deployments.wait_for_status(
            deployment_id, "stopped", timeout=0.3, poll_interval=0.1
        )
    error = info.value
    assert isinstance(error, EMQXError)
    assert isinstance(error, TimeoutError)
    polls = polls_seen(emqx_emulator, deployment_id)
    assert error.polls == polls
    assert 2 <= polls <= 5  # about 1 + 0.3 / 0.1
    assert (error.deployment_id, error.status, error.last_status) == (
        deployment_id,
        "stopped",
        "running",
    )
    assert str(error) == (
        f"deployment {deployment_id!r} did not become 'stopped' within 0.3 s: "
        f"{polls} polls, last status 'running'"
    )
    copy = pickle.loads(pickle.dumps(error))
    assert (type(copy), str(copy), copy.polls, copy.last_status) == (
        WaitTimeoutError,
        str(error),
        polls,
        "running",
    )


@pytest.mark.asyncio
async def test_timeout_async(
    emqx_emulator: Emulator, async_platform_client: AsyncPlatformClient
) -> None:
    deployment_id = emqx_emulator.deployments[0].id
    with pytest.raises(TimeoutError, match=r"polls, last status 'running'") as info:
        await async_platform_client.deployments.wait_for_status(
            deployment_id, "stopping", timeout=0.2, poll_interval=0.05
        )
    assert isinstance(info.value, WaitTimeoutError)
    assert info.value.polls == polls_seen(emqx_emulator, deployment_id)


def test_wait_timeout_error_is_exported() -> None:
    assert emqx_platform.WaitTimeoutError is WaitTimeoutError
    assert "WaitTimeoutError" in emqx_platform.__all__


def test_poll_errors_propagate(emqx_emulator: Emulator, platform_client: PlatformClient) -> None:
    with pytest.raises(NotFoundError):
        platform_client.deployments.wait_for_status("nope", "running", **FAST)
    deployment_id = emqx_emulator.deployments[0].id
    emqx_emulator.inject_fault(path=f"/deployments/{deployment_id}$", status=429)
    with pytest.raises(RateLimitError, match=r"GET /deployments/\{deployment_id\} allows 60"):
        platform_client.with_options(max_retries=0).deployments.wait_for_status(
            deployment_id, "running", **FAST
        )


# -- arguments ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "options", "error", "message"),
    [
        ("started", {}, ValueError, "unknown deployment status 'started'"),
        ("RUNNING", {}, ValueError, "unknown deployment status"),
        (None, {}, TypeError, "status must be a str"),
        ("running", {"timeout": 0}, ValueError, "timeout must be"),
        ("running", {"timeout": -1}, ValueError, "timeout must be"),
        ("running", {"timeout": math.inf}, ValueError, "timeout must be"),
        ("running", {"timeout": None}, TypeError, "timeout must be a number"),
        ("running", {"poll_interval": 0}, ValueError, "poll_interval must be"),
        ("running", {"poll_interval": math.nan}, ValueError, "poll_interval must be"),
        ("running", {"poll_interval": True}, TypeError, "poll_interval must be a number"),
    ],
)
def test_bad_arguments_send_nothing(
    emqx_emulator: Emulator,
    platform_client: PlatformClient,
    status: Any,
    options: dict[str, Any],
    error: type[Exception],
    message: str,
) -> None:
    with pytest.raises(error, match=message):
        platform_client.deployments.wait_for_status(
            emqx_emulator.deployments[0].id, status, **options
        )
    assert emqx_emulator.requests == []


# -- the poll budget of the defaults (fake clock) -------------------------------


class FakeTime:
    """``monotonic`` and ``sleep`` (sync and async) on a clock that only sleeping moves."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class AsyncSleep:
    def __init__(self, clock: FakeTime) -> None:
        self.clock = clock

    async def sleep(self, seconds: float) -> None:
        self.clock.sleep(seconds)


class StuckClient:
    """A client whose deployment is ``starting`` forever; counts the GETs."""

    def __init__(self) -> None:
        self.gets = 0

    def request(self, method: str, path: str, **_: Any) -> Any:
        assert (method, path) == ("GET", "/deployments/d1")
        self.gets += 1
        return {"deploymentID": "d1", "status": "starting"}


class AsyncStuckClient(StuckClient):
    async def request(self, method: str, path: str, **kwargs: Any) -> Any:
        return super().request(method, path, **kwargs)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeTime:
    fake = FakeTime()
    monkeypatch.setattr("emqx_platform._wait.time", fake)
    monkeypatch.setattr("emqx_platform._wait._sleep", AsyncSleep(fake).sleep)
    return fake


def test_default_interval_keeps_an_hour_under_the_get_limit(clock: FakeTime) -> None:
    defaults = inspect.signature(Deployments.wait_for_status).parameters
    assert defaults["poll_interval"].default == 65.0
    client = StuckClient()
    with pytest.raises(WaitTimeoutError) as info:
        Deployments(client).wait_for_status("d1", "running", timeout=3600)  # type: ignore[arg-type]
    # One poll at once, one every 65 s, the last on the deadline: 57 < 60.
    assert client.gets == info.value.polls == 1 + math.ceil(3600 / 65) == 57
    assert sum(clock.sleeps) == pytest.approx(3600)
    assert max(clock.sleeps) == 65.0
    assert "57 polls, last status 'starting'" in str(info.value)


@pytest.mark.asyncio
async def test_default_interval_async(clock: FakeTime) -> None:
    defaults = inspect.signature(AsyncDeployments.wait_for_status).parameters
    assert defaults["poll_interval"].default == 65.0
    assert defaults["timeout"].default == 1800.0
    client = AsyncStuckClient()
    with pytest.raises(WaitTimeoutError) as info:
        await AsyncDeployments(client).wait_for_status("d1", "running")  # type: ignore[arg-type]
    assert client.gets == info.value.polls == 1 + math.ceil(1800 / 65)
    assert sum(clock.sleeps) == pytest.approx(1800)
