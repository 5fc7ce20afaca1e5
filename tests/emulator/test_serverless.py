"""A serverless deployment answers only what the Serverless docs list; the rest is 404.

Reference: the EMQX Cloud Serverless API docs,
https://docs.emqx.com/en/cloud/latest/api/serverless.html (authentication users,
built-in authorization rules, clients and their subscriptions, subscriptions,
publish). The dedicated deployment answers the same unlisted requests.
"""

from __future__ import annotations

from typing import Any

import pytest

from emqx_platform import NotFoundError, quote_path
from emqx_platform.testing import Emulator
from support import raw_https

AUTHN_USERS = "/authentication/" + quote_path("password_based:built_in_database") + "/users"
AUTHZ = "/authorization/sources/built_in_database/rules"
PATH_NOT_FOUND = {"code": "NOT_FOUND", "message": "Request Path Not Found"}

# (method, path, body): not in the Serverless docs, served by a dedicated deployment.
UNLISTED: list[tuple[str, str, Any]] = [
    ("GET", "/rules", None),
    ("GET", "/metrics", None),
    ("GET", "/stats", None),
    ("GET", "/nodes", None),
    ("GET", "/banned", None),
    ("GET", "/topics", None),
    ("GET", "/connectors", None),
    ("GET", "/actions", None),
    ("GET", "/authentication", None),
    ("GET", "/mqtt/retainer/messages", None),
    ("POST", "/clients/kickout/bulk", ["c"]),
    ("DELETE", AUTHZ, None),
]


@pytest.fixture
def serverless(emqx_emulator: Emulator) -> str:
    return emqx_emulator.deployments[1].id


@pytest.mark.parametrize(("method", "path", "body"), UNLISTED)
def test_unlisted_endpoints_are_404(
    emqx_emulator: Emulator, serverless: str, method: str, path: str, body: Any
) -> None:
    with emqx_emulator.deployment_client(serverless, max_retries=0) as d:
        with pytest.raises(NotFoundError) as raised:
            d.request(method, path, json=body)
        assert raised.value.body == PATH_NOT_FOUND
    with emqx_emulator.deployment_client(max_retries=0) as dedicated:
        dedicated.request(method, path, json=body)  # no error


def test_unlisted_is_404_even_without_credentials(emqx_emulator: Emulator) -> None:
    url = emqx_emulator.deployments[1].base_url + "/rules"
    answer = raw_https.send(url, emqx_emulator.ca_cert_path)
    assert (answer.status, answer.json) == (404, PATH_NOT_FOUND)


def test_listed_endpoints_work(emqx_emulator: Emulator, serverless: str) -> None:
    emqx_emulator.connect_client(serverless, "dev/1", username="u")
    c = quote_path("dev/1")
    with emqx_emulator.deployment_client(serverless, max_retries=0) as d:
        assert [x["clientid"] for x in d.request("GET", "/clients")["data"]] == ["dev/1"]
        assert d.request("GET", f"/clients/{c}")["username"] == "u"
        d.request("POST", f"/clients/{c}/subscribe", json={"topic": "a/#"})
        d.request("POST", f"/clients/{c}/subscribe/bulk", json=[{"topic": "b"}, {"topic": "c"}])
        d.request("POST", f"/clients/{c}/unsubscribe", json={"topic": "b"})
        d.request("POST", f"/clients/{c}/unsubscribe/bulk", json=[{"topic": "c"}])
        assert [s["topic"] for s in d.request("GET", f"/clients/{c}/subscriptions")] == ["a/#"]
        assert d.request("GET", "/subscriptions")["meta"]["count"] == 1
        assert "id" in d.request("POST", "/publish", json={"topic": "a/1", "payload": "x"})
        assert len(d.request("POST", "/publish/bulk", json=[{"topic": "a/2", "payload": "y"}])) == 1

        d.request("POST", AUTHN_USERS, json={"user_id": "alice", "password": "pw"})
        d.request("PUT", AUTHN_USERS + "/alice", json={"password": "new"})
        assert d.request("GET", AUTHN_USERS + "/alice")["user_id"] == "alice"
        imported = d.request(
            "POST",
            AUTHN_USERS.rsplit("/", 1)[0] + "/import_users",
            params={"type": "plain"},
            json=[{"user_id": "bob", "password": "pw"}],
        )
        assert imported["success"] == 1
        assert d.request("GET", AUTHN_USERS)["meta"]["count"] == 2
        d.request("DELETE", AUTHN_USERS + "/alice")

        rule = {"topic": "t", "permission": "allow", "action": "all"}
        d.request("POST", AUTHZ + "/users", json=[{"username": "u", "rules": [rule]}])
        d.request("POST", AUTHZ + "/clients", json=[{"clientid": "dev/1", "rules": [rule]}])
        d.request("PUT", f"{AUTHZ}/clients/{c}", json={"clientid": "dev/1", "rules": []})
        assert d.request("GET", f"{AUTHZ}/clients/{c}")["rules"] == []
        assert d.request("GET", AUTHZ + "/users/u")["rules"] == [rule]
        d.request("DELETE", AUTHZ + "/users/u")
        d.request("POST", AUTHZ + "/all", json={"rules": [rule]})
        assert d.request("GET", AUTHZ + "/all")["rules"] == [rule]
        d.request("DELETE", AUTHZ + "/all")

        d.request("DELETE", f"/clients/{c}")
        assert d.request("GET", "/clients")["data"] == []
    assert len(emqx_emulator.published(serverless)) == 2


@pytest.mark.asyncio
async def test_serverless_async(emqx_emulator: Emulator, serverless: str) -> None:
    d = emqx_emulator.async_deployment_client(serverless, max_retries=0)
    assert (await d.request("GET", "/clients"))["data"] == []
    with pytest.raises(NotFoundError):
        await d.request("GET", "/metrics")
