"""Spec-contract calls of the listeners, MQTT extensions and session queues
(merged into ``CALLS`` of ``tests/contract/test_spec_contract.py``)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from support.flavors import Call

MSGID = "0005F2D1A3B4C5D6E7F8091A2B3C4D5E"


def drain(messages: Iterator[Any] | AsyncIterator[Any]) -> Any:
    """Every item of a sync iterator, or a coroutine collecting an async one's."""
    if isinstance(messages, AsyncIterator):

        async def collect() -> list[Any]:
            return [m async for m in messages]

        return collect()
    return list(messages)


QUEUE_ARGS: dict[str, Any] = {
    "limit": 10,
    "position": "1710785444656449826",
    "payload": "plain",
    "max_payload_bytes": "32MB",
}

CALLS: dict[str, Call] = {
    "listeners.list": lambda c: c.listeners.list(type="tcp"),
    "listeners.get": lambda c: c.listeners.get("tcp:default"),
    "listeners.delete": lambda c: c.listeners.delete("tcp:default"),
    "listeners.start": lambda c: c.listeners.start("tcp:default"),
    "listeners.stop": lambda c: c.listeners.stop("tcp:default"),
    "listeners.restart": lambda c: c.listeners.restart("tcp:default"),
    "listeners.create": lambda c: c.listeners.create(
        "tcp", "demo", bind="0.0.0.0:1884", config={"max_connections": 10}
    ),
    "listeners.update": lambda c: c.listeners.update(
        "ssl:default", {"ssl_options": {"verify": "verify_peer"}}
    ),
    "delayed.update_settings": lambda c: c.delayed.update_settings(
        enable=True, max_delayed_messages=100
    ),
    "delayed.list": lambda c: c.delayed.list(page=2, limit=10),
    "delayed.get": lambda c: c.delayed.get("emqx@127.0.0.1", MSGID),
    "delayed.delete": lambda c: c.delayed.delete("emqx@127.0.0.1", MSGID),
    "delayed.delete_topic": lambda c: c.delayed.delete_topic("a/b"),
    "auto_subscribe.set": lambda c: c.auto_subscribe.set(
        [{"topic": "c/${clientid}", "qos": 1, "nl": 0, "rap": 1, "rh": 2}]
    ),
    "topic_rewrite.set": lambda c: c.topic_rewrite.set(
        [{"action": "all", "source_topic": "x/#", "re": "^x/(.+)$", "dest_topic": "y/$1"}]
    ),
    "retainer.update_settings": lambda c: c.retainer.update_settings(
        {"msg_expiry_interval": "1h", "backend": {"max_retained_messages": 10}}
    ),
    "clients.inflight_messages": lambda c: drain(c.clients.inflight_messages("a", **QUEUE_ARGS)),
    "clients.mqueue_messages": lambda c: drain(c.clients.mqueue_messages("a", **QUEUE_ARGS)),
    "clients.sessions_count": lambda c: c.clients.sessions_count(since=1705391625),
}
