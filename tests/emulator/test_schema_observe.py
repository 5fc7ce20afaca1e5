"""Emulator answers of the observability group, checked against the real spec:
alarms, the monitor, error codes and the license, slow subscriptions, topic
metrics and traces (the ``check`` fixture, ``conftest.py``; deviations only in
``tests/support/spec_deviations.py``)."""

from __future__ import annotations

from emqx_platform import quote_path
from emqx_platform.testing import Emulator
from support.schema_checker import Checker


def test_alarms_monitor_error_codes_and_license(
    check: Checker, emqx_emulator: Emulator, dep: str
) -> None:
    for i in range(80):
        emqx_emulator.connect_client(dep, f"quota-{i}")
    active = check("GET", "/alarms", "/alarms", 200, params={"activated": "true"})
    assert [a["name"] for a in active["data"]] == ["license_quota"]
    for i in range(80):
        emqx_emulator.disconnect_client(dep, f"quota-{i}")
    past = check("GET", "/alarms", "/alarms", 200, params={"limit": 1})
    assert past["meta"]["count"] == 1
    assert "deactivate_at" in past["data"][0]
    check("DELETE", "/alarms", "/alarms", 204)

    series = check("GET", "/monitor", "/monitor", 200, params={"latest": 300})
    assert series
    check("GET", "/monitor", "/monitor", 400, params={"latest": 0})
    node = "/monitor/nodes/{node}"
    check("GET", "/monitor/nodes/emqx@127.0.0.1", node, 200)
    check("GET", "/monitor/nodes/nobody", node, 404)
    check("GET", "/monitor_current", "/monitor_current", 200)
    current = "/monitor_current/nodes/{node}"
    assert "node_uptime" in check("GET", "/monitor_current/nodes/emqx@127.0.0.1", current, 200)
    check("GET", "/monitor_current/nodes/nobody", current, 404)
    check("DELETE", "/monitor", "/monitor", 204)

    codes = check("GET", "/error_codes", "/error_codes", 200)
    assert len(codes) == 31
    check("GET", "/error_codes/NOT_FOUND", "/error_codes/{code}", 200)
    check("GET", "/error_codes/NOPE", "/error_codes/{code}", 400)
    check("GET", "/license", "/license", 200)
    check("GET", "/license/setting", "/license/setting", 200)


def test_slow_subscriptions_and_topic_metrics(check: Checker) -> None:
    settings = "/slow_subscriptions/settings"
    assert check("GET", settings, settings, 200)["enable"] is False
    put = check("PUT", settings, settings, 200, json={"enable": True, "threshold": "200ms"})
    assert (put["threshold"], put["top_k_num"]) == ("200ms", 10)
    check("PUT", settings, settings, 400, json={"enable": True, "top_k_num": 0})
    check("GET", "/slow_subscriptions", "/slow_subscriptions", 200, params={"limit": 10})
    check("DELETE", "/slow_subscriptions", "/slow_subscriptions", 204)

    metrics = "/mqtt/topic_metrics"
    one = metrics + "/{topic}"
    check("POST", metrics, metrics, 204, json={"topic": "sensors/1"})
    check("POST", metrics, metrics, 400, json={"topic": "sensors/1"})
    check("POST", metrics, metrics, 400, json={"topic": "sensors/#"})
    check("POST", "/publish", "/publish", 202, json={"topic": "sensors/1", "payload": "x"})
    got = check("GET", metrics + "/" + quote_path("sensors/1"), one, 200)
    assert got["metrics"]["message.in.count"] == 1
    assert check("GET", metrics, metrics, 200)[0]["topic"] == "sensors/1"
    check("PUT", metrics, metrics, 204, json={"action": "reset", "topic": "sensors/1"})
    check("PUT", metrics, metrics, 404, json={"action": "reset", "topic": "nowhere"})
    check("PUT", metrics, metrics, 204, json={"action": "reset"})
    assert "reset_time" in check("GET", metrics + "/" + quote_path("sensors/1"), one, 200)
    check("DELETE", metrics + "/" + quote_path("sensors/1"), one, 204)
    check("GET", metrics + "/" + quote_path("sensors/1"), one, 404)
    check("DELETE", metrics + "/" + quote_path("sensors/1"), one, 404)


def test_traces(check: Checker, emqx_emulator: Emulator, dep: str) -> None:
    emqx_emulator.connect_client(dep, "traced")
    check(
        "POST",
        "/clients/traced/subscribe",
        "/clients/{clientid}/subscribe",
        200,
        json={"topic": "t/#"},
    )
    body = {"name": "by_client", "type": "clientid", "clientid": "traced"}
    assert check("POST", "/trace", "/trace", 200, json=body)["status"] == "running"
    check("POST", "/trace", "/trace", 409, json=body)
    check("POST", "/trace", "/trace", 409, json={**body, "name": "same_client"})
    check("POST", "/trace", "/trace", 400, json={"name": "bad name", "type": "topic", "topic": "t"})
    check("POST", "/trace", "/trace", 400, json={**body, "name": "past", "end_at": 1})
    check("POST", "/publish", "/publish", 200, json={"topic": "t/1", "payload": "x"})
    assert len(check("GET", "/trace", "/trace", 200)) == 1
    log = "/trace/{name}/log"
    page = check("GET", "/trace/by_client/log", log, 200, params={"bytes": 10})
    assert page["meta"] == {"position": 10, "bytes": 10}
    check("GET", "/trace/by_client/log", log, 404, params={"node": "emqx@elsewhere"})
    check("GET", "/trace/nobody/log", log, 404)
    detail = "/trace/{name}/log_detail"
    assert check("GET", "/trace/by_client/log_detail", detail, 200)[0]["size"] > 0
    check("GET", "/trace/nobody/log_detail", detail, 404)
    check("GET", "/trace/nobody/download", "/trace/{name}/download", 404)
    stop = "/trace/{name}/stop"
    stopped = check("PUT", "/trace/by_client/stop", stop, 200)
    assert stopped == {"enable": False, "name": "by_client"}
    check("PUT", "/trace/nobody/stop", stop, 404)
    check("PUT", "/trace/1st/stop", stop, 400)
    check("DELETE", "/trace/by_client", "/trace/{name}", 204)
    check("DELETE", "/trace/by_client", "/trace/{name}", 404)
    check("DELETE", "/trace", "/trace", 204)
