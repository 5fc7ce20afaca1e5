"""The rule engine of a v4 deployment (resources, their types, rules, actions), against the
emulator."""

from __future__ import annotations

import pytest

from support.deployments import FlavoredDeployment

pytestmark = pytest.mark.asyncio

WEB_HOOK = {"url": "http://127.0.0.1:9910", "method": "POST", "headers": {}}


async def test_resource_types_and_actions_are_listed_and_got(v4: FlavoredDeployment) -> None:
    types = await v4(lambda c: c.resource_types.list())
    assert "web_hook" in [t["name"] for t in types]
    web_hook = await v4(lambda c: c.resource_types.get("web_hook"))
    assert web_hook["name"] == "web_hook"
    assert v4.last()["path"].endswith("/resource_types/web_hook")

    actions = await v4(lambda c: c.actions.list())
    names = [a["name"] for a in actions]
    assert "inspect" in names
    assert (await v4(lambda c: c.actions.get("inspect")))["name"] == "inspect"


async def test_resource_lifecycle(v4: FlavoredDeployment) -> None:
    created = await v4(lambda c: c.resources.create("web_hook", WEB_HOOK, description="hook"))
    assert (created["type"], created["config"]["url"]) == ("web_hook", WEB_HOOK["url"])
    assert v4.last()["body"] == {"type": "web_hook", "config": WEB_HOOK, "description": "hook"}
    resource_id = created["id"]

    assert (await v4(lambda c: c.resources.get(resource_id)))["id"] == resource_id
    assert [r["id"] for r in await v4(lambda c: c.resources.list())] == [resource_id]
    assert await v4(lambda c: c.resources.delete(resource_id)) is None
    assert await v4(lambda c: c.resources.list()) == []


async def test_rule_lifecycle(v4: FlavoredDeployment) -> None:
    actions = [{"name": "inspect", "params": {"a": 1}}]
    rule = await v4(lambda c: c.rules.create('SELECT * FROM "t/a"', actions, description="r"))
    assert (rule["rawsql"], rule["description"]) == ('SELECT * FROM "t/a"', "r")
    assert [a["name"] for a in rule["actions"]] == ["inspect"]
    rule_id = rule["id"]

    updated = await v4(lambda c: c.rules.update(rule_id, rawsql='SELECT * FROM "t/b"'))
    assert updated["rawsql"] == 'SELECT * FROM "t/b"'
    assert v4.last()["body"] == {"rawsql": 'SELECT * FROM "t/b"'}
    assert (await v4(lambda c: c.rules.get(rule_id)))["rawsql"] == 'SELECT * FROM "t/b"'
    assert [r["id"] for r in await v4(lambda c: c.rules.list())] == [rule_id]

    assert await v4(lambda c: c.rules.delete(rule_id)) is None
    assert await v4(lambda c: c.rules.list()) == []
