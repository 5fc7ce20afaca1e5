"""Deployment API: delayed publish, auto subscribe, topic rewrite, retainer
settings, and a session's in-flight and queued messages; sync and async."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timezone
from typing import Any

import pytest

from emqx_platform import BadRequestError, ConflictError, NotFoundError
from support.deployments import FlavoredDeployment
from support.flavors import Call
from support.spec_calls_mqtt import MSGID, drain

pytestmark = pytest.mark.asyncio

NODE = "emqx@127.0.0.1"


async def test_a_delayed_publish_is_held_listed_and_dropped(d: FlavoredDeployment) -> None:
    d.connect("pump")
    await d(lambda c: c.clients.subscribe("pump", "alerts/#", qos=1))
    result = await d(lambda c: c.publish("$delayed/3600/alerts/reminder", "check", qos=1))
    assert not result.delivered, "held, not delivered now"
    assert [m["topic"] for m in d.emu.published(d.deployment_id)] == []

    (row,) = await d.all(lambda c: c.delayed.list())
    assert (row["topic"], row["delayed_interval"]) == ("alerts/reminder", 3600)
    held = await d(lambda c: c.delayed.get(row["node"], row["msgid"]))
    assert held["payload"] == "Y2hlY2s="  # base64 of "check"

    await d(lambda c: c.delayed.delete(row["node"], row["msgid"]))
    with pytest.raises(NotFoundError) as err:
        await d(lambda c: c.delayed.get(row["node"], row["msgid"]))
    assert err.value.code == "MESSAGE_ID_NOT_FOUND"

    await d(lambda c: c.publish("$delayed/60/alerts/a", "1"))
    await d(lambda c: c.publish("$delayed/90/alerts/a", "2"))
    await d(lambda c: c.delayed.delete_topic("alerts/a"))
    assert await d.all(lambda c: c.delayed.list()) == []
    assert d.last()["path"].endswith("/mqtt/delayed/messages")


async def test_a_message_due_now_is_published(d: FlavoredDeployment) -> None:
    d.connect("pump")
    await d(lambda c: c.clients.subscribe("pump", "alerts/#"))
    await d(lambda c: c.publish("$delayed/0/alerts/now", "x"))
    assert await d.all(lambda c: c.delayed.list()) == []
    assert [m["topic"] for m in d.emu.published(d.deployment_id)] == ["alerts/now"]


async def test_delayed_settings_are_replaced(d: FlavoredDeployment) -> None:
    assert await d(lambda c: c.delayed.settings()) == {"enable": True, "max_delayed_messages": 0}
    await d(lambda c: c.delayed.update_settings(enable=False, max_delayed_messages=5))
    # EMQX resets what the body leaves out: enable goes back to its default.
    changed = await d(lambda c: c.delayed.update_settings(max_delayed_messages=1))
    assert changed == {"enable": True, "max_delayed_messages": 1}
    assert d.last()["body"] == {"max_delayed_messages": 1}
    await d(lambda c: c.publish("$delayed/60/t/1", "a"))
    await d(lambda c: c.publish("$delayed/60/t/2", "b"))
    assert [m["topic"] for m in await d.all(lambda c: c.delayed.list())] == ["t/1"]


async def test_auto_subscribe_applies_to_clients_that_connect(d: FlavoredDeployment) -> None:
    topics = [{"topic": "devices/${clientid}/cmd", "qos": 1}, {"topic": "broadcast/#"}]
    saved = await d(lambda c: c.auto_subscribe.set(topics))
    assert [t["topic"] for t in saved] == ["devices/${clientid}/cmd", "broadcast/#"]
    assert await d(lambda c: c.auto_subscribe.get()) == saved
    d.connect("dev-7")
    subs = await d(lambda c: c.clients.subscriptions("dev-7"))
    assert {(s["topic"], s["qos"]) for s in subs} == {("devices/dev-7/cmd", 1), ("broadcast/#", 0)}
    with pytest.raises(ConflictError) as err:
        await d(lambda c: c.auto_subscribe.set([{"topic": f"t/{i}"} for i in range(21)]))
    assert err.value.code == "EXCEED_LIMIT"


async def test_topic_rewrite_applies_to_publishes(d: FlavoredDeployment) -> None:
    rule = {
        "action": "publish",
        "source_topic": "old/#",
        "re": "^old/(.+)$",
        "dest_topic": "new/$1",
    }
    assert await d(lambda c: c.topic_rewrite.set([rule])) == [rule]
    d.connect("reader")
    await d(lambda c: c.clients.subscribe("reader", "new/#"))
    result = await d(lambda c: c.publish("old/a/b", "x"))
    assert result.delivered
    assert d.emu.published(d.deployment_id)[-1]["topic"] == "new/a/b"
    with pytest.raises(BadRequestError):
        await d(lambda c: c.topic_rewrite.set([{**rule, "re": "(unclosed"}]))
    assert await d(lambda c: c.topic_rewrite.get()) == [rule]


async def test_retainer_settings_are_replaced_and_delete_all(d: FlavoredDeployment) -> None:
    defaults = await d(lambda c: c.retainer.settings())
    await d(
        lambda c: c.retainer.update_settings(
            {"max_payload_size": "2MB", "backend": {"storage_type": "disc"}}
        )
    )
    changed = await d(
        lambda c: c.retainer.update_settings(
            {"msg_expiry_interval": "1h", "backend": {"max_retained_messages": 10}}
        )
    )
    assert changed["msg_expiry_interval"] == "1h"
    assert changed["backend"]["max_retained_messages"] == 10
    # EMQX resets what the body leaves out, in backend too.
    assert changed["max_payload_size"] == defaults["max_payload_size"] == "1MB"
    assert changed["backend"]["storage_type"] == defaults["backend"]["storage_type"] == "ram"
    assert await d(lambda c: c.retainer.settings()) == changed
    await d(lambda c: c.publish("r/1", "x", retain=True))
    await d(lambda c: c.publish("r/2", "y", retain=True))
    await d(lambda c: c.retainer.delete_all())
    assert await d.all(lambda c: c.retainer.messages()) == []


async def test_a_stalled_client_fills_its_window_then_its_queue(d: FlavoredDeployment) -> None:
    d.connect("stalled")
    await d(lambda c: c.clients.subscribe("stalled", "q/#", qos=1))
    await d(
        lambda c: c.publish_many([{"topic": f"q/{i}", "payload": "x", "qos": 1} for i in range(40)])
    )
    start = len(d.sent())
    inflight = await d(lambda c: drain(c.clients.inflight_messages("stalled", limit=5)))
    assert [m["topic"] for m in inflight] == [f"q/{i}" for i in range(32)]
    chunks = d.sent()[start:]
    assert len(chunks) == 7, "32 messages in chunks of 5"
    assert "position" not in chunks[0]["query"]
    assert all("position" in r["query"] for r in chunks[1:])
    client = await d(lambda c: c.clients.get("stalled"))
    assert (client["inflight_cnt"], client["mqueue_len"]) == (32, 8)
    queued = await d(lambda c: drain(c.clients.mqueue_messages("stalled", payload="none")))
    assert [m["topic"] for m in queued] == [f"q/{i}" for i in range(32, 40)]
    assert all("payload" not in m and m["mqueue_priority"] == 0 for m in queued)


async def test_an_offline_session_queues_until_it_resumes(d: FlavoredDeployment) -> None:
    d.connect("away", clean_start=False, expiry_interval=600)
    await d(lambda c: c.clients.subscribe("away", "q/#", qos=1))
    d.emu.disconnect_client(d.deployment_id, "away")
    await d(lambda c: c.publish("q/1", "hello", qos=1))
    (queued,) = await d(lambda c: drain(c.clients.mqueue_messages("away", payload="plain")))
    assert queued["payload"] == "hello"
    d.connect("away", clean_start=False, expiry_interval=600)
    assert await d(lambda c: drain(c.clients.mqueue_messages("away"))) == []
    (sent,) = await d(lambda c: drain(c.clients.inflight_messages("away")))
    assert sent["msgid"] == queued["msgid"]
    assert await d(lambda c: c.clients.sessions_count()) == 1
    since = datetime(2024, 1, 1, tzinfo=timezone.utc)
    assert await d(lambda c: c.clients.sessions_count(since=since)) == 1
    assert d.last()["query"] == {"since": [str(int(since.timestamp()))]}


async def test_queues_of_an_unknown_client_are_not_found(d: FlavoredDeployment) -> None:
    with pytest.raises(NotFoundError) as err:
        await d(lambda c: drain(c.clients.inflight_messages("nobody")))
    assert err.value.code == "CLIENTID_NOT_FOUND"


def _iterator_of(call: Call) -> Call:
    """The call, with an iterator it returns drained (so the async one is awaitable)."""

    def drained(c: Any) -> Any:
        result = call(c)
        return (
            drain(result)
            if isinstance(result, AsyncIterator) or hasattr(result, "__next__")
            else result
        )

    return drained


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda c: c.delayed.get(NODE, "xyz"), ValueError, "hexadecimal"),
        (lambda c: c.delayed.delete(NODE, MSGID[:-1]), ValueError, "hexadecimal"),
        (lambda c: c.delayed.update_settings(), ValueError, "enable"),
        (lambda c: c.delayed.update_settings(enable=1), TypeError, "enable"),
        (lambda c: c.delayed.update_settings(max_delayed_messages=-1), ValueError, "max_"),
        (lambda c: c.delayed.delete_topic(""), ValueError, "topic"),
        (lambda c: c.auto_subscribe.set({"topic": "t"}), TypeError, "list"),
        (lambda c: c.auto_subscribe.set([{"topic": "t", "qos": 3}]), ValueError, "qos"),
        (lambda c: c.auto_subscribe.set([{"qos": 1}]), ValueError, "topic"),
        (lambda c: c.topic_rewrite.set([{"action": "all"}]), ValueError, "source_topic"),
        (
            lambda c: c.topic_rewrite.set(
                [{"action": "drop", "source_topic": "a", "re": "a", "dest_topic": "b"}]
            ),
            ValueError,
            "action",
        ),
        (lambda c: c.retainer.update_settings(["enable"]), TypeError, "mapping"),
        (lambda c: c.clients.inflight_messages("a", limit=0), ValueError, "limit"),
        (lambda c: c.clients.mqueue_messages("a", payload="hex"), ValueError, "payload"),
        (lambda c: c.clients.mqueue_messages("", limit=1), ValueError, "clientid"),
        (lambda c: c.clients.sessions_count(since=-1), ValueError, "since"),
        (lambda c: c.clients.sessions_count(since=datetime(2024, 1, 1)), ValueError, "aware"),
        (
            lambda c: c.clients.sessions_count(since=datetime(1969, 1, 1, tzinfo=timezone.utc)),
            ValueError,
            "since",
        ),
    ],
)
async def test_bad_input_is_refused_before_sending(
    d: FlavoredDeployment, call: Call, error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        await d(_iterator_of(call))
    assert d.sent() == []
