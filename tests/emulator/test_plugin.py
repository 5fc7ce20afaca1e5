"""The pytest plugin: its fixtures used directly, and a user's test file run by ``pytester``."""

from __future__ import annotations

import textwrap
from typing import Any

import pytest

from emqx_platform import (
    AsyncDeploymentClient,
    AsyncPlatformClient,
    DeploymentClient,
    PlatformClient,
)
from emqx_platform.testing import Emulator

pytest_plugins = ["pytester"]


def test_emqx_emulator_is_a_reset_emulator(emqx_emulator: Emulator) -> None:
    assert isinstance(emqx_emulator, Emulator)
    assert emqx_emulator.requests == []
    dep = emqx_emulator.deployments[0].id
    emqx_emulator.connect_client(dep, "left-behind")
    emqx_emulator.inject_fault(r"/nodes$", status=500, times=None)


def test_the_next_test_starts_clean(
    emqx_emulator: Emulator, deployment_client: DeploymentClient
) -> None:
    # Runs after the test above (file order): its client and fault are gone.
    assert deployment_client.request("GET", "/clients")["data"] == []
    assert isinstance(deployment_client.request("GET", "/nodes"), list)


def test_one_emulator_per_session(emqx_emulator: Emulator, emqx_emulator_session: Emulator) -> None:
    assert emqx_emulator is emqx_emulator_session


def test_sync_client_fixtures(
    emqx_emulator: Emulator,
    platform_client: PlatformClient,
    deployment_client: DeploymentClient,
) -> None:
    assert isinstance(platform_client, PlatformClient)
    assert platform_client.base_url == emqx_emulator.platform_base_url
    assert {d["deploymentID"] for d in platform_client.request("GET", "/deployments")} == {
        d.id for d in emqx_emulator.deployments
    }
    assert isinstance(deployment_client, DeploymentClient)
    assert deployment_client.base_url == emqx_emulator.deployments[0].base_url
    emqx_emulator.connect_client(emqx_emulator.deployments[0].id, "c")
    assert deployment_client.request("GET", "/clients/c")["clientid"] == "c"


@pytest.mark.asyncio
async def test_async_client_fixtures(
    emqx_emulator: Emulator,
    async_platform_client: AsyncPlatformClient,
    async_deployment_client: AsyncDeploymentClient,
) -> None:
    assert isinstance(async_platform_client, AsyncPlatformClient)
    assert len(await async_platform_client.request("GET", "/projects")) >= 1
    assert isinstance(async_deployment_client, AsyncDeploymentClient)
    assert async_deployment_client.base_url == emqx_emulator.deployments[0].base_url
    page = await async_deployment_client.request("GET", "/clients")
    assert page["meta"]["hasnext"] is False


def test_default_options_are_fast(emqx_emulator_options: dict[str, Any]) -> None:
    assert emqx_emulator_options["transition_seconds"] <= 1


USER_INI = "[pytest]\nasyncio_default_fixture_loop_scope = function\n"

USER_CONFTEST = """
import pytest

@pytest.fixture(scope="session")
def emqx_emulator_options():
    return {"transition_seconds": 0.01, "rate_limits": False}
"""

USER_TESTS = '''
import pytest

def ban_idle(client, username):
    """The user's code under test."""
    page = client.request("GET", "/clients", params={"username": username})
    idle = [c["clientid"] for c in page["data"] if c["recv_msg"] == 0]
    for clientid in idle:
        client.request("POST", "/banned", json={"as": "clientid", "who": clientid})
        client.request("DELETE", "/clients/" + clientid)
    return idle

def test_ban_idle(emqx_emulator, deployment_client):
    dep = emqx_emulator.deployments[0].id
    emqx_emulator.connect_client(dep, "busy", username="fleet", recv_msg=3)
    emqx_emulator.connect_client(dep, "idle", username="fleet")
    assert ban_idle(deployment_client, "fleet") == ["idle"]
    assert [b["who"] for b in deployment_client.request("GET", "/banned")["data"]] == ["idle"]
    kicks = [r["path"] for r in emqx_emulator.requests if r["method"] == "DELETE"]
    assert [p.rsplit("/", 1)[1] for p in kicks] == ["idle"]

def test_state_was_reset(deployment_client):
    assert deployment_client.request("GET", "/banned")["data"] == []

def test_options_fixture_was_used(platform_client):
    # 61 GETs in the hour would be a 429 with the Platform rate limits on.
    for _ in range(61):
        platform_client.request("GET", "/projects")

@pytest.mark.asyncio
async def test_async(async_deployment_client, async_platform_client):
    assert (await async_deployment_client.request("GET", "/clients"))["data"] == []
    assert await async_platform_client.request("GET", "/projects")
'''


def test_a_users_test_file_passes_with_the_plugin(pytester: pytest.Pytester) -> None:
    """Installing the package is enough: no import, no conftest wiring of the plugin."""
    pytester.makeconftest(USER_CONFTEST)
    pytester.makepyfile(test_fleet=USER_TESTS)
    pytester.makeini(USER_INI)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=4)


def test_a_failing_user_test_fails(pytester: pytest.Pytester) -> None:
    """The fixtures do not swallow failures (the plugin reports what the user's code did)."""
    pytester.makepyfile(
        test_wrong=textwrap.dedent(
            """
            from emqx_platform import NotFoundError

            def test_unknown_client(deployment_client):
                deployment_client.request("GET", "/clients/nobody")
            """
        )
    )
    pytester.makeini(USER_INI)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*NotFoundError*CLIENTID_NOT_FOUND*"])


CLOSING_TESTS = """
import pytest

kept = []

@pytest.fixture
def anyio_backend():
    return "asyncio"

@pytest.mark.asyncio
async def test_asyncio(async_platform_client, async_deployment_client, async_v4_deployment_client):
    kept.extend([async_platform_client, async_deployment_client, async_v4_deployment_client])
    assert not any(client.closed for client in kept)

@pytest.mark.anyio
async def test_anyio(async_platform_client, async_deployment_client, async_v4_deployment_client):
    kept.extend([async_platform_client, async_deployment_client, async_v4_deployment_client])
    assert not any(client.closed for client in kept[3:])

def test_both_runners_closed_them():
    assert len(kept) == 6
    assert [client.closed for client in kept] == [True] * 6
"""


def test_async_client_fixtures_are_closed_after_the_test(pytester: pytest.Pytester) -> None:
    """Under pytest-asyncio and anyio alike, a client kept past its test is closed."""
    pytester.makepyfile(test_closing=CLOSING_TESTS)
    pytester.makeini(USER_INI)
    result = pytester.runpytest("-p", "no:cacheprovider", "-p", "anyio")
    result.assert_outcomes(passed=3)
