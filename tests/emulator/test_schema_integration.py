"""Emulator answers of the rule engine's settings and events and of data
integration (connectors, actions, sources, their types, summaries, probes and
per-node operations), checked against the real spec like ``test_schema.py``."""

from __future__ import annotations

from typing import Any

from emqx_platform import quote_path
from support import openapi
from support.schema_checker import Checker

NODE = "/nodes/" + quote_path("emqx@127.0.0.1")
MQTT_IN = {"topic": "plant/#", "qos": 1}


def by_type(
    check: Checker, method: str, path: str, status: int, component: str, json: Any = None
) -> Any:
    """Like ``check``, for answers the spec declares as a ``oneOf`` of every type's
    schema (many members fit a body): validated against ``component``, the type's."""
    body = check.client.request(method, path, json=json)
    assert check.emu.requests[-1]["status"] == status
    items = body if isinstance(body, list) else [body]
    for item in items:
        assert openapi.errors(item, openapi.component(component), check.refs) == []
    return body


def test_rule_engine_settings_and_events(check: Checker) -> None:
    check("GET", "/rule_engine", "/rule_engine", 200)
    body = {"jq_function_default_timeout": "12s"}
    check("PUT", "/rule_engine", "/rule_engine", 200, json=body)
    check("PUT", "/rule_engine", "/rule_engine", 400, json={"rules": {}})
    check("PUT", "/rule_engine", "/rule_engine", 400, json={"ignore_sys_message": "no"})
    assert check("GET", "/rule_events", "/rule_events", 200)


def test_connectors_and_actions(check: Checker) -> None:
    connector = {"type": "http", "name": "hook", "url": "https://example.com"}
    check("POST", "/connectors_probe", "/connectors_probe", 204, json=connector)
    check("POST", "/connectors_probe", "/connectors_probe", 400, json={"type": "http"})
    by_type(check, "POST", "/connectors", 201, "bridge_http.get_connector", connector)
    by_type(check, "GET", "/connectors", 200, "bridge_http.get_connector")
    action = {"type": "http", "name": "post", "connector": "hook", "parameters": {}}
    check("POST", "/actions_probe", "/actions_probe", 204, json=action)
    check("POST", "/actions_probe", "/actions_probe", 400, json={**action, "type": "nope"})
    by_type(check, "POST", "/actions", 201, "bridge_http.get_bridge_v2", action)
    assert "http" in check("GET", "/action_types", "/action_types", 200)
    assert check("GET", "/actions_summary", "/actions_summary", 200)[0]["name"] == "post"
    for kind, id in (("connectors", "http:hook"), ("actions", "http:post")):
        template = f"/nodes/{{node}}/{kind}/{{id}}/{{operation}}"
        check("POST", f"{NODE}/{kind}/{quote_path(id)}/start", template, 204)
        other = "/nodes/" + quote_path("emqx@10.9.9.9")
        check("POST", f"{other}/{kind}/{quote_path(id)}/start", template, 404)


def test_sources(check: Checker) -> None:
    plant = {"type": "mqtt", "name": "plant", "server": "plant.example.com:1883"}
    by_type(check, "POST", "/connectors", 201, "connector_mqtt.get_connector", plant)
    source = {"type": "mqtt", "name": "in", "connector": "plant", "parameters": MQTT_IN}
    check("POST", "/sources_probe", "/sources_probe", 204, json=source)
    check("POST", "/sources_probe", "/sources_probe", 400, json={"name": "in"})
    mqtt_source = "bridge_mqtt_publisher.get_source"
    by_type(check, "POST", "/sources", 201, mqtt_source, source)
    check("POST", "/sources", "/sources", 400, json=source)
    path = "/sources/" + quote_path("mqtt:in")
    by_type(check, "GET", "/sources", 200, mqtt_source)
    by_type(check, "GET", path, 200, mqtt_source)
    check("GET", "/sources/" + quote_path("mqtt:nope"), "/sources/{id}", 404)
    update = {"connector": "plant", "parameters": MQTT_IN}
    by_type(check, "PUT", path, 200, mqtt_source, update)
    check("PUT", path + "/enable/false", "/sources/{id}/enable/{enable}", 204)
    check("POST", path + "/start", "/sources/{id}/{operation}", 400)
    check("PUT", path + "/enable/true", "/sources/{id}/enable/{enable}", 204)
    check("POST", path + "/start", "/sources/{id}/{operation}", 204)
    template = "/nodes/{node}/sources/{id}/{operation}"
    check("POST", f"{NODE}/sources/{quote_path('mqtt:in')}/start", template, 204)
    check("GET", path + "/metrics", "/sources/{id}/metrics", 200)
    check("PUT", path + "/metrics/reset", "/sources/{id}/metrics/reset", 204)
    assert check("GET", "/source_types", "/source_types", 200) == [
        "rabbitmq",
        "gcp_pubsub_consumer",
        "kafka_consumer",
        "mqtt",
    ]
    check("POST", "/rules", "/rules", 201, json={"sql": 'SELECT * FROM "$bridges/mqtt:in"'})
    [row] = check("GET", "/sources_summary", "/sources_summary", 200)
    assert len(row["rules"]) == 1
    check("DELETE", path, "/sources/{id}", 400)
    also = {"also_delete_dep_actions": True}
    check("DELETE", path, "/sources/{id}", 204, params=also)
    check("DELETE", path, "/sources/{id}", 404)


def test_schema_validations_and_message_transformations(check: Checker) -> None:
    sql = {"type": "sql", "sql": "SELECT * WHERE payload.t < 100"}
    kinds: tuple[tuple[str, str, dict[str, Any]], ...] = (
        ("schema_validations", "validation", {"strategy": "all_pass", "checks": [sql]}),
        ("message_transformations", "transformation", {"operations": []}),
    )
    for collection, item, fields in kinds:
        many, one = f"/{collection}", f"/{collection}/{item}/{{name}}"
        for name in ("a", "b"):
            body = {"name": name, "topics": ["t/#"], "failure_action": "drop", **fields}
            check("POST", many, many, 201, json=body)
        check("POST", many, many, 400, json=body)
        check("POST", many, many, 400, json={"name": "c", "topics": "t/#"})
        check("PUT", many, many, 200, json={**body, "topics": "t/+"})
        check("PUT", many, many, 404, json={**body, "name": "nope"})
        assert [v["name"] for v in check("GET", many, many, 200)] == ["a", "b"]
        reorder = f"{many}/reorder"
        check("POST", reorder, reorder, 204, json={"order": ["b", "a"]})
        check("POST", reorder, reorder, 400, json={"order": ["b", "b", "x"]})
        check("GET", f"{many}/{item}/a", one, 200)
        check("GET", f"{many}/{item}/nope", one, 404)
        check("POST", f"{many}/{item}/a/enable/false", one + "/enable/{enable}", 204)
        check("POST", f"{many}/{item}/nope/enable/true", one + "/enable/{enable}", 404)
        check("GET", f"{many}/{item}/a/metrics", one + "/metrics", 200)
        check("POST", f"{many}/{item}/a/metrics/reset", one + "/metrics/reset", 204)
        check("DELETE", f"{many}/{item}/a", one, 204)
        check("DELETE", f"{many}/{item}/a", one, 404)
    dryrun = "/message_transformations/dryrun"
    message = {"topic": "t/1", "payload": "{}", "qos": 1}
    transformation = {"name": "x", "topics": "t/#", "failure_action": "drop"}
    check("POST", dryrun, dryrun, 200, json={"message": message, "transformation": transformation})
    check("POST", dryrun, dryrun, 400, json={"message": message})


def test_schema_registry(check: Checker) -> None:
    schema = {"name": "s", "type": "avro", "source": '{"type": "string"}'}
    check("POST", "/schema_registry", "/schema_registry", 201, json=schema)
    check("POST", "/schema_registry", "/schema_registry", 400, json=schema)
    check("GET", "/schema_registry", "/schema_registry", 200)
    one = "/schema_registry/{name}"
    check("GET", "/schema_registry/s", one, 200)
    check("GET", "/schema_registry/nope", one, 404)
    check("PUT", "/schema_registry/s", one, 200, json={"type": "json", "source": "{}"})
    check("PUT", "/schema_registry/nope", one, 404, json={"type": "json", "source": "{}"})
    check("DELETE", "/schema_registry/s", one, 204)
    check("DELETE", "/schema_registry/s", one, 404)
    many, one = "/schema_registry_external", "/schema_registry_external/registry/{name}"
    auth = {"username": "u", "password": "p"}
    registry = {"name": "cf", "type": "confluent", "url": "https://r.example.com", "auth": auth}
    check("POST", many, many, 201, json=registry)
    check("POST", many, many, 400, json=registry)
    assert check("GET", many, many, 200)["cf"]["auth"]["password"] == "******"
    check("GET", f"{many}/registry/cf", one, 200)
    check("GET", f"{many}/registry/nope", one, 404)
    check("PUT", f"{many}/registry/cf", one, 200, json={"url": "https://r2.example.com"})
    check("PUT", f"{many}/registry/nope", one, 404, json={"url": "https://r2.example.com"})
    check("DELETE", f"{many}/registry/cf", one, 204)
