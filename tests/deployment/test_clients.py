"""Deployment API: clients, subscriptions and topics, sync and async, against the emulator."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from emqx_platform import BadRequestError, NotFoundError
from support.deployments import FlavoredDeployment
from support.flavors import Call

pytestmark = pytest.mark.asyncio

ODD_IDS = ["a/b", "c#1", "x+y", "with space", "dev:1@home", "%41", "ünï"]


async def test_list_first_page_and_meta(d: FlavoredDeployment) -> None:
    for i in range(5):
        d.connect(f"c{i}")
    page = await d(lambda c: c.clients.list(limit=2))
    assert [c["clientid"] for c in page.data] == ["c0", "c1"]
    assert page.meta == {"page": 1, "limit": 2, "hasnext": True, "count": 5}
    assert page.has_next_page()
    assert d.last()["query"] == {"page": ["1"], "limit": ["2"]}


async def test_iterating_walks_every_page(d: FlavoredDeployment) -> None:
    for i in range(7):
        d.connect(f"c{i}")
    ids = await d.all(lambda c: c.clients.list(limit=3))
    assert ids
    assert [c["clientid"] for c in ids] == [f"c{i}" for i in range(7)]
    pages = [r["query"]["page"] for r in d.sent() if r["path"].endswith("/clients")]
    assert pages == [["1"], ["2"], ["3"]]


async def test_iter_pages_and_get_next_page(d: FlavoredDeployment) -> None:
    for i in range(3):
        d.connect(f"c{i}")
    first = await d(lambda c: c.clients.list(limit=2))
    second = await d(lambda _: first.get_next_page())
    assert [c["clientid"] for c in second.data] == ["c2"]
    assert not second.has_next_page()
    with pytest.raises(RuntimeError, match="no next page"):
        await d(lambda _: second.get_next_page())
    pages = await d.all(lambda _: first.iter_pages())
    assert [len(p.data) for p in pages] == [2, 1]


async def test_list_filters_on_the_wire(d: FlavoredDeployment) -> None:
    d.connect("c1", "alice", ip_address="10.0.0.7", proto_ver=5)
    d.connect("c2", "bob")
    d.connect("c3", "carol")
    found = await d.all(lambda c: c.clients.list(clientid=["c1", "c3"]))
    assert sorted(x["clientid"] for x in found) == ["c1", "c3"]
    assert d.last()["query"]["clientid"] == ["c1", "c3"]

    found = await d.all(lambda c: c.clients.list(username=["bob"], conn_state="connected"))
    assert [x["clientid"] for x in found] == ["c2"]

    page = await d(lambda c: c.clients.list(like_clientid="c", clean_start=True))
    assert d.last()["query"]["clean_start"] == ["true"]
    assert "count" not in page.meta  # fuzzy search: the server does not count
    assert len(page.data) == 3

    page = await d(lambda c: c.clients.list(ip_address="10.0.0.7", proto_ver=5))
    assert [x["clientid"] for x in page.data] == ["c1"]


async def test_list_fields_and_time_filters(d: FlavoredDeployment) -> None:
    d.connect("old", connected_at="2020-01-01T00:00:00Z", created_at="2020-01-01T00:00:00Z")
    d.connect("new")
    page = await d(lambda c: c.clients.list(fields=["clientid", "username"]))
    assert d.last()["query"]["fields"] == ["clientid,username"]
    assert all(set(c) <= {"clientid", "username"} for c in page.data)

    cutoff = datetime(2021, 1, 1, tzinfo=timezone.utc)
    page = await d(lambda c: c.clients.list(gte_connected_at=cutoff))
    assert [c["clientid"] for c in page.data] == ["new"]
    assert d.last()["query"]["gte_connected_at"] == [str(int(cutoff.timestamp() * 1000))]
    page = await d(lambda c: c.clients.list(lte_created_at="2021-01-01T00:00:00Z"))
    assert [c["clientid"] for c in page.data] == ["old"]


async def test_get_and_real_oddities(d: FlavoredDeployment) -> None:
    d.connect("anon")
    client = await d(lambda c: c.clients.get("anon"))
    assert client["clientid"] == "anon"
    assert client["username"] is None
    assert client["subscriptions_max"] == "infinity"
    assert isinstance(client["recv_msg.qos0"], int)
    assert "disconnected_at" not in client


@pytest.mark.parametrize("clientid", ODD_IDS)
async def test_odd_client_ids_are_encoded(d: FlavoredDeployment, clientid: str) -> None:
    d.connect(clientid)
    assert (await d(lambda c: c.clients.get(clientid)))["clientid"] == clientid
    sub = await d(lambda c: c.clients.subscribe(clientid, "t/#"))
    assert sub["clientid"] == clientid
    assert [s["topic"] for s in await d(lambda c: c.clients.subscriptions(clientid))] == ["t/#"]
    await d(lambda c: c.clients.kick(clientid))
    with pytest.raises(NotFoundError):
        await d(lambda c: c.clients.get(clientid))


async def test_unknown_client_is_404_with_the_real_code(d: FlavoredDeployment) -> None:
    with pytest.raises(NotFoundError) as err:
        await d(lambda c: c.clients.get("nobody"))
    assert err.value.code == "CLIENTID_NOT_FOUND"
    with pytest.raises(NotFoundError):
        await d(lambda c: c.clients.kick("nobody"))
    with pytest.raises(NotFoundError):
        await d(lambda c: c.clients.subscribe("nobody", "t"))


async def test_kick_many(d: FlavoredDeployment) -> None:
    for i in range(3):
        d.connect(f"c{i}")
    assert await d(lambda c: c.clients.kick_many(["c0", "c2"])) is None
    assert d.last()["body"] == ["c0", "c2"]
    page = await d(lambda c: c.clients.list())
    assert [c["clientid"] for c in page.data] == ["c1"]


async def test_subscribe_options_and_bulk(d: FlavoredDeployment) -> None:
    d.connect("c1")
    sub = await d(lambda c: c.clients.subscribe("c1", "a/+", qos=2, nl=1, rap=1, rh=2))
    assert (sub["topic"], sub["qos"], sub["nl"], sub["rap"], sub["rh"]) == ("a/+", 2, 1, 1, 2)
    subs = await d(
        lambda c: c.clients.subscribe_many("c1", [{"topic": "b/1", "qos": 1}, {"topic": "b/2"}])
    )
    assert [s["topic"] for s in subs] == ["b/1", "b/2"]
    assert d.last()["body"] == [{"topic": "b/1", "qos": 1}, {"topic": "b/2"}]
    topics = {s["topic"] for s in await d(lambda c: c.clients.subscriptions("c1"))}
    assert topics == {"a/+", "b/1", "b/2"}

    assert await d(lambda c: c.clients.unsubscribe("c1", "a/+")) is None
    assert await d(lambda c: c.clients.unsubscribe_many("c1", ["b/1", "b/2"])) is None
    assert d.last()["body"] == [{"topic": "b/1"}, {"topic": "b/2"}]
    assert await d(lambda c: c.clients.subscriptions("c1")) == []


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda c: c.clients.get(""), ValueError),
        (lambda c: c.clients.get(None), TypeError),
        (lambda c: c.clients.kick_many([]), ValueError),
        (lambda c: c.clients.kick_many("c1"), TypeError),
        (lambda c: c.clients.subscribe("c1", "t", qos=3), ValueError),
        (lambda c: c.clients.subscribe("c1", "t", qos=True), TypeError),
        (lambda c: c.clients.subscribe("c1", "t", rh=3), ValueError),
        (lambda c: c.clients.subscribe("c1", ""), ValueError),
        (lambda c: c.clients.subscribe_many("c1", []), ValueError),
        (lambda c: c.clients.subscribe_many("c1", [{"qos": 1}]), ValueError),
        (lambda c: c.clients.subscribe_many("c1", [{"topic": "t", "bad": 1}]), TypeError),
        (lambda c: c.clients.subscribe_many("c1", {"topic": "t"}), TypeError),
        (lambda c: c.clients.unsubscribe_many("c1", []), ValueError),
        (lambda c: c.clients.list(page=0), ValueError),
        (lambda c: c.clients.list(limit=0), ValueError),
        (lambda c: c.clients.list(limit=10_001), ValueError),
        (lambda c: c.clients.list(page="1"), TypeError),
        (lambda c: c.clients.list(conn_state="online"), ValueError),
        (lambda c: c.clients.list(gte_created_at=datetime(2020, 1, 1)), ValueError),
        (lambda c: c.subscriptions.list(qos=3), ValueError),
    ],
)
async def test_bad_arguments_fail_before_sending(
    d: FlavoredDeployment, call: Call, error: type[Exception]
) -> None:
    with pytest.raises(error):
        await d(call)
    assert d.sent() == []


async def test_subscriptions_list_and_filters(d: FlavoredDeployment) -> None:
    d.connect("c1")
    d.connect("c2")
    await d(lambda c: c.clients.subscribe("c1", "t/+", qos=1))
    await d(lambda c: c.clients.subscribe("c2", "t/1"))
    await d(lambda c: c.clients.subscribe("c2", "$share/g1/s/#"))

    every = await d.all(lambda c: c.subscriptions.list(limit=1))
    assert len(every) == 3
    page = await d(lambda c: c.subscriptions.list(clientid="c2"))
    assert {s["topic"] for s in page.data} == {"t/1", "$share/g1/s/#"}
    page = await d(lambda c: c.subscriptions.list(match_topic="t/#"))
    assert {s["topic"] for s in page.data} == {"t/+", "t/1"}
    page = await d(lambda c: c.subscriptions.list(qos=1))
    assert [s["clientid"] for s in page.data] == ["c1"]
    page = await d(lambda c: c.subscriptions.list(share_group="g1"))
    assert [s["clientid"] for s in page.data] == ["c2"]
    page = await d(lambda c: c.subscriptions.list(topic="t/+"))
    assert [s["clientid"] for s in page.data] == ["c1"]


async def test_topics(d: FlavoredDeployment) -> None:
    d.connect("c1")
    await d(lambda c: c.clients.subscribe("c1", "a/b/#"))
    await d(lambda c: c.clients.subscribe("c1", "x"))
    routes = await d.all(lambda c: c.topics.list())
    assert {r["topic"] for r in routes} == {"a/b/#", "x"}
    page = await d(lambda c: c.topics.list(topic="x"))
    assert [r["topic"] for r in page.data] == ["x"]
    got = await d(lambda c: c.topics.get("a/b/#"))
    assert got[0]["topic"] == "a/b/#"
    assert "/topics/a%2Fb%2F%23" in d.last()["path"]
    with pytest.raises(NotFoundError) as err:
        await d(lambda c: c.topics.get("nope"))
    assert err.value.code == "TOPIC_NOT_FOUND"


async def test_server_side_validation_errors_surface(d: FlavoredDeployment) -> None:
    d.connect("c1")
    with pytest.raises(BadRequestError):
        await d(lambda c: c.clients.subscribe("c1", "a/#/b"))


async def test_serverless_deployment_serves_clients(serverless: FlavoredDeployment) -> None:
    serverless.connect("s1")
    page = await serverless(lambda c: c.clients.list())
    assert [c["clientid"] for c in page.data] == ["s1"]
    await serverless(lambda c: c.clients.subscribe("s1", "t"))
    assert (await serverless(lambda c: c.publish("t", "x"))).delivered
    # What the Serverless docs do not list answers 404 there.
    with pytest.raises(NotFoundError):
        await serverless(lambda c: c.rules.list())


async def test_with_options_copies_have_resources(d: FlavoredDeployment) -> None:
    d.connect("c1")
    copy = d.with_options(timeout=10)
    assert (await copy(lambda c: c.clients.get("c1")))["clientid"] == "c1"
    assert copy.client.clients is not d.client.clients
