"""Deployment API: data-integration sources, probes, types and summaries, and the
per-node start; sync and async, against the emulator's dedicated deployment."""

from __future__ import annotations

import pytest

from emqx_platform import BadRequestError, NotFoundError
from support.deployments import FlavoredDeployment
from support.flavors import Call

pytestmark = pytest.mark.asyncio

UPSTREAM = {"topic": "factory/#", "qos": 1}


async def test_bridge_an_upstream_broker_into_a_rule(d: FlavoredDeployment) -> None:
    """Probe a source, create it, read it from a rule, see the rule in the summary,
    and delete it only once the rule is told to go too."""
    await d(lambda c: c.connectors.create("mqtt", "plant", server="plant.example.com:1883"))
    assert "mqtt" in await d(lambda c: c.sources.types())

    await d(lambda c: c.sources.probe("mqtt", "line1", connector="plant", parameters=UPSTREAM))
    assert d.last()["status"] == 204
    with pytest.raises(BadRequestError) as probe_err:
        await d(lambda c: c.sources.probe("kafka_producer", "x", connector="plant"))
    assert probe_err.value.code == "TEST_FAILED"

    created = await d(
        lambda c: c.sources.create("mqtt", "line1", connector="plant", parameters=UPSTREAM)
    )
    assert d.last()["status"] == 201
    assert (created["status"], created["connector"]) == ("connected", "plant")
    await d(lambda c: c.rules.create('SELECT * FROM "$bridges/mqtt:line1"', id="from-plant"))

    [row] = await d(lambda c: c.sources.summary())
    assert (row["type"], row["name"], row["rules"]) == ("mqtt", "line1", ["from-plant"])

    with pytest.raises(BadRequestError) as in_use:
        await d(lambda c: c.sources.delete("mqtt:line1"))
    assert isinstance(in_use.value.body, dict)
    assert in_use.value.body["rules"] == ["from-plant"]
    with pytest.raises(BadRequestError):
        await d(lambda c: c.connectors.delete("mqtt:plant"))

    await d(lambda c: c.sources.delete("mqtt:line1", also_delete_dep_actions=True))
    assert await d(lambda c: c.sources.list()) == []
    with pytest.raises(NotFoundError):
        await d(lambda c: c.sources.get("mqtt:line1"))


async def test_a_rule_reading_sources_form_blocks_the_delete(d: FlavoredDeployment) -> None:
    await d(lambda c: c.connectors.create("mqtt", "plant", server="plant.example.com:1883"))
    await d(lambda c: c.sources.create("mqtt", "s1", connector="plant", parameters=UPSTREAM))
    await d(lambda c: c.rules.create('SELECT * FROM "$sources/mqtt:s1"', id="reader"))
    await d(lambda c: c.rules.create('SELECT * FROM "x/mqtt:s1"', id="unrelated"))
    [row] = await d(lambda c: c.sources.summary())
    assert row["rules"] == ["reader"]
    with pytest.raises(BadRequestError) as in_use:
        await d(lambda c: c.sources.delete("mqtt:s1"))
    assert isinstance(in_use.value.body, dict)
    assert in_use.value.body["rules"] == ["reader"]


async def test_disable_restart_and_reset(d: FlavoredDeployment) -> None:
    await d(lambda c: c.connectors.create("mqtt", "plant", server="plant.example.com:1883"))
    await d(lambda c: c.sources.create("mqtt", "in", connector="plant", parameters=UPSTREAM))
    await d(lambda c: c.sources.disable("mqtt:in"))
    assert (await d(lambda c: c.sources.get("mqtt:in")))["status"] == "stopped"
    with pytest.raises(BadRequestError):
        await d(lambda c: c.sources.start("mqtt:in"))
    await d(lambda c: c.sources.enable("mqtt:in"))
    node = (await d(lambda c: c.nodes.list()))[0]["node"]
    await d(lambda c: c.sources.start("mqtt:in", node=node))
    assert d.last()["path"].endswith("/nodes/emqx%40127.0.0.1/sources/mqtt%3Ain/start")
    with pytest.raises(NotFoundError):
        await d(lambda c: c.sources.start("mqtt:in", node="emqx@10.9.9.9"))

    await d(lambda c: c.sources.reset_metrics("mqtt:in"))
    metrics = await d(lambda c: c.sources.metrics("mqtt:in"))
    assert metrics["metrics"]["matched"] == 0
    updated = await d(lambda c: c.sources.update("mqtt:in", connector="plant", parameters={}))
    assert updated["parameters"] == {}


async def test_action_types_summary_and_probe(d: FlavoredDeployment) -> None:
    assert "http" in await d(lambda c: c.actions.types())
    await d(lambda c: c.connectors.probe("http", "hook", url="https://example.com"))
    await d(lambda c: c.connectors.create("http", "hook", url="https://example.com"))
    await d(lambda c: c.actions.probe("http", "post", connector="hook", parameters={}))
    await d(lambda c: c.actions.create("http", "post", connector="hook", parameters={}))
    await d(lambda c: c.rules.create('SELECT * FROM "t/#"', actions=["http:post"], id="fwd"))
    [row] = await d(lambda c: c.actions.summary())
    assert (row["name"], row["enable"], row["rules"]) == ("post", True, ["fwd"])
    await d(lambda c: c.actions.start("http:post", node="emqx@127.0.0.1"))
    await d(lambda c: c.connectors.start("http:hook", node="emqx@127.0.0.1"))
    assert d.last()["status"] == 204


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda c: c.sources.get("no-type"), ValueError),
        (lambda c: c.sources.create("mqtt", "", connector="plant"), ValueError),
        (lambda c: c.sources.create("mqtt", "s", connector="p", status="up"), ValueError),
        (lambda c: c.sources.update("mqtt:s", enable="yes"), TypeError),
        # put_source requires the whole source: connector and parameters.
        (lambda c: c.sources.update("mqtt:s", enable=False), ValueError),
        (lambda c: c.sources.update("mqtt:s", connector="plant"), ValueError),
        (lambda c: c.sources.delete("mqtt:s", also_delete_dep_actions="no"), TypeError),
        (lambda c: c.sources.start("mqtt:s", node=""), ValueError),
        (lambda c: c.actions.probe("http", "a", connector="c", name="twice"), TypeError),
        (lambda c: c.connectors.probe("http", "c", type="mqtt"), TypeError),
    ],
)
async def test_bad_arguments_send_nothing(
    d: FlavoredDeployment, call: Call, error: type[Exception]
) -> None:
    with pytest.raises(error):
        await d(call)
    assert d.sent() == []
