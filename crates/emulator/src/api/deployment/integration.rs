//! Data integration beyond CRUD: the types a deployment offers, the summaries
//! the dashboard lists, the probes, and the per-node operations. The probes are
//! simulated: a well-formed config answers 204 without connecting anywhere, a
//! malformed one 400 `TEST_FAILED`.

use serde_json::{Value, json};

use super::connectors::{self, Kind};
use crate::model::deployment::broker::Broker;
use crate::model::deployment::connectors::Action;
use crate::model::deployment::node::NODE;
use crate::rest::errors::{ApiError, Reply, no_content, not_found, ok};
use crate::rest::request::Req;
use crate::vocab::integration::{ACTION_TYPES, SOURCE_TYPES};

pub(crate) fn types(kind: Kind) -> Reply {
    let names: &[&str] = if kind == Kind::Sources {
        &SOURCE_TYPES
    } else {
        &ACTION_TYPES
    };
    ok(json!(names))
}

/// `GET /{actions|sources}_summary`: each one's status and the rules using it.
pub(crate) fn summary(b: &Broker, kind: Kind) -> Reply {
    let items = if kind == Kind::Sources {
        &b.sources
    } else {
        &b.actions
    };
    let rows: Vec<Value> = items
        .iter()
        .map(|(id, a)| summary_row(b, kind, id, a))
        .collect();
    ok(Value::Array(rows))
}

fn summary_row(b: &Broker, kind: Kind, id: &str, a: &Action) -> Value {
    let full = a.to_json();
    let rules: Vec<&str> = b
        .rules
        .values()
        .filter(|r| connectors::rule_uses(r, kind, id))
        .map(|r| r.id.as_str())
        .collect();
    let mut row = json!({
        "type": a.kind, "name": a.name, "enable": a.enable, "rules": rules,
        "status": full["status"], "status_reason": "", "node_status": full["node_status"],
    });
    if let Some(description) = a.config.get("description") {
        row["description"] = description.clone();
    }
    row
}

/// `POST /{connectors|actions|sources}_probe`: 204 for a config with a known
/// type and a name (and, but for connectors, a connector).
pub(crate) fn probe(kind: Kind, req: &Req<'_>) -> Reply {
    let obj = req
        .json()?
        .as_object()
        .ok_or_else(|| test_failed("the config must be an object"))?;
    let field = |key: &str| {
        obj.get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    };
    let kind_name = field("type").ok_or_else(|| test_failed("type is required"))?;
    field("name").ok_or_else(|| test_failed("name is required"))?;
    let known = match kind {
        Kind::Sources => SOURCE_TYPES.contains(&kind_name),
        Kind::Actions => ACTION_TYPES.contains(&kind_name),
        Kind::Connectors => ACTION_TYPES.contains(&kind_name) || SOURCE_TYPES.contains(&kind_name),
    };
    if !known {
        return Err(test_failed(&format!("unknown type: {kind_name}")));
    }
    if kind != Kind::Connectors && field("connector").is_none() {
        return Err(test_failed("connector is required"));
    }
    no_content()
}

fn test_failed(reason: &str) -> ApiError {
    ApiError::new(
        http::StatusCode::BAD_REQUEST,
        "TEST_FAILED",
        format!("{{\"kind\":\"validation_error\",\"reason\":\"{reason}\"}}"),
    )
}

/// `POST /nodes/{node}/{connectors|actions|sources}/{id}/{operation}`.
pub(crate) fn node_operation(
    b: &Broker,
    kind: Kind,
    node: &str,
    id: &str,
    operation: &str,
) -> Reply {
    if node != NODE {
        return Err(not_found(format!("Invalid node name: {node}")));
    }
    connectors::operation(b, kind, id, operation)
}
