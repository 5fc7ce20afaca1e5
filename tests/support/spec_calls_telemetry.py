"""Contract-test calls of the telemetry group (Prometheus, OpenTelemetry),
merged into ``CALLS`` of ``contract/test_spec_contract.py``."""

from __future__ import annotations

from support.flavors import Call

_PUSH_GATEWAY = {"enable": True, "method": "post", "url": "http://gw:9091", "interval": "30s"}
_LEGACY = {
    "enable": True,
    "interval": "15s",
    "headers": {"Authorization": "Basic dXNlcjpwYXNz"},
    "job_name": "${name}/instance/${name}~${host}",
    "push_gateway_server": "http://gw:9091",
    "mnesia_collector": "disabled",
    "vm_dist_collector": "disabled",
    "vm_memory_collector": "enabled",
    "vm_msacc_collector": "disabled",
    "vm_statistics_collector": "disabled",
    "vm_system_info_collector": "disabled",
}

CALLS: dict[str, Call] = {
    "prometheus.update_settings": lambda c: c.prometheus.update_settings(
        {"enable_basic_auth": True, "push_gateway": _PUSH_GATEWAY}
    ),
    "prometheus.update_settings(legacy)": lambda c: c.prometheus.update_settings(_LEGACY),
    # The recorder answers the read with {}: the changes are the whole body.
    "prometheus.modify": lambda c: c.prometheus.modify(
        enable_basic_auth=False, push_gateway=_PUSH_GATEWAY
    ),
    "prometheus.stats": lambda c: c.prometheus.stats(mode="all_nodes_aggregated"),
    "prometheus.stats(json)": lambda c: c.prometheus.stats(format="json"),
    "prometheus.auth": lambda c: c.prometheus.auth(mode="node", format="json"),
    "prometheus.data_integration": lambda c: c.prometheus.data_integration(
        mode="all_nodes_unaggregated", format="json"
    ),
    "prometheus.schema_validation": lambda c: c.prometheus.schema_validation(mode="node"),
    "prometheus.message_transformation": lambda c: c.prometheus.message_transformation(),
    "opentelemetry.update_settings": lambda c: c.opentelemetry.update_settings(
        {
            "exporter": {"endpoint": "http://otel:4317", "ssl_options": {"enable": False}},
            "metrics": {"enable": True, "interval": "10s"},
            "logs": {"enable": True, "level": "warning"},
            "traces": {
                "enable": True,
                "filter": {
                    "trace_mode": "e2e",
                    "e2e_tracing_options": {"cluster_identifier": "c1", "sample_ratio": "5%"},
                },
            },
        }
    ),
    "opentelemetry.modify": lambda c: c.opentelemetry.modify(metrics={"enable": True}),
    "opentelemetry.whitelist": lambda c: c.opentelemetry.whitelist("clientid"),
    "opentelemetry.set_whitelist": lambda c: c.opentelemetry.set_whitelist(
        "topic", ["sensors/#", "t/1"]
    ),
    "opentelemetry.clear_whitelist": lambda c: c.opentelemetry.clear_whitelist("clientid"),
}
