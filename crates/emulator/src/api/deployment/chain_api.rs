//! What the authentication chain and the authorization sources answer alike:
//! a JSON object body, a move, the order given as `[{"<key>": ...}, ...]`,
//! and a member's status (simulated: nothing reaches a backend).

use serde_json::{Map, Value, json};

use crate::model::deployment::chain::{Chain, Position};
use crate::model::deployment::node::NODE;
use crate::rest::errors::{ApiError, bad_request, required_field};
use crate::rest::request::Req;

pub(crate) fn body_object<'a>(req: &'a Req<'_>) -> Result<&'a Map<String, Value>, ApiError> {
    req.json()?
        .as_object()
        .ok_or_else(|| bad_request("body must be an object"))
}

/// The ids of a `PUT .../order` body: `[{"id": ...}, ...]` (`key` = `id` or `type`).
pub(crate) fn order_of(req: &Req<'_>, key: &str) -> Result<Vec<String>, ApiError> {
    req.json()?
        .as_array()
        .ok_or_else(|| bad_request(format!("body must be an array of {{\"{key}\": ...}}")))?
        .iter()
        .map(|item| {
            item.get(key)
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| required_field(key))
        })
        .collect()
}

/// Moves `id` to `position` (`front`, `rear`, `before:<id>`, `after:<id>`):
/// 400 for a position EMQX does not know, `not_found` for an absent member.
pub(crate) fn move_member(
    chain: &mut Chain,
    id: &str,
    position: &str,
    not_found: fn(&str) -> ApiError,
) -> Result<(), ApiError> {
    let position = Position::parse(position)
        .ok_or_else(|| bad_request(format!("Invalid parameter. Unknown position: {position}")))?;
    chain
        .move_to(id, &position)
        .map_err(|missing| not_found(&missing))
}

/// `GET .../status` of a member: connected unless disabled, `counters` (plus
/// rates) at zero, once for the cluster and once for the one node.
pub(crate) fn status_json(config: &Value, counters: &[&str]) -> Value {
    let state = if config.get("enable") == Some(&Value::Bool(false)) {
        "disconnected"
    } else {
        "connected"
    };
    let zeros = |names: &[&str]| {
        let mut m: Map<String, Value> = names.iter().map(|n| ((*n).to_owned(), json!(0))).collect();
        for rate in ["rate", "rate_last5m", "rate_max"] {
            m.insert(rate.to_owned(), json!(0.0));
        }
        Value::Object(m)
    };
    let metrics = zeros(counters);
    let resource = zeros(&["matched", "success", "failed"]);
    json!({
        "status": state,
        "metrics": metrics,
        "node_metrics": [{"node": NODE, "metrics": metrics}],
        "resource_metrics": resource,
        "node_resource_metrics": [{"node": NODE, "metrics": resource}],
        "node_status": [{"node": NODE, "status": state}],
        "node_error": [],
    })
}
