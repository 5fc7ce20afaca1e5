"""Emulator answers of the listeners and MQTT extensions, checked against the real spec.

The same checks as ``test_schema.py`` (the ``check`` fixture of ``conftest.py``), for the
groups of EMQX 5 breadth: listeners, delayed messages, auto subscribe, topic
rewrite, retainer settings, and clients' message queues.
"""

from __future__ import annotations

from emqx_platform import quote_path
from emqx_platform.testing import Emulator
from support.schema_checker import Checker


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
    check("POST", "/listeners/tcp:nope/stop", "/listeners/{id}/stop", 404)
    check("POST", "/listeners", "/listeners", 400, json={**new, "name": "a/b c"})
    check("POST", "/listeners", "/listeners", 400, json={**new, "name": "b", "bind": "nowhere"})
    check("POST", "/listeners", "/listeners", 400, json={**new, "name": "b", "bind": "1883"})
    check("DELETE", "/listeners/tcp:demo", "/listeners/{id}", 204)
    check("DELETE", "/listeners/tcp:demo", "/listeners/{id}", 404)


def test_delayed_messages(check: Checker, emqx_emulator: Emulator, dep: str) -> None:
    check("GET", "/mqtt/delayed", "/mqtt/delayed", 200)
    check("PUT", "/mqtt/delayed", "/mqtt/delayed", 200, json={"max_delayed_messages": 5})
    check("PUT", "/mqtt/delayed", "/mqtt/delayed", 400, json={"max_delayed_messages": -1})
    held = check(
        "POST", "/publish", "/publish", 202, json={"topic": "$delayed/60/d/1", "payload": "x"}
    )
    assert held["message"] == "no_matching_subscribers"
    page = check("GET", "/mqtt/delayed/messages", "/mqtt/delayed/messages", 200)
    (row,) = page["data"]
    one = f"/mqtt/delayed/messages/{row['node']}/{row['msgid']}"
    template = "/mqtt/delayed/messages/{node}/{msgid}"
    check("GET", one, template, 200)
    check("GET", f"/mqtt/delayed/messages/{row['node']}/xyz", template, 400)
    check("GET", f"/mqtt/delayed/messages/other@node/{row['msgid']}", template, 400)
    check("DELETE", one, template, 204)
    check("GET", one, template, 404)
    check("DELETE", one, template, 404)
    check("POST", "/publish", "/publish", 202, json={"topic": "$delayed/60/d/2", "payload": "x"})
    by_topic = "/mqtt/delayed/messages/{topic}"
    check("DELETE", "/mqtt/delayed/messages/" + quote_path("d/2"), by_topic, 204)
    check("DELETE", "/mqtt/delayed/messages/" + quote_path("d/2"), by_topic, 404)
    check("DELETE", "/mqtt/delayed/messages/" + quote_path("d/#"), by_topic, 400)


def test_auto_subscribe_and_topic_rewrite(check: Checker) -> None:
    check("GET", "/mqtt/auto_subscribe", "/mqtt/auto_subscribe", 200)
    topics = [{"topic": "c/${clientid}", "qos": 1}]
    check("PUT", "/mqtt/auto_subscribe", "/mqtt/auto_subscribe", 200, json=topics)
    too_many = [{"topic": f"t/{i}"} for i in range(21)]
    check("PUT", "/mqtt/auto_subscribe", "/mqtt/auto_subscribe", 409, json=too_many)
    check("GET", "/mqtt/topic_rewrite", "/mqtt/topic_rewrite", 200)
    rule = {"action": "publish", "source_topic": "x/#", "re": "^x/(.+)$", "dest_topic": "y/$1"}
    check("PUT", "/mqtt/topic_rewrite", "/mqtt/topic_rewrite", 200, json=[rule])
    check("PUT", "/mqtt/topic_rewrite", "/mqtt/topic_rewrite", 400, json=[{**rule, "re": "("}])
    check("PUT", "/mqtt/topic_rewrite", "/mqtt/topic_rewrite", 413, json=[rule] * 21)


def test_retainer_settings(check: Checker) -> None:
    settings = check("GET", "/mqtt/retainer", "/mqtt/retainer", 200)
    assert settings["backend"]["type"] == "built_in_database"
    check("PUT", "/mqtt/retainer", "/mqtt/retainer", 200, json={"msg_expiry_interval": "1h"})
    check("PUT", "/mqtt/retainer", "/mqtt/retainer", 400, json={"enable": "yes"})
    check("PUT", "/mqtt/retainer", "/mqtt/retainer", 400, json={"foo": "bar"})
    check(
        "POST", "/publish", "/publish", 202, json={"topic": "r/1", "payload": "x", "retain": True}
    )
    check("DELETE", "/mqtt/retainer/messages", "/mqtt/retainer/messages", 204)
    assert check("GET", "/mqtt/retainer/messages", "/mqtt/retainer/messages", 200)["data"] == []


def test_session_queues(check: Checker, emqx_emulator: Emulator, dep: str) -> None:
    emqx_emulator.connect_client(dep, "slow")
    emqx_emulator.connect_client(dep, "away", clean_start=False, expiry_interval=300)
    for clientid in ("slow", "away"):
        check(
            "POST",
            f"/clients/{clientid}/subscribe",
            "/clients/{clientid}/subscribe",
            200,
            json={"topic": "q/#", "qos": 1},
        )
    emqx_emulator.disconnect_client(dep, "away")
    check("POST", "/publish", "/publish", 200, json={"topic": "q/1", "payload": "x", "qos": 1})
    inflight = "/clients/{clientid}/inflight_messages"
    mqueue = "/clients/{clientid}/mqueue_messages"
    chunk = check("GET", "/clients/slow/inflight_messages", inflight, 200)
    assert [m["topic"] for m in chunk["data"]] == ["q/1"]
    assert chunk["meta"]["position"] == "end_of_data"
    queued = check("GET", "/clients/away/mqueue_messages", mqueue, 200, params={"payload": "none"})
    assert "payload" not in queued["data"][0]
    check("GET", "/clients/slow/mqueue_messages", mqueue, 200, params={"limit": 1})
    check("GET", "/clients/nobody/inflight_messages", inflight, 404)
    check("GET", "/clients/slow/inflight_messages", inflight, 400, params={"limit": 0})
    assert check("GET", "/sessions_count", "/sessions_count", 200) == 2
