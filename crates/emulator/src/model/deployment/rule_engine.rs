//! The rule engine's settings (`/rule_engine`) and the catalogue of events a
//! rule can select from (`/rule_events`).

use serde_json::{Value, json};

/// What `GET /rule_engine` shows: the parsed config, so the `jq` timeout is
/// in milliseconds although it is written as a duration (`"10s"`).
#[derive(Debug, Clone)]
pub(crate) struct RuleEngineSettings {
    pub ignore_sys_message: bool,
    pub jq_function_default_timeout_ms: u64,
}

impl Default for RuleEngineSettings {
    fn default() -> Self {
        Self {
            ignore_sys_message: true,
            jq_function_default_timeout_ms: 10_000,
        }
    }
}

impl RuleEngineSettings {
    pub fn to_json(&self) -> Value {
        json!({
            "ignore_sys_message": self.ignore_sys_message,
            "jq_function_default_timeout": self.jq_function_default_timeout_ms,
            "jq_implementation_module": "jq_nif",
        })
    }
}

/// The event topics, titles (English, Chinese) and columns of the events the
/// emulator lists; the real server lists a few more (message publish, acked,
/// connack, authorization complete...).
const EVENTS: [(&str, &str, &str, &[&str]); 5] = [
    (
        "client_connected",
        "client connected",
        "连接建立",
        &[
            "clientid",
            "username",
            "peername",
            "proto_ver",
            "connected_at",
        ],
    ),
    (
        "client_disconnected",
        "client disconnected",
        "连接断开",
        &["clientid", "username", "reason", "disconnected_at"],
    ),
    (
        "session_subscribed",
        "session subscribed",
        "会话订阅完成",
        &["clientid", "username", "topic", "qos"],
    ),
    (
        "message_delivered",
        "message delivered",
        "消息已投递",
        &["clientid", "from_clientid", "topic", "payload", "qos"],
    ),
    (
        "message_dropped",
        "message routing-drop",
        "消息转发丢弃",
        &["clientid", "topic", "payload", "reason"],
    ),
];

/// `GET /rule_events`: one entry per event, as `emqx_rule_events:event_info/0`.
pub(crate) fn event_info() -> Value {
    let events: Vec<Value> = EVENTS
        .iter()
        .map(|(name, en, zh, columns)| {
            let topic = format!("$events/{name}");
            let test_columns: serde_json::Map<String, Value> = columns
                .iter()
                .map(|c| ((*c).to_owned(), json!(["", format!("the event's {c}")])))
                .collect();
            json!({
                "event": topic,
                "title": {"en": en, "zh": zh},
                "description": {"en": en, "zh": zh},
                "test_columns": test_columns,
                "columns": columns,
                "sql_example": format!("SELECT * FROM \"{topic}\""),
            })
        })
        .collect();
    Value::Array(events)
}
