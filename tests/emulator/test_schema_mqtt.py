"""Emulator answers of the listeners and MQTT extensions, checked against the real spec.

The same checks as ``test_schema.py`` (whose ``Checker`` this reuses), for the
groups of EMQX 5 breadth: listeners, delayed messages, auto subscribe, topic
rewrite, retainer settings, and clients' message queues.
"""

from __future__ import annotations

from emulator.test_schema import Checker, check, dep, refs

__all__ = ["check", "dep", "refs"]


def test_listeners(check: Checker) -> None:
    rows = check("GET", "/listeners", "/listeners", 200)
    assert len(rows) == 4
    check("GET", "/listeners", "/listeners", 200, params={"type": "wss"})
    check("GET", "/listeners_status", "/listeners_status", 200)
    check("GET", "/listeners/ssl:default", "/listeners/{id}", 200)
    check("GET", "/listeners/tcp:nope", "/listeners/{id}", 404)
    new = {"type": "tcp", "name": "demo", "bind": "0.0.0.0:1884"}
    check("POST", "/listeners", "/listeners", 200, json=new)
    check("POST", "/listeners", "/listeners", 400, json=new)
    check(
        "PUT",
        "/listeners/tcp:demo",
        "/listeners/{id}",
        200,
        json={"id": "tcp:demo", "type": "tcp", "max_connections": 10},
    )
    check(
        "PUT",
        "/listeners/tcp:demo",
        "/listeners/{id}",
        400,
        json={"id": "tcp:demo", "type": "ssl"},
    )
    check(
        "PUT",
        "/listeners/tcp:nope",
        "/listeners/{id}",
        404,
        json={"id": "tcp:nope", "type": "tcp"},
    )
    for action in ("stop", "start", "restart"):
        check("POST", f"/listeners/tcp:demo/{action}", f"/listeners/{{id}}/{action}", 200)
    check("POST", "/listeners/tcp:nope/stop", "/listeners/{id}/stop", 400)
    check("DELETE", "/listeners/tcp:demo", "/listeners/{id}", 204)
    check("DELETE", "/listeners/tcp:demo", "/listeners/{id}", 404)
