//! Schema validations (`/schema_validations`) and message transformations
//! (`/message_transformations`): CRUD by name (create 201, a duplicate 400
//! `ALREADY_EXISTS`;
//! `PUT` on the collection replaces the one its body names, 404 if unknown),
//! reorder, enable/disable and metrics. The emulator checks the required
//! fields and keeps the order; it applies nothing to messages, and a
//! transformation's dry run answers the message unchanged.

use serde_json::{Map, Value, json};

use crate::model::deployment::broker::Broker;
use crate::model::deployment::pipeline::{Pipeline, PipelineItem};
use http::StatusCode;

use crate::rest::errors::{
    ApiError, Reply, already_exists, bad_request, created, no_content, not_found, ok,
};
use crate::rest::request::Req;

#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Kind {
    Validations,
    Transformations,
}

impl Kind {
    fn pipeline(self, b: &Broker) -> &Pipeline {
        match self {
            Kind::Validations => &b.validations,
            Kind::Transformations => &b.transformations,
        }
    }

    fn pipeline_mut(self, b: &mut Broker) -> &mut Pipeline {
        match self {
            Kind::Validations => &mut b.validations,
            Kind::Transformations => &mut b.transformations,
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Kind::Validations => "Validation",
            Kind::Transformations => "Transformation",
        }
    }

    fn not_found(self) -> ApiError {
        not_found(format!("{} not found", self.noun()))
    }

    /// Fields the schema requires besides `name`, `topics` and `failure_action`.
    fn required(self) -> &'static [&'static str] {
        match self {
            Kind::Validations => &["strategy", "checks"],
            Kind::Transformations => &[],
        }
    }
}

const FAILURE_ACTIONS: [&str; 3] = ["drop", "disconnect", "ignore"];

/// The body as stored: checked, with `enable` (default true) and `description`.
fn config_of(kind: Kind, req: &Req<'_>) -> Result<(String, Map<String, Value>), ApiError> {
    let mut obj = req
        .json()?
        .as_object()
        .ok_or_else(|| bad_request("body must be an object"))?
        .clone();
    let name = obj
        .get("name")
        .and_then(Value::as_str)
        .filter(|n| !n.is_empty())
        .ok_or_else(|| bad_request("name is required"))?
        .to_owned();
    let topics_ok = match obj.get("topics") {
        Some(Value::String(t)) => !t.is_empty(),
        Some(Value::Array(ts)) => !ts.is_empty() && ts.iter().all(Value::is_string),
        _ => false,
    };
    if !topics_ok {
        return Err(bad_request(
            "topics must be a topic filter or a list of them",
        ));
    }
    let action = obj.get("failure_action").and_then(Value::as_str);
    if !action.is_some_and(|a| FAILURE_ACTIONS.contains(&a)) {
        return Err(bad_request(
            "failure_action must be drop, disconnect or ignore",
        ));
    }
    for key in kind.required() {
        if !obj.contains_key(*key) {
            return Err(bad_request(format!("{key} is required")));
        }
    }
    if kind == Kind::Validations {
        let strategy = obj.get("strategy").and_then(Value::as_str);
        if !matches!(strategy, Some("all_pass" | "any_pass")) {
            return Err(bad_request("strategy must be all_pass or any_pass"));
        }
        let checks = obj.get("checks").and_then(Value::as_array);
        if checks.is_none_or(Vec::is_empty) {
            return Err(bad_request("checks must be a non-empty list"));
        }
    }
    match obj.get("enable") {
        None => {
            obj.insert("enable".into(), json!(true));
        }
        Some(Value::Bool(_)) => {}
        Some(_) => return Err(bad_request("enable must be a boolean")),
    }
    obj.entry("description").or_insert_with(|| json!(""));
    Ok((name, obj))
}

pub(crate) fn list(b: &Broker, kind: Kind) -> Reply {
    let items = kind.pipeline(b).items.values();
    ok(Value::Array(
        items.map(|i| Value::Object(i.config.clone())).collect(),
    ))
}

pub(crate) fn get(b: &Broker, kind: Kind, name: &str) -> Reply {
    let item = kind.pipeline(b).items.get(name);
    ok(Value::Object(
        item.ok_or_else(|| kind.not_found())?.config.clone(),
    ))
}

pub(crate) fn create(b: &mut Broker, kind: Kind, req: &Req<'_>) -> Reply {
    let (name, config) = config_of(kind, req)?;
    let pipeline = kind.pipeline_mut(b);
    if pipeline.items.contains_key(&name) {
        let message = format!("{} already exists", kind.noun());
        return Err(already_exists(StatusCode::BAD_REQUEST, message));
    }
    let body = Value::Object(config.clone());
    let item = PipelineItem {
        config,
        metrics: [0; 3],
    };
    pipeline.items.insert(name, item);
    created(body)
}

/// `PUT` on the collection: replaces the item the body names, keeping its place.
pub(crate) fn update(b: &mut Broker, kind: Kind, req: &Req<'_>) -> Reply {
    let (name, config) = config_of(kind, req)?;
    let item = kind.pipeline_mut(b).items.get_mut(&name);
    let item = item.ok_or_else(|| kind.not_found())?;
    item.config = config;
    ok(Value::Object(item.config.clone()))
}

pub(crate) fn delete(b: &mut Broker, kind: Kind, name: &str) -> Reply {
    let removed = kind.pipeline_mut(b).items.shift_remove(name);
    removed.ok_or_else(|| kind.not_found())?;
    no_content()
}

pub(crate) fn reorder(b: &mut Broker, kind: Kind, req: &Req<'_>) -> Reply {
    let order: Option<Vec<String>> = req
        .json()?
        .get("order")
        .and_then(Value::as_array)
        .and_then(|o| o.iter().map(|n| n.as_str().map(str::to_owned)).collect());
    let order = order.ok_or_else(|| bad_request("order must be a list of names"))?;
    kind.pipeline_mut(b).reorder(&order).map_err(|bad| {
        bad_request("Bad request")
            .with_extra("not_found", json!(bad.not_found))
            .with_extra("duplicated", json!(bad.duplicated))
            .with_extra("not_reordered", json!(bad.not_reordered))
    })?;
    no_content()
}

/// `POST .../{name}/enable/{true|false}`: 204.
pub(crate) fn enable(b: &mut Broker, kind: Kind, name: &str, flag: &str) -> Reply {
    let flag = match flag {
        "true" => true,
        "false" => false,
        _ => return Err(bad_request("enable must be true or false")),
    };
    let item = kind.pipeline_mut(b).items.get_mut(name);
    let item = item.ok_or_else(|| kind.not_found())?;
    item.config.insert("enable".into(), json!(flag));
    no_content()
}

pub(crate) fn metrics(b: &Broker, kind: Kind, name: &str) -> Reply {
    let item = kind.pipeline(b).items.get(name);
    ok(item.ok_or_else(|| kind.not_found())?.metrics_json())
}

pub(crate) fn reset_metrics(b: &mut Broker, kind: Kind, name: &str) -> Reply {
    let item = kind.pipeline_mut(b).items.get_mut(name);
    item.ok_or_else(|| kind.not_found())?.metrics = [0; 3];
    no_content()
}

/// `POST /message_transformations/dryrun`: the message, unchanged (simulated).
pub(crate) fn dryrun(req: &Req<'_>) -> Reply {
    let body = req.json()?;
    let message = body
        .get("message")
        .filter(|m| m.is_object())
        .ok_or_else(|| bad_request("message is required"))?;
    if !body.get("transformation").is_some_and(Value::is_object) {
        return Err(bad_request("transformation is required"));
    }
    ok(message.clone())
}
