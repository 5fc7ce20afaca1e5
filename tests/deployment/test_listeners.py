"""Deployment API: MQTT listeners (list, status, get, create, update, start/stop, delete)."""

from __future__ import annotations

from typing import Any

import pytest

from emqx_platform import BadRequestError, NotFoundError
from support.deployments import FlavoredDeployment
from support.flavors import Call

pytestmark = pytest.mark.asyncio


async def test_the_usual_listeners_are_there(d: FlavoredDeployment) -> None:
    rows = await d(lambda c: c.listeners.list())
    assert {r["id"]: r["bind"] for r in rows} == {
        "tcp:default": "0.0.0.0:1883",
        "ssl:default": "0.0.0.0:8883",
        "ws:default": "0.0.0.0:8083",
        "wss:default": "0.0.0.0:8084",
    }
    ssl = await d(lambda c: c.listeners.list(type="ssl"))
    assert [r["id"] for r in ssl] == ["ssl:default"]
    assert d.last()["query"] == {"type": ["ssl"]}


async def test_an_operator_adds_a_listener_tunes_it_and_stops_it(d: FlavoredDeployment) -> None:
    d.connect("sensor-1")
    created = await d(
        lambda c: c.listeners.create(
            "tcp", "internal", bind="0.0.0.0:1884", config={"max_connections": 100}
        )
    )
    assert created["id"] == "tcp:internal"
    assert created["running"] is True

    updated = await d(
        lambda c: c.listeners.update("tcp:internal", {"tcp_options": {"nodelay": False}})
    )
    # EMQX merges the update: the other settings, and the other tcp_options, stay.
    assert updated["max_connections"] == 100
    assert updated["tcp_options"]["nodelay"] is False
    assert updated["tcp_options"]["backlog"] == 1024
    assert d.last()["path"].endswith("/listeners/tcp%3Ainternal")

    await d(lambda c: c.listeners.stop("tcp:internal"))
    stopped = await d(lambda c: c.listeners.get("tcp:internal"))
    assert (stopped["running"], stopped["enable"]) == (False, False)
    await d(lambda c: c.listeners.restart("tcp:internal"))
    assert (await d(lambda c: c.listeners.get("tcp:internal")))["running"] is True

    status = {row["type"]: row for row in await d(lambda c: c.listeners.status())}
    assert status["tcp"]["ids"] == ["tcp:default", "tcp:internal"]
    assert status["ssl"]["status"]["current_connections"] == 1

    await d(lambda c: c.listeners.delete("tcp:internal"))
    with pytest.raises(NotFoundError) as err:
        await d(lambda c: c.listeners.get("tcp:internal"))
    assert err.value.code == "BAD_LISTENER_ID"


async def test_a_listener_that_exists_is_refused(d: FlavoredDeployment) -> None:
    with pytest.raises(BadRequestError) as err:
        await d(lambda c: c.listeners.create("ssl", "default", bind="0.0.0.0:8883"))
    assert err.value.code == "BAD_LISTENER_ID"


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda c: c.listeners.get("default"), ValueError, "type:name"),
        (lambda c: c.listeners.get("udp:default"), ValueError, "type:name"),
        (lambda c: c.listeners.stop("tcp:"), ValueError, "type:name"),
        (lambda c: c.listeners.list(type="udp"), ValueError, "type"),
        (lambda c: c.listeners.create("udp", "x", bind="0:1"), ValueError, "type"),
        (lambda c: c.listeners.create("tcp", "", bind="0:1"), ValueError, "name"),
        (lambda c: c.listeners.update("tcp:default", {"type": "ssl"}), ValueError, "type"),
        (lambda c: c.listeners.update("tcp:default", ["bind"]), TypeError, "mapping"),
    ],
)
async def test_bad_input_is_refused_before_sending(
    d: FlavoredDeployment, call: Call, error: type[Exception], match: Any
) -> None:
    with pytest.raises(error, match=match):
        await d(call)
    assert d.sent() == []
