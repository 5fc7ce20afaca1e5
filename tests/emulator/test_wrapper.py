"""``emqx_platform.testing.Emulator``: what it shows, the clients it hands out, its life cycle.

Each test starts its own emulator (about 20 ms), so closing and resetting
never touch the session's.
"""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest

from emqx_platform import (
    AsyncDeploymentClient,
    AsyncPlatformClient,
    DeploymentClient,
    EMQXError,
    NotFoundError,
    PlatformClient,
    quote_path,
)
from emqx_platform.testing import Emulator, SeededDeployment

AUTHN_USERS = "/authentication/" + quote_path("password_based:built_in_database") + "/users"


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator(transition_seconds=0.05, rate_limits=False) as emulator:
        yield emulator


def test_where_and_who(emu: Emulator) -> None:
    host, port = emu.address
    assert host == "127.0.0.1"
    assert port > 0
    root = f"https://127.0.0.1:{port}"
    assert emu.platform_base_url.startswith(root)
    assert emu.platform_api_key
    assert emu.platform_api_secret
    assert emu.platform_api_key != emu.platform_api_secret
    pem = Path(emu.ca_cert_path).read_text(encoding="ascii")
    assert pem.startswith("-----BEGIN CERTIFICATE-----")


def test_seeded_deployments(emu: Emulator) -> None:
    dedicated, serverless, v4 = emu.deployments
    assert isinstance(dedicated, SeededDeployment)
    assert (dedicated.type, serverless.type, v4.type) == ("dedicated", "serverless", "dedicated")
    assert v4.version.startswith("4.4.")
    root = f"https://127.0.0.1:{emu.address[1]}"
    for d in emu.deployments:
        assert d.base_url.startswith(root)
        assert d.base_url.endswith("/api/v5" if d.version == "v5" else "/api")
        assert d.id in d.base_url
        assert d.app_id
        assert d.app_secret
    assert len({d.id for d in emu.deployments}) == len(emu.deployments)
    assert len({d.app_secret for d in emu.deployments}) == len(emu.deployments)
    assert emu.deployment() is dedicated
    assert emu.deployment(serverless.id) is serverless
    with pytest.raises(ValueError, match="no seeded deployment"):
        emu.deployment("nope")
    # The Platform API lists the same deployments, in their projects.
    with emu.platform_client() as p:
        listed = {d["deploymentID"]: d for d in p.request("GET", "/deployments")}
        projects = {p["projectID"] for p in p.request("GET", "/projects")}
    for d in emu.deployments:
        assert listed[d.id]["deploymentType"] == d.type
        assert listed[d.id]["deploymentName"] == d.name
        assert listed[d.id]["projectName"] == d.project_name
        assert listed[d.id]["version"] == d.version
        assert d.project_id in projects


def test_repr_hides_secrets(emu: Emulator) -> None:
    text = repr(emu) + repr(emu.deployments) + str(emu.deployments)
    assert emu.platform_base_url.rsplit("/", 1)[0] in repr(emu)
    assert emu.platform_api_secret not in text
    for d in emu.deployments:
        assert d.app_secret not in text
        assert d.id in text
    for client in (emu.platform_client(), emu.deployment_client()):
        assert emu.platform_api_secret not in repr(client)
        assert emu.deployments[0].app_secret not in repr(client)


def test_cannot_be_pickled(emu: Emulator) -> None:
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(emu)


def test_client_factories(emu: Emulator) -> None:
    p = emu.platform_client()
    assert isinstance(p, PlatformClient)
    assert p.base_url == emu.platform_base_url
    assert isinstance(p.request("GET", "/projects"), list)

    d = emu.deployment_client()
    assert isinstance(d, DeploymentClient)
    assert d.base_url == emu.deployments[0].base_url
    serverless = emu.deployment_client(emu.deployments[1].id)
    assert serverless.base_url == emu.deployments[1].base_url
    assert serverless.request("GET", "/clients")["data"] == []

    # Keyword options reach the client's constructor.
    tuned = emu.deployment_client(timeout=3.0, max_retries=0)
    assert (tuned.timeout, tuned.max_retries) == (3.0, 0)

    assert isinstance(emu.async_platform_client(), AsyncPlatformClient)
    assert isinstance(emu.async_deployment_client(), AsyncDeploymentClient)
    with pytest.raises(ValueError, match="no seeded deployment"):
        emu.deployment_client("nope")


@pytest.mark.asyncio
async def test_async_client_factories(emu: Emulator) -> None:
    async with emu.async_platform_client() as p:
        assert len(await p.request("GET", "/projects")) >= 1
    dep = emu.deployments[1]
    async with emu.async_deployment_client(dep.id) as d:
        assert d.base_url == dep.base_url
        emu.connect_client(dep.id, "a")
        page = await d.request("GET", "/clients")
        assert [c["clientid"] for c in page["data"]] == ["a"]


def test_connect_and_disconnect_clients(emu: Emulator) -> None:
    dep = emu.deployments[0].id
    shown = emu.connect_client(dep, "c1", username="u", proto_ver=4, client_attrs={"k": "v"})
    assert (shown["clientid"], shown["username"], shown["proto_ver"]) == ("c1", "u", 4)
    assert shown["client_attrs"] == {"k": "v"}
    assert shown["connected"] is True
    assert "disconnected_at" not in shown
    emu.connect_client(dep, "keeps", clean_start=False, expiry_interval=60)
    assert emu.disconnect_client(dep, "c1") is True
    assert emu.disconnect_client(dep, "keeps") is True
    assert emu.disconnect_client(dep, "never") is False
    with emu.deployment_client() as d:
        with pytest.raises(NotFoundError):
            d.request("GET", "/clients/c1")
        kept = d.request("GET", "/clients/keeps")
    assert kept["connected"] is False
    assert "disconnected_at" in kept


def test_reset_restores_the_seed_and_keeps_credentials(emu: Emulator) -> None:
    dep = emu.deployments[0]
    d = emu.deployment_client(max_retries=0)
    p = emu.platform_client(max_retries=0)
    emu.connect_client(dep.id, "c1")
    d.request("POST", "/clients/c1/subscribe", json={"topic": "t"})
    d.request("POST", "/publish", json={"topic": "t", "payload": "x"})
    d.request("POST", AUTHN_USERS, json={"user_id": "u", "password": "p"})
    d.request("POST", "/rules", json={"sql": 'SELECT * FROM "t"'})
    d.request("POST", "/banned", json={"as": "clientid", "who": "b"})
    p.request("POST", f"/deployments/{dep.id}/stop")
    emu.inject_fault(r"/nodes$", status=500, times=None)
    before = (emu.platform_api_key, emu.platform_api_secret, emu.deployments)
    assert emu.requests
    assert emu.published(dep.id)

    emu.reset()

    assert emu.requests == []
    assert emu.published(dep.id) == []
    assert (emu.platform_api_key, emu.platform_api_secret, emu.deployments) == before
    # The clients built before the reset still get in: credentials are kept.
    assert d.request("GET", "/clients")["data"] == []
    assert d.request("GET", "/subscriptions")["data"] == []
    assert d.request("GET", AUTHN_USERS)["data"] == []
    assert d.request("GET", "/rules")["data"] == []
    assert d.request("GET", "/banned")["data"] == []
    assert isinstance(d.request("GET", "/nodes"), list), "the fault is gone"
    assert p.request("GET", f"/deployments/{dep.id}")["status"] == "running"
    assert emu.requests[0]["path"].endswith("/clients")


def test_close_stops_serving_and_removes_the_ca_file() -> None:
    emu = Emulator(transition_seconds=0.05)
    ca = Path(emu.ca_cert_path)
    d = emu.deployment_client(max_retries=0, timeout=2.0, connect_timeout=2.0)
    assert d.request("GET", "/clients")["data"] == []
    assert ca.is_file()
    emu.close()
    assert not ca.exists()
    assert not ca.parent.exists()
    assert "closed" in repr(emu)
    with pytest.raises(EMQXError):
        d.request("GET", "/clients")
    emu.close()  # idempotent


def test_context_manager_closes() -> None:
    with Emulator(transition_seconds=0.05) as emu:
        ca = Path(emu.ca_cert_path)
        assert ca.is_file()
    assert not ca.exists()


def test_bad_arguments_are_refused(emu: Emulator) -> None:
    with pytest.raises(ValueError, match="transition_seconds"):
        Emulator(transition_seconds=-1)
    with pytest.raises(ValueError, match="times"):
        emu.inject_fault("/clients", status=500, times=0)
    with pytest.raises(ValueError, match="timezone"):
        emu.inject_fault("/clients", status=429, retry_after=dt.datetime(2030, 1, 1))
    with pytest.raises(ValueError, match="retry_after"):
        emu.inject_fault("/clients", status=429, retry_after=-1)
    with pytest.raises(ValueError, match="regex"):
        emu.inject_fault("(", status=500)
