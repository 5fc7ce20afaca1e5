"""Deployment API: rules, connectors, actions, metrics, stats, nodes and the retainer;
sync and async, against the emulator's dedicated deployment."""

from __future__ import annotations

import base64

import pytest

from emqx_platform import APIStatusError, BadRequestError, NotFoundError
from support.deployments import FlavoredDeployment
from support.flavors import Call

pytestmark = pytest.mark.asyncio

SQL = 'SELECT * FROM "sensors/#"'


async def make_http_action(d: FlavoredDeployment) -> str:
    await d(lambda c: c.connectors.create("http", "hook", url="https://example.com/in"))
    await d(
        lambda c: c.actions.create(
            "http", "post", connector="hook", parameters={"method": "post", "body": "${.}"}
        )
    )
    return "http:post"


# -- rules ----------------------------------------------------------------------


async def test_rule_lifecycle(d: FlavoredDeployment) -> None:
    rule = await d(lambda c: c.rules.create(SQL, name="r1", description="all sensors", id="r/1"))
    assert d.last()["status"] == 201
    assert d.last()["body"] == {
        "id": "r/1",
        "sql": SQL,
        "actions": [],
        "name": "r1",
        "description": "all sensors",
        "enable": True,
    }
    assert (rule["id"], rule["from"], rule["enable"]) == ("r/1", ["sensors/#"], True)
    assert (await d(lambda c: c.rules.get("r/1")))["name"] == "r1"

    updated = await d(lambda c: c.rules.update("r/1", sql=SQL, enable=False))
    assert updated["enable"] is False
    assert d.last()["body"] == {"sql": SQL, "actions": [], "enable": False}
    # A PUT replaces the whole rule: what it leaves out takes its default.
    assert (updated["name"], updated["description"]) == ("", "")

    with pytest.raises(BadRequestError) as err:
        await d(lambda c: c.rules.create(SQL, id="r/1"))
    assert err.value.code == "BAD_REQUEST"  # a duplicate id, not ALREADY_EXISTS

    await d(lambda c: c.rules.delete("r/1"))
    with pytest.raises(NotFoundError) as err404:
        await d(lambda c: c.rules.get("r/1"))
    assert err404.value.code == "NOT_FOUND"


async def test_partial_rule_put_is_refused_as_emqx_refuses_it(d: FlavoredDeployment) -> None:
    await d(lambda c: c.rules.create(SQL, name="keep", id="r1"))
    with pytest.raises(BadRequestError) as err:
        await d(lambda c: c.request("PUT", "/rules/r1", json={"enable": False}))
    assert err.value.code == "BAD_REQUEST"
    assert "required_field" in str(err.value.message)
    assert "sql" in str(err.value.message)
    assert (await d(lambda c: c.rules.get("r1")))["enable"] is True


async def test_put_of_an_unknown_rule_creates_it(d: FlavoredDeployment) -> None:
    # EMQX writes the rule's config without looking it up first: an upsert.
    created = await d(lambda c: c.rules.update("fresh", sql=SQL, name="new"))
    assert d.last()["status"] == 200
    assert (created["id"], created["name"], created["from"]) == ("fresh", "new", ["sensors/#"])
    assert (await d(lambda c: c.rules.get("fresh")))["created_at"] == created["created_at"]


async def test_rules_by_source_match_the_hookpoint_exactly(d: FlavoredDeployment) -> None:
    await d(lambda c: c.rules.create('SELECT * FROM "x/1"', id="plain"))
    await d(lambda c: c.rules.create('SELECT * FROM "$sources/mqtt:s1"', id="new-form"))
    await d(lambda c: c.rules.create('SELECT * FROM "$bridges/mqtt:s1"', id="old-form"))
    await d(lambda c: c.rules.create('SELECT * FROM "$bridges/mqtt:s10"', id="other"))
    page = await d(lambda c: c.rules.list(source="1"))
    assert page.data == []
    page = await d(lambda c: c.rules.list(source="mqtt:s1"))
    assert sorted(r["id"] for r in page.data) == ["new-form", "old-form"]


async def test_modify_rule_keeps_the_other_fields(d: FlavoredDeployment) -> None:
    action = await make_http_action(d)
    await d(lambda c: c.rules.create(SQL, actions=[action], name="keep", id="r1"))
    modified = await d(lambda c: c.rules.modify("r1", enable=False))
    assert d.last()["method"] == "PUT"
    assert d.last()["body"]["sql"] == SQL
    assert (modified["enable"], modified["name"], modified["actions"]) == (False, "keep", [action])


async def test_rules_list_filters(d: FlavoredDeployment) -> None:
    action = await make_http_action(d)
    await d(lambda c: c.rules.create(SQL, id="a", actions=[action]))
    await d(lambda c: c.rules.create('SELECT * FROM "t/1"', id="b", enable=False))
    await d(lambda c: c.rules.create('SELECT * FROM "t/2"', id="c", description="xyz"))
    every = await d.all(lambda c: c.rules.list(limit=2))
    assert [r["id"] for r in every] == ["a", "b", "c"]
    page = await d(lambda c: c.rules.list(enable=False))
    assert [r["id"] for r in page.data] == ["b"]
    page = await d(lambda c: c.rules.list(from_="t/1"))
    assert [r["id"] for r in page.data] == ["b"]
    assert d.last()["query"]["from"] == ["t/1"]
    page = await d(lambda c: c.rules.list(action=[action, "http:other"]))
    assert [r["id"] for r in page.data] == ["a"]
    assert d.last()["query"]["action"] == [action, "http:other"]
    page = await d(lambda c: c.rules.list(like_description="xy"))
    assert [r["id"] for r in page.data] == ["c"]
    page = await d(lambda c: c.rules.list(match_from="sensors/#"))
    assert [r["id"] for r in page.data] == ["a"]


async def test_rule_test_and_metrics(d: FlavoredDeployment) -> None:
    ctx = {"event_type": "message_publish", "topic": "sensors/1", "payload": "{}"}
    out = await d(lambda c: c.rules.test(SQL, context=ctx))
    assert out is not None
    assert d.last()["path"].endswith("/rule_test")
    with pytest.raises(APIStatusError) as err:
        await d(lambda c: c.rules.test(SQL, context={**ctx, "topic": "other"}))
    assert (err.value.status_code, err.value.code) == (412, "NOT_MATCH")

    await d(lambda c: c.rules.create(SQL, id="m"))
    assert await d(lambda c: c.rules.test(id="m", context=ctx)) is not None
    assert d.last()["path"].endswith("/rules/m/test")

    await d(lambda c: c.publish("sensors/9", "x"))
    metrics = await d(lambda c: c.rules.metrics("m"))
    assert metrics["metrics"]["matched"] == 1
    await d(lambda c: c.rules.reset_metrics("m"))
    assert (await d(lambda c: c.rules.metrics("m")))["metrics"]["matched"] == 0


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda c: c.rules.create(""), ValueError),
        (lambda c: c.rules.create(SQL, actions="http:x"), TypeError),
        (lambda c: c.rules.create(SQL, actions=["no-colon"]), ValueError),
        (lambda c: c.rules.create(SQL, enable="yes"), TypeError),
        (lambda c: c.rules.update("r", sql=""), ValueError),
        (lambda c: c.rules.update("r", sql=SQL, actions="http:x"), TypeError),
        (lambda c: c.rules.modify("r"), ValueError),
        (lambda c: c.rules.modify("r", bogus=1), TypeError),
        (lambda c: c.rules.modify("r", enable="no"), TypeError),
        (lambda c: c.rules.test(), TypeError),
        (lambda c: c.rules.test(SQL, id="r"), TypeError),
        (lambda c: c.rules.get(""), ValueError),
        (lambda c: c.connectors.get("no-type"), ValueError),
        (lambda c: c.connectors.create("http", "x", status="connected"), ValueError),
        (lambda c: c.actions.update("http:x", name="y"), ValueError),
        (lambda c: c.actions.update("http:x", connector="c"), ValueError),
        (lambda c: c.metrics.get(aggregate="no"), TypeError),
        (lambda c: c.retainer.get(""), ValueError),
        # An empty list of filter values would silently mean "no filter".
        (lambda c: c.rules.list(action=[]), ValueError),
        (lambda c: c.rules.list(source=[""]), ValueError),
        (lambda c: c.connectors.update("http:x", enable="yes"), TypeError),
        # Any truthy value would have meant "also delete", which is destructive.
        (lambda c: c.actions.delete("http:x", also_delete_dep_actions="no"), TypeError),
        (lambda c: c.actions.delete("http:x", also_delete_dep_actions=0), TypeError),
    ],
)
async def test_bad_arguments_fail_before_sending(
    d: FlavoredDeployment, call: Call, error: type[Exception]
) -> None:
    with pytest.raises(error):
        await d(call)
    assert d.sent() == []


# -- connectors and actions -----------------------------------------------------


async def test_connector_lifecycle(d: FlavoredDeployment) -> None:
    created = await d(lambda c: c.connectors.create("http", "hook", url="https://a", pool_size=2))
    assert d.last()["body"] == {"type": "http", "name": "hook", "url": "https://a", "pool_size": 2}
    assert (created["type"], created["name"]) == ("http", "hook")
    assert [x["name"] for x in await d(lambda c: c.connectors.list())] == ["hook"]
    assert (await d(lambda c: c.connectors.get("http:hook")))["url"] == "https://a"

    updated = await d(lambda c: c.connectors.update("http:hook", url="https://b"))
    assert updated["url"] == "https://b"
    await d(lambda c: c.connectors.disable("http:hook"))
    assert d.last()["path"].endswith("/connectors/http%3Ahook/enable/false")
    assert (await d(lambda c: c.connectors.get("http:hook")))["enable"] is False
    with pytest.raises(BadRequestError):
        await d(lambda c: c.connectors.start("http:hook"))
    await d(lambda c: c.connectors.enable("http:hook"))
    await d(lambda c: c.connectors.start("http:hook"))

    with pytest.raises(BadRequestError) as err:
        await d(lambda c: c.connectors.create("http", "hook", url="https://a"))
    assert err.value.code == "ALREADY_EXISTS"
    await d(lambda c: c.connectors.delete("http:hook"))
    with pytest.raises(NotFoundError):
        await d(lambda c: c.connectors.get("http:hook"))


async def test_action_lifecycle_and_dependencies(d: FlavoredDeployment) -> None:
    action = await make_http_action(d)
    assert [a["name"] for a in await d(lambda c: c.actions.list())] == ["post"]
    got = await d(lambda c: c.actions.get(action))
    assert got["connector"] == "hook"
    await d(lambda c: c.actions.disable(action))
    await d(lambda c: c.actions.enable(action))
    await d(lambda c: c.actions.start(action))
    await d(lambda c: c.actions.update(action, connector="hook", parameters={"method": "put"}))
    assert (await d(lambda c: c.actions.get(action)))["parameters"] == {"method": "put"}

    await d(lambda c: c.rules.create(SQL, id="uses", actions=[action]))
    await d(lambda c: c.publish("sensors/1", "x"))
    assert (await d(lambda c: c.actions.metrics(action)))["metrics"]["matched"] == 1
    await d(lambda c: c.actions.reset_metrics(action))
    assert (await d(lambda c: c.actions.metrics(action)))["metrics"]["matched"] == 0

    with pytest.raises(BadRequestError) as err:
        await d(lambda c: c.connectors.delete("http:hook"))
    assert isinstance(err.value.body, dict)
    assert err.value.body["actions"] == [action]
    with pytest.raises(BadRequestError) as err:
        await d(lambda c: c.actions.delete(action))
    assert isinstance(err.value.body, dict)
    assert err.value.body["rules"] == ["uses"]
    await d(lambda c: c.actions.delete(action, also_delete_dep_actions=True))
    assert d.last()["query"] == {"also_delete_dep_actions": ["true"]}
    assert (await d(lambda c: c.rules.get("uses")))["actions"] == []
    with pytest.raises(NotFoundError):
        await d(lambda c: c.actions.delete(action))


# -- metrics, stats, nodes ------------------------------------------------------


async def test_metrics_stats_nodes(d: FlavoredDeployment) -> None:
    d.connect("c1")
    await d(lambda c: c.publish("t/1", "x"))
    metrics = await d(lambda c: c.metrics.get())
    assert d.last()["query"] == {"aggregate": ["true"]}
    assert metrics["messages.publish"] >= 1
    per_node = await d(lambda c: c.metrics.get(aggregate=False))
    assert isinstance(per_node, list)
    assert "node" in per_node[0]
    stats = await d(lambda c: c.stats.get())
    assert stats["connections.count"] == 1
    assert isinstance(await d(lambda c: c.stats.get(aggregate=False)), list)

    nodes = await d(lambda c: c.nodes.list())
    name = nodes[0]["node"]
    assert "@" in name
    assert (await d(lambda c: c.nodes.get(name)))["node"] == name
    assert "messages.publish" in await d(lambda c: c.nodes.metrics(name))
    assert "connections.count" in await d(lambda c: c.nodes.stats(name))
    with pytest.raises(NotFoundError):
        await d(lambda c: c.nodes.get("emqx@nowhere"))
    await d(lambda c: c.metrics.get(node=name))
    assert d.last()["query"]["node"] == [name]


# -- retainer -------------------------------------------------------------------


async def test_retainer(d: FlavoredDeployment) -> None:
    await d(lambda c: c.publish("r/a b", b"\x01\x02", retain=True, qos=1))
    await d(lambda c: c.publish("r/2", "two", retain=True))
    listed = await d.all(lambda c: c.retainer.messages(limit=1))
    assert {m["topic"] for m in listed} == {"r/a b", "r/2"}
    page = await d(lambda c: c.retainer.messages(topic="r/2"))
    assert [m["topic"] for m in page.data] == ["r/2"]
    message = await d(lambda c: c.retainer.get("r/a b"))
    assert base64.b64decode(message["payload"]) == b"\x01\x02"
    assert "/mqtt/retainer/message/r%2Fa%20b" in d.last()["path"]
    await d(lambda c: c.retainer.delete("r/a b"))
    with pytest.raises(NotFoundError):
        await d(lambda c: c.retainer.get("r/a b"))
