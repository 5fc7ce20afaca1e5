//! OpenTelemetry: the settings (`GET`/`PUT /opentelemetry`: exporter,
//! metrics, logs, traces) and the end-to-end tracing whitelists
//! (`GET`/`POST`/`DELETE /opentelemetry/whitelist/{type}`).

use serde_json::{Value, json};

use super::settings_check::{Check, Field, merged};
use crate::model::deployment::broker::Broker;
use crate::model::deployment::telemetry::{WhitelistKind, opentelemetry_defaults};
use crate::rest::errors::{ApiError, Reply, bad_request, no_content, ok};
use crate::rest::request::Req;

const EXPORTER: &[Field] = &[("endpoint", Check::Str), ("ssl_options", Check::AnyObject)];

const METRICS: &[Field] = &[("enable", Check::Bool), ("interval", Check::Duration)];

const LOGS: &[Field] = &[
    ("enable", Check::Bool),
    (
        "level",
        Check::OneOf(&[
            "debug",
            "info",
            "notice",
            "warning",
            "error",
            "critical",
            "alert",
            "emergency",
            "all",
        ]),
    ),
    ("scheduled_delay", Check::Duration),
];

const E2E: &[Field] = &[
    ("cluster_identifier", Check::Str),
    ("msg_trace_level", Check::Int(0, 2)),
    ("clientid_match_rules_max", Check::Int(1, u64::MAX)),
    ("topic_match_rules_max", Check::Int(1, u64::MAX)),
    ("sample_ratio", Check::Str),
    ("client_connect_disconnect", Check::Bool),
    ("client_subscribe_unsubscribe", Check::Bool),
    ("client_messaging", Check::Bool),
    ("follow_traceparent", Check::Bool),
];

const FILTER: &[Field] = &[
    ("trace_mode", Check::OneOf(&["legacy", "e2e"])),
    ("trace_all", Check::Bool),
    ("e2e_tracing_options", Check::Object(E2E)),
];

const TRACES: &[Field] = &[
    ("enable", Check::Bool),
    ("max_queue_size", Check::Int(1, u64::MAX)),
    ("scheduled_delay", Check::Duration),
    ("filter", Check::Object(FILTER)),
];

const SETTINGS: &[Field] = &[
    ("exporter", Check::Object(EXPORTER)),
    ("metrics", Check::Object(METRICS)),
    ("logs", Check::Object(LOGS)),
    ("traces", Check::Object(TRACES)),
];

pub(crate) fn settings(b: &Broker) -> Reply {
    ok(b.telemetry.opentelemetry.clone())
}

/// `PUT`: the body replaces the settings; a field left out takes its default.
pub(crate) fn update_settings(b: &mut Broker, r: &Req<'_>) -> Reply {
    let settings = merged("", r.json()?, &opentelemetry_defaults(), SETTINGS)?;
    b.telemetry.opentelemetry = settings;
    ok(b.telemetry.opentelemetry.clone())
}

/// The path's `{type}`, checked against its enum as minirest does.
fn kind(text: &str) -> Result<WhitelistKind, ApiError> {
    WhitelistKind::parse(text).ok_or_else(|| {
        bad_request(format!(
            "{{\"kind\":\"validation_error\",\"path\":\"type\",\"reason\":\"unable_to_convert_to_enum_symbol\",\"value\":{}}}",
            json!(text)
        ))
    })
}

pub(crate) fn whitelist(b: &Broker, which: &str) -> Reply {
    ok(json!(b.telemetry.whitelist(kind(which)?)))
}

/// `POST`: the list given replaces the whitelist (204), within its maximum length.
pub(crate) fn set_whitelist(b: &mut Broker, which: &str, r: &Req<'_>) -> Reply {
    let kind = kind(which)?;
    let Value::Array(items) = r.json()? else {
        return Err(bad_request("the body must be an array of strings"));
    };
    let entries: Option<Vec<String>> = items
        .iter()
        .map(|v| v.as_str().map(str::to_owned))
        .collect();
    let Some(entries) = entries else {
        return Err(bad_request("the body must be an array of strings"));
    };
    if entries.len() as u64 > b.telemetry.whitelist_max(kind) {
        return Err(bad_request(format!(
            "The number of '{}' exceeds the white list maximum limit.",
            kind.name()
        )));
    }
    b.telemetry.set_whitelist(kind, entries);
    no_content()
}

pub(crate) fn clear_whitelist(b: &mut Broker, which: &str) -> Reply {
    b.telemetry.set_whitelist(kind(which)?, Vec::new());
    no_content()
}
