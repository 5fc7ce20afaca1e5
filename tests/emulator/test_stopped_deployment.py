"""A stopped (or stopping, or starting) deployment answers its Deployment API with 503.

The emulator answers as a gateway in front of a stopped cluster would:
``503 SERVICE_UNAVAILABLE``, after routing and authentication, and the
configuration (users, rules, ...) is there again once the deployment runs.
Stopping it is a cluster going down: its simulated clients and their sessions
end, and ``connect_client`` refuses until it runs again.
The clients are built with ``max_retries=0``: a 503 is retryable, and these
tests want the first answer.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from emqx_platform import (
    AuthenticationError,
    DeploymentClient,
    InternalServerError,
    NotFoundError,
)
from emqx_platform.testing import Emulator

FAST: dict[str, Any] = {"timeout": 10.0, "poll_interval": 0.05}


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
        with pytest.raises(NotFoundError):
            d.clients.get("sensor/1")  # the stop ended its session

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


def count(d: DeploymentClient, path: str) -> int:
    answer: dict[str, Any] = d.request("GET", path)
    total: int = answer["meta"]["count"]
    return total


def refused(emu: Emulator, deployment_id: str, status: str) -> pytest.RaisesExc[ValueError]:
    """``connect_client`` must raise the error that names the deployment and ``status``."""
    message = f"deployment {deployment_id} is not running (status: {status})"
    return pytest.raises(ValueError, match=f"^{re.escape(message)}; ")


def test_stop_ends_sessions_and_keeps_configuration(emqx_emulator: Emulator) -> None:
    dep = emqx_emulator.deployments[0]
    other = emqx_emulator.deployments[1]
    keeps_session: dict[str, Any] = {"clean_start": False, "expiry_interval": 3600}
    acl_clients = "/authorization/sources/built_in_database/rules/clients"
    with (
        emqx_emulator.platform_client(max_retries=0) as platform,
        emqx_emulator.deployment_client(max_retries=0) as d,
    ):
        d.auth_users.create("alice", "secret-1")
        d.request(
            "POST",
            acl_clients,
            json=[
                {
                    "clientid": "c/1",
                    "rules": [{"topic": "t/#", "action": "all", "permission": "allow"}],
                }
            ],
        )
        d.request("POST", "/banned", json={"as": "clientid", "who": "bad/1"})
        d.rules.create('SELECT * FROM "t/#"', id="keep-me")
        d.request("POST", "/publish", json={"topic": "r/1", "payload": "x", "retain": True})
        emqx_emulator.connect_client(dep.id, "live")
        emqx_emulator.connect_client(dep.id, "kept", **keeps_session)
        d.request("POST", "/clients/live/subscribe", json={"topic": "t/1"})
        d.request("POST", "/clients/kept/subscribe", json={"topic": "$share/g/t/2"})
        emqx_emulator.disconnect_client(dep.id, "kept")
        emqx_emulator.connect_client(other.id, "elsewhere")

        platform.deployments.stop(dep.id)
        with refused(emqx_emulator, dep.id, "stopping"):
            emqx_emulator.connect_client(dep.id, "late")
        assert emqx_emulator.disconnect_client(dep.id, "live") is False, "already gone"
        platform.deployments.wait_for_status(dep.id, "stopped", **FAST)
        with refused(emqx_emulator, dep.id, "stopped"):
            emqx_emulator.connect_client(dep.id, "late")
        platform.deployments.start(dep.id)
        with refused(emqx_emulator, dep.id, "starting"):
            emqx_emulator.connect_client(dep.id, "late")
        platform.deployments.wait_for_status(dep.id, "running", **FAST)

        # The sessions, their subscriptions and routes went with the cluster ...
        assert [count(d, p) for p in ("/clients", "/subscriptions", "/topics")] == [0, 0, 0]
        # ... what was configured, and the retained message, did not.
        assert [u["user_id"] for u in d.auth_users.list()] == ["alice"]
        assert count(d, acl_clients) == 1
        assert count(d, "/banned") == 1
        assert d.rules.get("keep-me")["id"] == "keep-me"
        assert count(d, "/mqtt/retainer/messages") == 1
        # The other deployment kept running, with its client.
        with emqx_emulator.deployment_client(other.id, max_retries=0) as o:
            assert [c["clientid"] for c in o.request("GET", "/clients")["data"]] == ["elsewhere"]

        # Running again: clients connect; the kept session is not resumed.
        client = emqx_emulator.connect_client(dep.id, "kept", **keeps_session)
        assert client["subscriptions_cnt"] == 0
        assert d.clients.get("kept")["connected"] is True
