"""A stopped (or stopping, or starting) deployment answers its Deployment API with 503.

The emulator answers as a gateway in front of a stopped cluster would:
``503 SERVICE_UNAVAILABLE``, after routing and authentication, and the state
(users, rules, simulated clients) is there again once the deployment runs.
The clients are built with ``max_retries=0``: a 503 is retryable, and these
tests want the first answer.
"""

from __future__ import annotations

import pytest

from emqx_platform import AuthenticationError, InternalServerError
from emqx_platform.testing import Emulator

FAST = {"timeout": 10.0, "poll_interval": 0.05}


def unavailable_message(deployment_id: str, status: str) -> str:
    return f"deployment {deployment_id} is not running (status: {status})"


def test_stopped_deployment_is_unavailable_until_started(emqx_emulator: Emulator) -> None:
    dep = emqx_emulator.deployments[0]
    emqx_emulator.connect_client(dep.id, "sensor/1")
    with (
        emqx_emulator.platform_client(max_retries=0) as platform,
        emqx_emulator.deployment_client(max_retries=0) as d,
    ):
        d.auth_users.create("alice", "secret-1")
        rule = d.rules.create('SELECT * FROM "t/#"', id="keep-me")

        platform.deployments.stop(dep.id)
        platform.deployments.wait_for_status(dep.id, "stopped", **FAST)
        with pytest.raises(InternalServerError) as info:
            d.auth_users.get("alice")
        error = info.value
        assert (error.status_code, error.code, error.message) == (
            503,
            "SERVICE_UNAVAILABLE",
            unavailable_message(dep.id, "stopped"),
        )
        assert error.body == {"code": error.code, "message": error.message}, "nothing else"
        with pytest.raises(InternalServerError):
            d.auth_users.create("bob", "secret-2")

        platform.deployments.start(dep.id)
        platform.deployments.wait_for_status(dep.id, "running", **FAST)
        assert [u["user_id"] for u in d.auth_users.list()] == ["alice"]
        assert d.rules.get("keep-me")["sql"] == rule["sql"]
        assert d.clients.get("sensor/1")["connected"] is True

    statuses = [r["status"] for r in emqx_emulator.requests if r["deployment_id"] == dep.id]
    assert statuses.count(503) == 2, "one attempt each: no retries with max_retries=0"


def test_credentials_are_checked_before_availability(emqx_emulator: Emulator) -> None:
    dep = emqx_emulator.deployments[1]
    with emqx_emulator.platform_client(max_retries=0) as platform:
        platform.deployments.stop(dep.id)
        platform.deployments.wait_for_status(dep.id, "stopped", **FAST)
    with (
        emqx_emulator.deployment_client(
            dep.id, app_secret="not-the-secret-1234", max_retries=0
        ) as stranger,
        pytest.raises(AuthenticationError),
    ):
        stranger.request("GET", "/clients")
    with (
        emqx_emulator.deployment_client(dep.id, max_retries=0) as d,
        pytest.raises(InternalServerError) as info,
    ):
        d.request("GET", "/clients")
    assert info.value.message == unavailable_message(dep.id, "stopped")


@pytest.mark.asyncio
async def test_async_client_sees_the_same_503(emqx_emulator: Emulator) -> None:
    dep = emqx_emulator.deployments[0]
    async with emqx_emulator.async_platform_client(max_retries=0) as platform:
        await platform.deployments.stop(dep.id)
        await platform.deployments.wait_for_status(dep.id, "stopped", **FAST)
    async with emqx_emulator.async_deployment_client(max_retries=0) as d:
        with pytest.raises(InternalServerError) as info:
            await d.clients.get("any")
    assert (info.value.status_code, info.value.code) == (503, "SERVICE_UNAVAILABLE")
