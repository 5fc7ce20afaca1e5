//! The rule engine's settings (`GET`/`PUT /rule_engine`) and its event
//! catalogue (`GET /rule_events`). `PUT` updates the fields it names and
//! refuses unknown ones (`rules` included) with 400 `BAD_REQUEST`.

use serde_json::Value;

use crate::model::deployment::broker::Broker;
use crate::model::deployment::rule_engine::event_info;
use crate::rest::errors::{ApiError, Reply, bad_request, ok};
use crate::rest::request::Req;

pub(crate) fn settings(b: &Broker) -> Reply {
    ok(b.rule_engine.to_json())
}

pub(crate) fn update_settings(b: &mut Broker, req: &Req<'_>) -> Reply {
    let obj = req
        .json()?
        .as_object()
        .ok_or_else(|| bad_request("body must be an object"))?;
    let mut next = b.rule_engine.clone();
    for (key, value) in obj {
        match key.as_str() {
            "ignore_sys_message" => {
                next.ignore_sys_message = value
                    .as_bool()
                    .ok_or_else(|| bad_args("ignore_sys_message", "expected a boolean"))?
            }
            "jq_function_default_timeout" => {
                next.jq_function_default_timeout_ms = duration_ms(value)
                    .ok_or_else(|| bad_args(key, "expected a duration such as \"10s\""))?
            }
            // Hidden in the schema; accepted and not shown.
            "jq_implementation_module" => {}
            _ => return Err(bad_args(key, "unknown_fields")),
        }
    }
    b.rule_engine = next;
    ok(b.rule_engine.to_json())
}

pub(crate) fn events() -> Reply {
    ok(event_info())
}

fn bad_args(field: &str, reason: &str) -> ApiError {
    bad_request(format!(
        "Bad Arguments: {{\"kind\":\"validation_error\",\"path\":\"rule_engine.{field}\",\"reason\":\"{reason}\"}}"
    ))
}

/// A HOCON duration (`"500ms"`, `"10s"`, `"1m"`) or a number of milliseconds.
fn duration_ms(value: &Value) -> Option<u64> {
    if let Some(n) = value.as_u64() {
        return Some(n);
    }
    let text = value.as_str()?.trim();
    let split = text.find(|c: char| !c.is_ascii_digit())?;
    let (digits, unit) = text.split_at(split);
    let n: u64 = digits.parse().ok()?;
    let scale = match unit {
        "ms" => 1,
        "s" => 1_000,
        "m" => 60_000,
        "h" => 3_600_000,
        _ => return None,
    };
    n.checked_mul(scale)
}

#[cfg(test)]
mod tests {
    use super::duration_ms;
    use serde_json::json;

    #[test]
    fn durations_in_milliseconds() {
        assert_eq!(duration_ms(&json!("12s")), Some(12_000));
        assert_eq!(duration_ms(&json!("500ms")), Some(500));
        assert_eq!(duration_ms(&json!(250)), Some(250));
        assert_eq!(duration_ms(&json!("soon")), None);
        assert_eq!(duration_ms(&json!("10 parsecs")), None);
    }
}
