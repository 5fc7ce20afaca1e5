"""The emulator's page/limit envelope ``{data, meta: {page, limit, hasnext, count?}}``,
its limits and its errors, as ``emqx/emqx v5.8.6:apps/emqx_management/src/emqx_mgmt_api.erl``
pages every list."""

from __future__ import annotations

from typing import Any

import pytest

from emqx_platform import BadRequestError, DeploymentClient, quote_path
from emqx_platform.testing import Emulator

AUTHN_USERS = "/authentication/" + quote_path("password_based:built_in_database") + "/users"
AUTHZ = "/authorization/sources/built_in_database/rules"


@pytest.fixture
def clients(emqx_emulator: Emulator) -> list[str]:
    dep = emqx_emulator.deployments[0].id
    ids = [f"c{i:02}" for i in range(25)]
    for clientid in ids:
        emqx_emulator.connect_client(dep, clientid)
    return ids


def test_pages_walk_the_whole_list(deployment_client: DeploymentClient, clients: list[str]) -> None:
    seen: list[str] = []
    metas: list[dict[str, Any]] = []
    page = 1
    while True:
        answer = deployment_client.request("GET", "/clients", params={"page": page, "limit": 10})
        seen += [c["clientid"] for c in answer["data"]]
        metas.append(answer["meta"])
        if not answer["meta"]["hasnext"]:
            break
        page += 1
    assert seen == clients
    assert metas == [
        {"page": 1, "limit": 10, "hasnext": True, "count": 25},
        {"page": 2, "limit": 10, "hasnext": True, "count": 25},
        {"page": 3, "limit": 10, "hasnext": False, "count": 25},
    ]
    past = deployment_client.request("GET", "/clients", params={"page": 9, "limit": 10})
    assert past == {"data": [], "meta": {"page": 9, "limit": 10, "hasnext": False, "count": 25}}


def test_defaults_and_the_largest_limit(
    deployment_client: DeploymentClient, clients: list[str]
) -> None:
    meta = deployment_client.request("GET", "/clients")["meta"]
    assert (meta["page"], meta["limit"], meta["hasnext"]) == (1, 100, False)
    answer = deployment_client.request("GET", "/clients", params={"limit": 10000})
    assert len(answer["data"]) == 25


def test_exact_page_boundary(deployment_client: DeploymentClient, clients: list[str]) -> None:
    answer = deployment_client.request("GET", "/clients", params={"limit": 25})
    assert (len(answer["data"]), answer["meta"]["hasnext"]) == (25, False)
    answer = deployment_client.request("GET", "/clients", params={"limit": 24})
    assert answer["meta"]["hasnext"] is True


def test_fuzzy_filters_leave_count_out(
    deployment_client: DeploymentClient, clients: list[str]
) -> None:
    answer = deployment_client.request("GET", "/clients", params={"like_clientid": "c1"})
    assert "count" not in answer["meta"]
    assert [c["clientid"] for c in answer["data"]] == [f"c1{i}" for i in range(10)]
    exact = deployment_client.request("GET", "/clients", params={"clientid": ["c01", "c02"]})
    assert exact["meta"]["count"] == 2


@pytest.mark.parametrize(
    ("params", "code", "message"),
    [
        ({"page": 0}, "INVALID_PARAMETER", "page_limit_invalid"),
        ({"limit": 0}, "INVALID_PARAMETER", "page_limit_invalid"),
        ({"limit": -5}, "INVALID_PARAMETER", "page_limit_invalid"),
        ({"limit": 10001}, "BAD_REQUEST", None),
        ({"page": "two"}, "BAD_REQUEST", None),
        ({"limit": "1.5"}, "BAD_REQUEST", None),
    ],
)
@pytest.mark.parametrize(
    "path", ["/clients", "/subscriptions", "/banned", "/rules", AUTHN_USERS, AUTHZ + "/users"]
)
def test_bad_page_or_limit(
    deployment_client: DeploymentClient,
    path: str,
    params: dict[str, Any],
    code: str,
    message: str | None,
) -> None:
    with pytest.raises(BadRequestError) as raised:
        deployment_client.request("GET", path, params=params)
    assert raised.value.code == code
    if message is not None:
        assert raised.value.message == message


@pytest.mark.parametrize(
    "path", ["/subscriptions", "/topics", "/banned", "/rules", AUTHN_USERS, AUTHZ + "/clients"]
)
def test_other_lists_use_the_envelope(
    emqx_emulator: Emulator, deployment_client: DeploymentClient, path: str
) -> None:
    dep = emqx_emulator.deployments[0].id
    emqx_emulator.connect_client(dep, "c")
    d = deployment_client
    for i in range(3):
        d.request("POST", "/clients/c/subscribe", json={"topic": f"t/{i}"})
        d.request("POST", "/banned", json={"as": "clientid", "who": f"b{i}"})
        d.request("POST", "/rules", json={"sql": f'SELECT * FROM "t/{i}"'})
        d.request("POST", AUTHN_USERS, json={"user_id": f"u{i}", "password": "p"})
        d.request("POST", AUTHZ + "/clients", json=[{"clientid": f"c{i}", "rules": []}])
    first = d.request("GET", path, params={"limit": 2})
    second = d.request("GET", path, params={"limit": 2, "page": 2})
    assert len(first["data"]) == 2
    assert len(second["data"]) == 1
    assert first["meta"] == {"page": 1, "limit": 2, "hasnext": True, "count": 3}
    assert second["meta"]["hasnext"] is False
    assert first["data"][0] != second["data"][0]


@pytest.mark.asyncio
async def test_paging_async(emqx_emulator: Emulator, clients: list[str]) -> None:
    d = emqx_emulator.async_deployment_client(max_retries=0)
    seen: list[str] = []
    page = 1
    while True:
        answer = await d.request("GET", "/clients", params={"page": page, "limit": 7})
        seen += [c["clientid"] for c in answer["data"]]
        if not answer["meta"]["hasnext"]:
            break
        page += 1
    assert (seen, page) == (clients, 4)
