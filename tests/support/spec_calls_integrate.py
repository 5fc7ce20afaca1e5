"""Spec contract calls of the rule engine and data-integration group (methods whose
arguments are not all strings), merged into ``test_spec_contract.CALLS``."""

from __future__ import annotations

from support.flavors import Call

MQTT_IN = {"topic": "remote/#", "qos": 1}

CALLS: dict[str, Call] = {
    "rule_engine.update_settings": lambda c: c.rule_engine.update_settings(
        ignore_sys_message=True, jq_function_default_timeout="12s"
    ),
    "connectors.probe": lambda c: c.connectors.probe(
        "http", "c", url="https://x", enable=True, description="d"
    ),
    "connectors.start(node)": lambda c: c.connectors.start("http:c", node="emqx@n1"),
    "actions.probe": lambda c: c.actions.probe(
        "http", "a", connector="c", parameters={"method": "post"}
    ),
    "actions.start(node)": lambda c: c.actions.start("http:a", node="emqx@n1"),
    "sources.get": lambda c: c.sources.get("mqtt:s"),
    "sources.enable": lambda c: c.sources.enable("mqtt:s"),
    "sources.disable": lambda c: c.sources.disable("mqtt:s"),
    "sources.start": lambda c: c.sources.start("mqtt:s"),
    "sources.metrics": lambda c: c.sources.metrics("mqtt:s"),
    "sources.reset_metrics": lambda c: c.sources.reset_metrics("mqtt:s"),
    "sources.create": lambda c: c.sources.create(
        "mqtt", "s", connector="c", parameters=MQTT_IN, enable=True, description="d"
    ),
    "sources.update": lambda c: c.sources.update("mqtt:s", connector="c", parameters=MQTT_IN),
    "sources.delete": lambda c: c.sources.delete("mqtt:s", also_delete_dep_actions=True),
    "sources.probe": lambda c: c.sources.probe("mqtt", "s", connector="c", parameters=MQTT_IN),
    "sources.start(node)": lambda c: c.sources.start("mqtt:s", node="emqx@n1"),
}
