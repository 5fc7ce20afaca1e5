"""Deployment API: authentication users, authorization rules, banned; sync and async."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from emqx_platform import BadRequestError, ConflictError, NotFoundError
from support.deployments import FlavoredDeployment
from support.flavors import Call

pytestmark = pytest.mark.asyncio

USERS_PATH = "/authentication/password_based%3Abuilt_in_database/users"
RULES_PATH = "/authorization/sources/built_in_database/rules"

ALLOW_SUB = {"topic": "t/#", "permission": "allow", "action": "subscribe"}
DENY_ALL = {"topic": "eq secret/#", "permission": "deny", "action": "all"}


@pytest.fixture
def d(serverless: FlavoredDeployment) -> FlavoredDeployment:
    """The serverless deployment: authentication and authorization are Serverless APIs."""
    return serverless


# -- authentication users -------------------------------------------------------


async def test_auth_user_lifecycle(d: FlavoredDeployment) -> None:
    created = await d(lambda c: c.auth_users.create("alice", "pw1", is_superuser=True))
    assert created == {"user_id": "alice", "is_superuser": True}
    assert d.last()["path"].endswith(USERS_PATH)
    assert d.last()["status"] == 201
    assert await d(lambda c: c.auth_users.get("alice")) == created

    updated = await d(lambda c: c.auth_users.update("alice", password="pw1", is_superuser=False))
    assert updated["is_superuser"] is False
    assert d.last()["body"] == {"password": "pw1", "is_superuser": False}
    await d(lambda c: c.auth_users.update("alice", password="pw2"))
    assert d.last()["body"] == {"password": "pw2"}

    assert await d(lambda c: c.auth_users.delete("alice")) is None
    with pytest.raises(NotFoundError) as err:
        await d(lambda c: c.auth_users.get("alice"))
    assert err.value.code == "NOT_FOUND"


async def test_auth_user_duplicate_is_409(d: FlavoredDeployment) -> None:
    await d(lambda c: c.auth_users.create("bob", "pw"))
    with pytest.raises(ConflictError) as err:
        await d(lambda c: c.auth_users.create("bob", "pw"))
    assert err.value.code == "ALREADY_EXISTS"


async def test_auth_users_list_filters_and_pages(d: FlavoredDeployment) -> None:
    for i in range(5):
        await d(lambda c, i: c.auth_users.create(f"u{i}", "pw", is_superuser=i == 0), i)
    users = await d.all(lambda c: c.auth_users.list(limit=2))
    assert [u["user_id"] for u in users] == [f"u{i}" for i in range(5)]
    page = await d(lambda c: c.auth_users.list(is_superuser=True))
    assert [u["user_id"] for u in page.data] == ["u0"]
    assert d.last()["query"]["is_superuser"] == ["true"]
    page = await d(lambda c: c.auth_users.list(like_user_id="u1"))
    assert [u["user_id"] for u in page.data] == ["u1"]
    assert "count" not in page.meta


async def test_odd_user_ids(d: FlavoredDeployment) -> None:
    for user_id in ["a/b", "x y", "c#+", "мир"]:
        await d(lambda c, u: c.auth_users.create(u, "pw"), user_id)
        assert (await d(lambda c, u: c.auth_users.get(u), user_id))["user_id"] == user_id
        await d(lambda c, u: c.auth_users.delete(u), user_id)


async def test_other_authenticator_is_reachable(d: FlavoredDeployment) -> None:
    users = d.client.auth_users.for_authenticator("scram:built_in_database")
    assert users.authenticator == "scram:built_in_database"
    with pytest.raises(NotFoundError):
        await d(lambda _: users.get("x"))
    assert "/authentication/scram%3Abuilt_in_database/users/x" in d.last()["path"]


async def test_get_authenticator(dedicated: FlavoredDeployment) -> None:
    config = await dedicated(lambda c: c.auth_users.get_authenticator())
    assert config["id"] == "password_based:built_in_database"
    assert (config["mechanism"], config["backend"]) == ("password_based", "built_in_database")
    path = dedicated.last()["path"]
    assert path.endswith("/authentication/password_based%3Abuilt_in_database")
    with pytest.raises(NotFoundError):
        await dedicated(
            lambda c: c.auth_users.for_authenticator("scram:built_in_database").get_authenticator()
        )


async def test_import_users_from_a_list(d: FlavoredDeployment) -> None:
    result = await d(
        lambda c: c.auth_users.import_users(
            [
                {"user_id": "i1", "password": "p", "is_superuser": True},
                {"user_id": "i2", "password": "p"},
            ]
        )
    )
    assert result["success"] == 2
    assert d.last()["query"] == {"type": ["plain"]}
    assert (await d(lambda c: c.auth_users.get("i1")))["is_superuser"] is True


async def test_import_users_reads_is_superuser_strictly(
    d: FlavoredDeployment, tmp_path: Path
) -> None:
    csv_file = tmp_path / "users.csv"
    csv_file.write_text("user_id,password,is_superuser\ns1,p,TRUE \ns2,p,\n")
    result = await d(lambda c: c.auth_users.import_users(csv_file))
    assert result["success"] == 2
    assert d.last()["body"] == [
        {"user_id": "s1", "password": "p", "is_superuser": True},
        {"user_id": "s2", "password": "p"},
    ]
    bad = tmp_path / "bad.csv"
    bad.write_text("user_id,password,is_superuser\nb1,p,1\n")
    with pytest.raises(ValueError, match="'true' or 'false'"):
        await d(lambda c: c.auth_users.import_users(bad))


async def test_import_users_from_files(d: FlavoredDeployment, tmp_path: Path) -> None:
    csv_file = tmp_path / "users.csv"
    csv_file.write_text("user_id,password,is_superuser\nc1,p1,true\nc2,p2,false\n")
    result = await d(lambda c: c.auth_users.import_users(csv_file))
    assert (result["total"], result["success"]) == (2, 2)
    assert d.last()["body"][0] == {"user_id": "c1", "password": "p1", "is_superuser": True}

    json_file = tmp_path / "users.json"
    hashed = [{"user_id": "h1", "password_hash": "abc", "salt": "s", "is_superuser": False}]
    json_file.write_text(json.dumps(hashed))
    result = await d(lambda c: c.auth_users.import_users(str(json_file), hashed=True))
    assert result["success"] == 1
    assert d.last()["query"] == {"type": ["hash"]}


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda c: c.auth_users.create("", "pw"), ValueError),
        (lambda c: c.auth_users.create("u", ""), ValueError),
        (lambda c: c.auth_users.create("u", "pw", is_superuser="yes"), TypeError),
        (lambda c: c.auth_users.update("u"), ValueError),
        (lambda c: c.auth_users.update("u", is_superuser=True), ValueError),
        (lambda c: c.auth_users.import_users([]), ValueError),
        (lambda c: c.auth_users.import_users([{"user_id": "u"}]), ValueError),
        (lambda c: c.auth_users.import_users([{"password": "p"}]), ValueError),
        (lambda c: c.auth_users.import_users([{"user_id": 1, "password": "p"}]), TypeError),
        (lambda c: c.auth_users.import_users({"user_id": "u"}), TypeError),
        # A guess at a bad is_superuser would grant or drop superuser rights.
        (
            lambda c: c.auth_users.import_users(
                [{"user_id": "u", "password": "p", "is_superuser": "yes"}]
            ),
            ValueError,
        ),
        (
            lambda c: c.auth_users.import_users(
                [{"user_id": "u", "password": "p", "is_superuser": 1}]
            ),
            TypeError,
        ),
        (lambda c: c.auth_users.list(limit=20000), ValueError),
    ],
)
async def test_auth_bad_arguments(
    d: FlavoredDeployment, call: Call, error: type[Exception]
) -> None:
    with pytest.raises(error):
        await d(call)
    assert d.sent() == []


# -- authorization rules --------------------------------------------------------


@pytest.mark.parametrize(("table", "key"), [("clients", "clientid"), ("users", "username")])
async def test_acl_rules_per_id(d: FlavoredDeployment, table: str, key: str) -> None:
    rules = lambda c: getattr(c.acl, table)  # noqa: E731
    await d(lambda c: rules(c).create("dev/1", [ALLOW_SUB, {**DENY_ALL, "qos": [1, 2]}]))
    assert d.last()["body"] == [{key: "dev/1", "rules": [ALLOW_SUB, {**DENY_ALL, "qos": [1, 2]}]}]
    got = await d(lambda c: rules(c).get("dev/1"))
    assert got[key] == "dev/1"
    assert [r["topic"] for r in got["rules"]] == ["t/#", "eq secret/#"]

    await d(lambda c: rules(c).update("dev/1", [ALLOW_SUB]))
    assert d.last()["method"] == "PUT"
    assert d.last()["path"].endswith(f"{RULES_PATH}/{table}/dev%2F1")
    assert d.last()["body"] == {key: "dev/1", "rules": [ALLOW_SUB]}
    assert len((await d(lambda c: rules(c).get("dev/1")))["rules"]) == 1

    await d(lambda c: rules(c).create("dev/2", [ALLOW_SUB]))
    listed = await d.all(lambda c: rules(c).list(limit=1))
    assert [e[key] for e in listed] == ["dev/1", "dev/2"]
    page = await d(lambda c: rules(c).list(like="2"))
    assert [e[key] for e in page.data] == ["dev/2"]
    assert d.last()["query"][f"like_{key}"] == ["2"]

    await d(lambda c: rules(c).delete("dev/1"))
    with pytest.raises(NotFoundError):
        await d(lambda c: rules(c).get("dev/1"))


async def test_acl_user_rules_duplicate_is_409(d: FlavoredDeployment) -> None:
    await d(lambda c: c.acl.users.create("u", [ALLOW_SUB]))
    with pytest.raises(ConflictError) as err:
        await d(lambda c: c.acl.users.create("u", [ALLOW_SUB]))
    assert err.value.code == "ALREADY_EXISTS"


async def test_acl_all(d: FlavoredDeployment) -> None:
    assert await d(lambda c: c.acl.all.get()) == {"rules": []}
    await d(lambda c: c.acl.all.set([DENY_ALL, {**ALLOW_SUB, "retain": "all"}]))
    assert d.last()["body"] == {"rules": [DENY_ALL, {**ALLOW_SUB, "retain": "all"}]}
    assert len((await d(lambda c: c.acl.all.get()))["rules"]) == 2
    await d(lambda c: c.acl.all.delete())
    assert await d(lambda c: c.acl.all.get()) == {"rules": []}


async def test_acl_wipe_on_dedicated(dedicated: FlavoredDeployment) -> None:
    await dedicated(lambda c: c.acl.clients.create("c", [ALLOW_SUB]))
    await dedicated(lambda c: c.acl.all.set([ALLOW_SUB]))
    await dedicated(lambda c: c.acl.wipe())
    assert dedicated.last()["path"].endswith(RULES_PATH)
    assert (await dedicated(lambda c: c.acl.clients.list())).data == []
    assert await dedicated(lambda c: c.acl.all.get()) == {"rules": []}


@pytest.mark.parametrize(
    ("rules", "error", "match"),
    [
        ([{"topic": "t", "permission": "maybe", "action": "all"}], ValueError, "permission"),
        ([{"topic": "t", "permission": "allow", "action": "pubsub"}], ValueError, "action"),
        ([{"topic": "t", "permission": "allow", "action": "all", "qos": [3]}], ValueError, "qos"),
        ([{"topic": "t", "permission": "allow", "action": "all", "qos": 1}], TypeError, "qos"),
        ([{"topic": "t", "permission": "allow", "action": "all", "qos": []}], ValueError, "qos"),
        (
            [{"topic": "t", "permission": "allow", "action": "all", "retain": "x"}],
            ValueError,
            "ret",
        ),
        ([{"permission": "allow", "action": "all"}], ValueError, "topic"),
        ([{"topic": "t", "permission": "allow", "action": "all", "x": 1}], ValueError, "unknown"),
        ({"topic": "t", "permission": "allow", "action": "all"}, TypeError, "list"),
        ("t/#", TypeError, "list"),
    ],
)
async def test_acl_rules_are_checked_client_side(
    d: FlavoredDeployment, rules: Any, error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        await d(lambda c: c.acl.clients.create("c", rules))
    with pytest.raises(error, match=match):
        await d(lambda c: c.acl.all.set(rules))
    assert d.sent() == []


# -- banned ---------------------------------------------------------------------


async def test_banned_lifecycle(dedicated: FlavoredDeployment) -> None:
    d = dedicated
    until = datetime.now(timezone.utc) + timedelta(hours=1)
    ban = await d(lambda c: c.banned.create("clientid", "bad/one", reason="spam", until=until))
    assert (ban["as"], ban["who"], ban["reason"]) == ("clientid", "bad/one", "spam")
    await d(lambda c: c.banned.create("peerhost_net", "10.0.0.0/8", until="infinity", by="ops"))
    assert d.last()["body"] == {
        "as": "peerhost_net",
        "who": "10.0.0.0/8",
        "by": "ops",
        "until": "infinity",
    }

    bans = await d.all(lambda c: c.banned.list(limit=1))
    assert {b["who"] for b in bans} == {"bad/one", "10.0.0.0/8"}
    page = await d(lambda c: c.banned.list(clientid="bad/one"))
    assert [b["who"] for b in page.data] == ["bad/one"]
    page = await d(lambda c: c.banned.list(like_peerhost_net="10.0"))
    assert [b["who"] for b in page.data] == ["10.0.0.0/8"]

    with pytest.raises(BadRequestError) as err:
        await d(lambda c: c.banned.create("clientid", "bad/one"))
    assert err.value.code == "ALREADY_EXISTS"

    await d(lambda c: c.banned.delete("peerhost_net", "10.0.0.0/8"))
    assert d.last()["path"].endswith("/banned/peerhost_net/10.0.0.0%2F8")
    with pytest.raises(NotFoundError):
        await d(lambda c: c.banned.delete("peerhost_net", "10.0.0.0/8"))
    await d(lambda c: c.banned.clear())
    assert (await d(lambda c: c.banned.list())).data == []


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda c: c.banned.create("ip", "1.2.3.4"), ValueError),
        (lambda c: c.banned.create("clientid", ""), ValueError),
        (lambda c: c.banned.create("clientid", "x", until=datetime(2030, 1, 1)), ValueError),
        (lambda c: c.banned.create("clientid", "x", until=1.5), TypeError),
        (lambda c: c.banned.delete("nope", "x"), ValueError),
    ],
)
async def test_banned_bad_arguments(
    dedicated: FlavoredDeployment, call: Call, error: type[Exception]
) -> None:
    with pytest.raises(error):
        await dedicated(call)
    assert dedicated.sent() == []
