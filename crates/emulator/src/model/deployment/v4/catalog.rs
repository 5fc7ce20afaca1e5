//! The resource types and actions an EMQX 4 rule engine offers (fixed, as
//! on the real broker): a few common ones, in the docs' shapes.

use serde_json::{Value, json};

fn text(en: &str, zh: &str) -> Value {
    json!({"en": en, "zh": zh})
}

fn param(kind: &str, title: &str, required: bool) -> Value {
    json!({"type": kind, "title": text(title, title), "description": text(title, title), "required": required})
}

/// Every resource type, `web_hook` as in the docs' example.
pub(crate) fn resource_types() -> Vec<Value> {
    vec![
        json!({
            "name": "web_hook",
            "provider": "emqx_web_hook",
            "title": text("WebHook", "WebHook"),
            "description": text("WebHook", "WebHook"),
            "params": {
                "url": {
                    "type": "string", "format": "url", "required": true,
                    "title": text("Request URL", "请求 URL"),
                    "description": text("Request URL", "请求 URL"),
                },
                "method": {
                    "type": "string", "enum": ["PUT", "POST"], "default": "POST",
                    "title": text("Request Method", "请求方法"),
                    "description": text("Request Method", "请求方法"),
                },
                "headers": {
                    "type": "object", "schema": {}, "default": {},
                    "title": text("Request Header", "请求头"),
                    "description": text("Request Header", "请求头"),
                },
            },
        }),
        json!({
            "name": "bridge_mqtt",
            "provider": "emqx_bridge_mqtt",
            "title": text("MQTT Bridge", "MQTT Bridge"),
            "description": text("MQTT Message Bridge", "MQTT 消息桥接"),
            "params": {
                "address": param("string", "Broker Address", true),
                "clientid": param("string", "Client ID", true),
                "username": param("string", "Username", false),
                "password": param("password", "Password", false),
            },
        }),
    ]
}

/// Every action, `do_nothing` as in the docs' example.
pub(crate) fn actions() -> Vec<Value> {
    let action = |name: &str, app: &str, types: &[&str], title: &str, params: Value| {
        json!({
            "name": name, "app": app, "for": "$any", "types": types,
            "title": text(title, title), "description": text(title, title), "params": params,
        })
    };
    vec![
        action(
            "do_nothing",
            "emqx_rule_engine",
            &[],
            "Do Nothing (debug)",
            json!({}),
        ),
        action(
            "inspect",
            "emqx_rule_engine",
            &[],
            "Debug Action",
            json!({}),
        ),
        action(
            "republish",
            "emqx_rule_engine",
            &[],
            "Republish",
            json!({
                "target_topic": param("string", "Target Topic", true),
                "target_qos": param("number", "Target QoS", false),
                "payload_tmpl": param("string", "Payload Template", false),
            }),
        ),
        action(
            "data_to_webserver",
            "emqx_web_hook",
            &["web_hook"],
            "Data to Web Server",
            json!({"$resource": param("string", "Resource ID", true)}),
        ),
    ]
}
