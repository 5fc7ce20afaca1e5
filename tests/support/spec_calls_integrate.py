"""Spec contract calls of the rule engine and data-integration group (methods whose
arguments are not all strings), merged into ``test_spec_contract.CALLS``."""

from __future__ import annotations

from support.flavors import Call

MQTT_IN = {"topic": "remote/#", "qos": 1}
SQL_CHECK = {"type": "sql", "sql": "SELECT * WHERE payload.t < 100"}

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
    "schema_validations.create": lambda c: c.schema_validations.create(
        "v",
        topics=["t/#"],
        checks=[SQL_CHECK],
        strategy="any_pass",
        failure_action="ignore",
        description="d",
        enable=True,
        log_failure={"level": "info"},
    ),
    "schema_validations.update": lambda c: c.schema_validations.update(
        "v", topics="t/#", checks=[SQL_CHECK], strategy="all_pass", failure_action="drop"
    ),
    "schema_validations.reorder": lambda c: c.schema_validations.reorder(["b", "a"]),
    "message_transformations.create": lambda c: c.message_transformations.create(
        "m",
        topics=["t/#"],
        operations=[{"key": "topic", "value": "concat([topic, '/x'])"}],
        failure_action="drop",
        description="d",
        enable=True,
    ),
    "message_transformations.update": lambda c: c.message_transformations.update(
        "m", topics="t/#", operations=[], failure_action="ignore"
    ),
    "message_transformations.reorder": lambda c: c.message_transformations.reorder(["b", "a"]),
    "message_transformations.dryrun": lambda c: c.message_transformations.dryrun(
        {"topic": "t/1", "payload": "{}", "qos": 1, "retain": False},
        {"name": "m", "topics": "t/#", "failure_action": "drop"},
    ),
    "schema_registry.create": lambda c: c.schema_registry.create(
        "s", type="avro", source='{"type": "string"}', description="d"
    ),
    "schema_registry.update": lambda c: c.schema_registry.update(
        "s", type="protobuf", source="message M { string a = 1; }", description="d"
    ),
    "external_schema_registries.create": lambda c: c.external_schema_registries.create(
        "r", url="https://r.example.com", username="u", password="p"
    ),
    "external_schema_registries.update": lambda c: c.external_schema_registries.update(
        "r", url="https://r.example.com"
    ),
}
