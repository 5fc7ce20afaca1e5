"""Deployment API: what EMQX checks in a connector's configuration (the fields its
type requires, on create and on the replacing update) and how it answers secrets;
sync and async, against the emulator's dedicated deployment."""

from __future__ import annotations

from typing import Any

import pytest

from emqx_platform import BadRequestError
from support.deployments import FlavoredDeployment

pytestmark = pytest.mark.asyncio

COMPUTED = ("type", "name", "status", "status_reason", "node_status", "actions")


async def test_create_needs_the_fields_of_the_type(d: FlavoredDeployment) -> None:
    with pytest.raises(BadRequestError) as err:
        await d(lambda c: c.connectors.create("kafka_producer", "k1"))
    assert err.value.code == "BAD_REQUEST"
    assert "root.bootstrap_hosts" in str(err.value.message)
    assert "required_field" in str(err.value.message)
    with pytest.raises(BadRequestError) as err:
        await d(lambda c: c.connectors.create("pgsql", "db", server="db:5432", database="d"))
    assert "root.username" in str(err.value.message)
    await d(lambda c: c.connectors.create("kafka_producer", "k1", bootstrap_hosts="kafka:9092"))
    assert d.last()["status"] == 201


async def test_update_replaces_and_needs_the_whole_connector(d: FlavoredDeployment) -> None:
    await d(lambda c: c.connectors.create("mqtt", "c1", server="broker:1883"))
    with pytest.raises(BadRequestError) as err:
        await d(lambda c: c.connectors.update("mqtt:c1", enable=False))
    assert "root.server" in str(err.value.message)
    assert (await d(lambda c: c.connectors.get("mqtt:c1")))["server"] == "broker:1883"
    updated = await d(lambda c: c.connectors.update("mqtt:c1", server="b2:1883", enable=False))
    assert (updated["server"], updated["enable"]) == ("b2:1883", False)


async def test_secrets_are_answered_masked_and_kept_when_sent_back(
    d: FlavoredDeployment,
) -> None:
    created = await d(
        lambda c: c.connectors.create(
            "mqtt", "c1", server="broker:1883", username="u", password="p", ssl={"password": "k"}
        )
    )
    assert (created["password"], created["ssl"]["password"]) == ("******", "******")
    assert created["username"] == "u"
    shown = await d(lambda c: c.connectors.get("mqtt:c1"))
    assert shown["password"] == "******"
    assert [x["password"] for x in await d(lambda c: c.connectors.list())] == ["******"]

    # A read-modify-write sends the masked value back; EMQX keeps the stored one.
    config: dict[str, Any] = {k: v for k, v in shown.items() if k not in COMPUTED}
    updated = await d(lambda c: c.connectors.update("mqtt:c1", **{**config, "pool_size": 2}))
    assert d.last()["body"]["password"] == "******"
    assert (updated["pool_size"], updated["password"]) == (2, "******")


async def test_action_secrets_are_answered_masked(d: FlavoredDeployment) -> None:
    await d(lambda c: c.connectors.create("http", "hook", url="https://example.com"))
    headers = {"Authorization": "Bearer t", "content-type": "application/json"}
    created = await d(
        lambda c: c.actions.create(
            "http", "post", connector="hook", parameters={"method": "post", "headers": headers}
        )
    )
    assert created["parameters"]["headers"] == {
        "Authorization": "******",
        "content-type": "application/json",
    }
