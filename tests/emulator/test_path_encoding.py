"""Percent-encoded path parameters (client ids, topics, user names, ban targets) are
decoded whole: ``/``, ``#``, ``+``, ``:``, spaces and ``%`` never split or change them."""

from __future__ import annotations

import pytest

from emqx_platform import NotFoundError, quote_path
from emqx_platform.testing import Emulator

ODD_IDS = ["dev/1", "a#b", "x+y", "urn:dev:7", "with space", "100%", "al@ice", "ünï/ç+ode #1"]
AUTHN_USERS = "/authentication/" + quote_path("password_based:built_in_database") + "/users"
AUTHZ = "/authorization/sources/built_in_database/rules"


@pytest.mark.parametrize("clientid", ODD_IDS)
def test_client_ids(emqx_emulator: Emulator, clientid: str) -> None:
    dep = emqx_emulator.deployments[0].id
    emqx_emulator.connect_client(dep, clientid)
    emqx_emulator.connect_client(dep, "bystander")
    path = "/clients/" + quote_path(clientid)
    with emqx_emulator.deployment_client(max_retries=0) as d:
        assert d.request("GET", path)["clientid"] == clientid
        sub = d.request("POST", path + "/subscribe", json={"topic": "t/+"})
        assert sub["clientid"] == clientid
        assert [s["clientid"] for s in d.request("GET", path + "/subscriptions")] == [clientid]
        page = d.request("GET", "/clients", params={"clientid": clientid})
        assert [c["clientid"] for c in page["data"]] == [clientid]
        subs = d.request("GET", "/subscriptions", params={"clientid": clientid})
        assert [s["clientid"] for s in subs["data"]] == [clientid]
        assert d.request("DELETE", path) is None
        with pytest.raises(NotFoundError):
            d.request("GET", path)
        assert d.request("GET", "/clients/bystander")["clientid"] == "bystander"
    assert emqx_emulator.requests[0]["path"].endswith("/clients/" + quote_path(clientid))


def test_topics_with_wildcards(emqx_emulator: Emulator) -> None:
    dep = emqx_emulator.deployments[0].id
    emqx_emulator.connect_client(dep, "c")
    with emqx_emulator.deployment_client(max_retries=0) as d:
        for topic in ("a/+/c", "a/#", "$share/g/x y/#"):
            d.request("POST", "/clients/c/subscribe", json={"topic": topic})
        routes = d.request("GET", "/topics/" + quote_path("a/+/c"))
        assert [r["topic"] for r in routes] == ["a/+/c"]
        assert d.request("GET", "/topics/" + quote_path("a/#"))[0]["topic"] == "a/#"
        with pytest.raises(NotFoundError):
            d.request("GET", "/topics/" + quote_path("a/+"))
        filtered = d.request("GET", "/subscriptions", params={"topic": "a/+/c"})
        assert [s["topic"] for s in filtered["data"]] == ["a/+/c"]
        d.request("POST", "/clients/c/unsubscribe", json={"topic": "a/#"})
        left = [s["topic"] for s in d.request("GET", "/clients/c/subscriptions")]
        assert left == ["a/+/c", "$share/g/x y/#"]


def test_user_names_and_ban_targets(emqx_emulator: Emulator) -> None:
    with emqx_emulator.deployment_client(max_retries=0) as d:
        for name in ODD_IDS:
            d.request("POST", AUTHN_USERS, json={"user_id": name, "password": "pw"})
            assert d.request("GET", f"{AUTHN_USERS}/{quote_path(name)}")["user_id"] == name
            d.request("POST", AUTHZ + "/users", json=[{"username": name, "rules": []}])
            got = d.request("GET", f"{AUTHZ}/users/{quote_path(name)}")
            assert got["username"] == name
        d.request("DELETE", f"{AUTHN_USERS}/{quote_path('dev/1')}")
        remaining = {u["user_id"] for u in d.request("GET", AUTHN_USERS)["data"]}
        assert remaining == set(ODD_IDS) - {"dev/1"}

        d.request("POST", "/banned", json={"as": "peerhost_net", "who": "10.0.0.0/8"})
        d.request("POST", "/banned", json={"as": "clientid_re", "who": "^bot/.+$"})
        d.request("DELETE", "/banned/peerhost_net/" + quote_path("10.0.0.0/8"))
        assert [b["who"] for b in d.request("GET", "/banned")["data"]] == ["^bot/.+$"]
        d.request("DELETE", "/banned/clientid_re/" + quote_path("^bot/.+$"))
        assert d.request("GET", "/banned")["data"] == []


def test_an_unencoded_slash_is_another_path(emqx_emulator: Emulator) -> None:
    emqx_emulator.connect_client(emqx_emulator.deployments[0].id, "dev/1")
    with (
        emqx_emulator.deployment_client(max_retries=0) as d,
        pytest.raises(NotFoundError) as raised,
    ):
        d.request("GET", "/clients/dev/1")
    assert raised.value.code == "NOT_FOUND", "an unknown route, not CLIENTID_NOT_FOUND"


@pytest.mark.asyncio
async def test_client_ids_async(emqx_emulator: Emulator) -> None:
    dep = emqx_emulator.deployments[0].id
    d = emqx_emulator.async_deployment_client(max_retries=0)
    for clientid in ODD_IDS:
        emqx_emulator.connect_client(dep, clientid)
        got = await d.request("GET", "/clients/" + quote_path(clientid))
        assert got["clientid"] == clientid
