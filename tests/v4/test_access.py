"""ACL rules and bans of a v4 deployment, against the emulator."""

from __future__ import annotations

import pytest

from support.deployments import FlavoredDeployment

pytestmark = pytest.mark.asyncio


async def test_rules_per_clientid(v4: FlavoredDeployment) -> None:
    created = await v4(lambda c: c.acl.create_for_clientid("dev/1", "a/#", "sub", "allow"))
    assert created["clientid"] == "dev/1"
    assert created["topic"] == "a/#"
    assert v4.last()["body"] == {
        "clientid": "dev/1",
        "topic": "a/#",
        "action": "sub",
        "access": "allow",
    }

    rules = await v4(lambda c: c.acl.get_for_clientid("dev/1"))
    assert [(r["topic"], r["action"], r["access"]) for r in rules] == [("a/#", "sub", "allow")]
    assert v4.last()["path"].endswith("/acl/clientid/dev%2F1")
    listed = await v4.all(lambda c: c.acl.list_for_clientids())
    assert [r["clientid"] for r in listed] == ["dev/1"]

    assert await v4(lambda c: c.acl.delete_for_clientid("dev/1", "a/#")) is None
    assert v4.last()["path"].endswith("/acl/clientid/dev%2F1/topic/a%2F%23")
    assert await v4(lambda c: c.acl.get_for_clientid("dev/1")) == []


async def test_rules_per_username(v4: FlavoredDeployment) -> None:
    created = await v4(lambda c: c.acl.create_for_username("ann", "t/1", "pub", "deny"))
    assert (created["username"], created["access"]) == ("ann", "deny")
    rules = await v4(lambda c: c.acl.get_for_username("ann"))
    assert [r["topic"] for r in rules] == ["t/1"]
    listed = await v4.all(lambda c: c.acl.list_for_usernames())
    assert [r["username"] for r in listed] == ["ann"]
    await v4(lambda c: c.acl.delete_for_username("ann", "t/1"))
    assert await v4.all(lambda c: c.acl.list_for_usernames()) == []


async def test_rules_for_all(v4: FlavoredDeployment) -> None:
    created = await v4(lambda c: c.acl.create_for_all("t/+", "pubsub", "allow"))
    assert created["topic"] == "t/+"
    assert "clientid" not in v4.last()["body"]
    listed = await v4.all(lambda c: c.acl.list_for_all())
    assert [(r["topic"], r["action"]) for r in listed] == [("t/+", "pubsub")]
    await v4(lambda c: c.acl.delete_for_all("t/+"))
    assert v4.last()["path"].endswith("/acl/$all/topic/t%2F%2B")
    assert await v4.all(lambda c: c.acl.list_for_all()) == []


async def test_create_many_rules(v4: FlavoredDeployment) -> None:
    rules = [
        {"clientid": "c1", "topic": "x/1", "action": "pub", "access": "allow"},
        {"username": "u1", "topic": "x/2", "action": "sub", "access": "deny"},
        {"topic": "x/3", "action": "pubsub", "access": "allow"},
    ]
    results = await v4(lambda c: c.acl.create_many(rules))
    assert sorted(r["topic"] for r in results) == ["x/1", "x/2", "x/3"]
    assert v4.last()["body"] == rules
    assert [r["topic"] for r in await v4(lambda c: c.acl.get_for_clientid("c1"))] == ["x/1"]
    assert [r["topic"] for r in await v4(lambda c: c.acl.get_for_username("u1"))] == ["x/2"]


async def test_bans(v4: FlavoredDeployment) -> None:
    ban = await v4(lambda c: c.banned.create("clientid", "bad/1", "spam", until=4_000_000_000))
    assert (ban["who"], ban["as"], ban["reason"], ban["until"]) == (
        "bad/1",
        "clientid",
        "spam",
        4_000_000_000,
    )
    await v4(lambda c: c.banned.create("peerhost", "10.0.0.9", "scan", by="ops"))
    bans = await v4.all(lambda c: c.banned.list(limit=1))
    assert sorted(b["who"] for b in bans) == ["10.0.0.9", "bad/1"]

    assert await v4(lambda c: c.banned.delete("clientid", "bad/1")) is None
    assert v4.last()["path"].endswith("/banned/clientid/bad%2F1")
    assert [b["who"] for b in await v4.all(lambda c: c.banned.list())] == ["10.0.0.9"]
