"""Clients, subscriptions, ``/mqtt`` and metrics of a v4 deployment, against the emulator."""

from __future__ import annotations

import pytest

from emqx_platform import NotFoundError
from support.deployments import FlavoredDeployment

pytestmark = pytest.mark.asyncio


async def test_list_get_and_kick(v4: FlavoredDeployment) -> None:
    v4.connect("dev/1", "ann")
    v4.connect("dev/2", "bob")

    every = await v4.all(lambda c: c.clients.list(limit=1))
    assert sorted(c["clientid"] for c in every) == ["dev/1", "dev/2"]
    page = await v4(lambda c: c.clients.list(username="ann", like_clientid="dev"))
    assert [c["clientid"] for c in page.data] == ["dev/1"]
    assert v4.last()["query"] == {
        "_page": ["1"],
        "username": ["ann"],
        "_like_clientid": ["dev"],
    }

    client = await v4(lambda c: c.clients.get("dev/1"))
    assert (client["clientid"], client["username"]) == ("dev/1", "ann")
    assert v4.last()["path"].endswith("/clients/dev%2F1")

    assert await v4(lambda c: c.clients.kick("dev/1")) is None
    with pytest.raises(NotFoundError) as info:
        await v4(lambda c: c.clients.kick("dev/1"))
    assert (info.value.status_code, info.value.code) == (200, 112)


async def test_an_mqtt_sn_protocol_version_is_a_valid_filter(v4: FlavoredDeployment) -> None:
    v4.connect("dev/1")
    page = await v4(lambda c: c.clients.list(proto_ver=1))
    assert page.data == []
    assert v4.last()["query"]["proto_ver"] == ["1"]


async def test_get_of_an_unknown_client_raises_not_found(v4: FlavoredDeployment) -> None:
    # EMQX 4 answers an empty list with code 0; get() fails as kick() does.
    with pytest.raises(NotFoundError) as info:
        await v4(lambda c: c.clients.get("nobody/1"))
    error = info.value
    assert (error.status_code, error.code, error.method) == (200, 112, "GET")
    assert error.url.endswith("/clients/nobody%2F1")
    assert "not online" in str(error)


async def test_subscribe_list_and_unsubscribe(v4: FlavoredDeployment) -> None:
    v4.connect("dev/1")
    assert await v4(lambda c: c.mqtt.subscribe("dev/1", "a/#", qos=1)) is None
    assert v4.last()["body"] == {"clientid": "dev/1", "topic": "a/#", "qos": 1}
    await v4(lambda c: c.mqtt.subscribe("dev/1", topics="b/1,b/2"))

    subscriptions = await v4.all(lambda c: c.subscriptions.list_for_client("dev/1"))
    assert sorted((s["topic"], s["qos"]) for s in subscriptions) == [
        ("a/#", 1),
        ("b/1", 0),
        ("b/2", 0),
    ]
    assert v4.last()["path"].endswith("/subscriptions/dev%2F1")
    qos1 = await v4.all(lambda c: c.subscriptions.list(qos=1))
    assert [s["topic"] for s in qos1] == ["a/#"]

    assert await v4(lambda c: c.mqtt.unsubscribe("dev/1", "a/#")) is None
    left = await v4.all(lambda c: c.subscriptions.list(clientid="dev/1"))
    assert sorted(s["topic"] for s in left) == ["b/1", "b/2"]


async def test_one_clients_subscriptions_come_without_meta_unless_paged(
    v4: FlavoredDeployment,
) -> None:
    # subscriptions.md's example has no meta; sub.md pages it with _page/_limit.
    v4.connect("dev1")
    await v4(lambda c: c.mqtt.subscribe("dev1", topics="a,b"))
    whole = await v4(lambda c: c.request("GET", "/subscriptions/dev1"))
    assert "meta" not in whole
    assert sorted(s["topic"] for s in whole["data"]) == ["a", "b"]
    paged = await v4(lambda c: c.request("GET", "/subscriptions/dev1", params={"_limit": 1}))
    assert (len(paged["data"]), paged["meta"]["count"]) == (1, 2)


async def test_subscribe_many_and_unsubscribe_many(v4: FlavoredDeployment) -> None:
    v4.connect("dev/1")
    v4.connect("dev/2")
    batch = [{"clientid": "dev/1", "topic": "x/1"}, {"clientid": "dev/2", "topic": "x/2", "qos": 2}]
    results = await v4(lambda c: c.mqtt.subscribe_many(batch))
    assert [r["code"] for r in results] == [0, 0]
    assert v4.last()["body"] == [
        {"clientid": "dev/1", "topic": "x/1", "qos": 0},
        {"clientid": "dev/2", "topic": "x/2", "qos": 2},
    ]
    assert len(await v4.all(lambda c: c.subscriptions.list())) == 2

    results = await v4(lambda c: c.mqtt.unsubscribe_many([{"clientid": "dev/1", "topic": "x/1"}]))
    assert [r["code"] for r in results] == [0]
    assert [s["clientid"] for s in await v4.all(lambda c: c.subscriptions.list())] == ["dev/2"]


async def test_subscribing_an_offline_client_raises(v4: FlavoredDeployment) -> None:
    with pytest.raises(NotFoundError) as info:
        await v4(lambda c: c.mqtt.subscribe("ghost", "a/b"))
    assert info.value.code == 112


async def test_publish_and_publish_many(v4: FlavoredDeployment) -> None:
    assert await v4(lambda c: c.mqtt.publish("backend", "on", "dev/1/cmd", qos=1)) is None
    assert v4.last()["body"] == {
        "clientid": "backend",
        "topic": "dev/1/cmd",
        "payload": "on",
        "qos": 1,
    }
    messages = [
        {"clientid": "backend", "topic": "a/1", "payload": "x"},
        {"clientid": "backend", "topic": "a/2", "payload": "eQ==", "encoding": "base64"},
    ]
    results = await v4(lambda c: c.mqtt.publish_many(messages))
    assert [(r["topic"], r["code"]) for r in results] == [("a/1", 0), ("a/2", 0)]
    published = v4.emu.published(v4.deployment_id)
    assert [m["topic"] for m in published] == ["dev/1/cmd", "a/1", "a/2"]


async def test_metrics(v4: FlavoredDeployment) -> None:
    nodes = await v4(lambda c: c.metrics.get())
    assert nodes
    assert all(isinstance(n["node"], str) for n in nodes)
    assert isinstance(nodes[0]["metrics"]["messages.received"], int)
