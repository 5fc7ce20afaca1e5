"""Spec-contract calls of the listeners and MQTT extensions (merged into ``CALLS``)."""

from __future__ import annotations

from support.flavors import Call

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
}
