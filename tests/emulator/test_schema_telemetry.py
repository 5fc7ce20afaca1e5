"""Emulator answers of the telemetry group, checked against the real spec:
Prometheus settings and scrapes, OpenTelemetry settings and whitelists (the
``check`` fixture, ``conftest.py``; deviations only in
``tests/support/spec_deviations.py``)."""

from __future__ import annotations

from emqx_platform.testing import Emulator
from support.schema_checker import Checker

RECOMMENDED = {
    "enable_basic_auth": False,
    "push_gateway": {"enable": True, "method": "post", "url": "http://gw:9091"},
    "collectors": {"vm_dist": "enabled"},
}
LEGACY = {
    "enable": False,
    "interval": "15s",
    "job_name": "emqx",
    "push_gateway_server": "http://gw:9091",
    "mnesia_collector": "enabled",
    "vm_dist_collector": "disabled",
    "vm_memory_collector": "disabled",
    "vm_msacc_collector": "disabled",
    "vm_statistics_collector": "disabled",
    "vm_system_info_collector": "disabled",
}
SCRAPES = (
    "/prometheus/stats",
    "/prometheus/auth",
    "/prometheus/data_integration",
    "/prometheus/schema_validation",
    "/prometheus/message_transformation",
)


def test_prometheus_settings_and_scrapes(check: Checker, emqx_emulator: Emulator, dep: str) -> None:
    path = "/prometheus"
    assert check("GET", path, path, 200)["push_gateway"]["enable"] is False
    put = check("PUT", path, path, 200, json=RECOMMENDED)
    assert (put["push_gateway"]["method"], put["collectors"]["mnesia"]) == ("post", "disabled")
    legacy = check("PUT", path, path, 200, json=LEGACY)
    assert legacy["collectors"]["mnesia"] == "enabled"
    bad = {"enable_basic_auth": "no"}
    assert "enable_basic_auth" in check("PUT", path, path, 400, json=bad)["message"]

    emqx_emulator.connect_client(dep, "sensor-1")
    for scrape in SCRAPES:
        check("GET", scrape, scrape, 200, params={"mode": "node"})
    check("GET", "/prometheus/stats", "/prometheus/stats", 400, params={"mode": "cluster"})


def test_opentelemetry_settings_and_whitelists(check: Checker) -> None:
    path = "/opentelemetry"
    settings = check("GET", path, path, 200)
    assert settings["traces"]["filter"]["trace_mode"] == "legacy"
    put = check("PUT", path, path, 200, json={"metrics": {"enable": True, "interval": "5s"}})
    assert put["metrics"] == {"enable": True, "interval": "5s"}
    assert put["logs"]["enable"] is False
    check("PUT", path, path, 400, json={"traces": {"max_queue_size": 0}})
    check("PUT", path, path, 400, json={"exporter": {"url": "http://x"}})

    template = "/opentelemetry/whitelist/{type}"
    check("POST", "/opentelemetry/whitelist/clientid", template, 204, json=["c1", "c2"])
    assert check("GET", "/opentelemetry/whitelist/clientid", template, 200) == ["c1", "c2"]
    assert check("GET", "/opentelemetry/whitelist/topic", template, 200) == []
    too_many = [f"t/{i}" for i in range(31)]
    check("POST", "/opentelemetry/whitelist/topic", template, 400, json=too_many)
    check("POST", "/opentelemetry/whitelist/topic", template, 400, json=[1])
    check("DELETE", "/opentelemetry/whitelist/clientid", template, 204)
    check("GET", "/opentelemetry/whitelist/ip", template, 400)
