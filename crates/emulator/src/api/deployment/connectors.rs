//! Data integration: connectors, actions and sources (`/connectors`, `/actions`,
//! `/sources`). Ids are `<type>:<name>`. Create answers 201 (duplicate: 400
//! `ALREADY_EXISTS`); deleting a connector that actions or sources use, or an
//! action or source that enabled rules use, is refused with the server's 400 (the
//! latter with a `rules` list, skipped by `also_delete_dep_actions=true`).
//! Answers mask secrets; a masked secret sent back in a PUT keeps the stored one.

use http::StatusCode;
use indexmap::IndexMap;
use serde_json::{Map, Value, json};

use super::connector_fields;
use crate::model::deployment::broker::Broker;
use crate::model::deployment::connectors::{Action, Connector};
use crate::model::deployment::node::NODE;
use crate::model::deployment::rule::Rule;
use crate::rest::errors::{
    ApiError, Reply, already_exists, bad_request, created, no_content, not_found, ok,
    path_not_found, required_field,
};
use crate::rest::request::Req;
use crate::util::redact::{deobfuscate, redact};

/// Fields the server computes; never stored from a request body.
const COMPUTED: [&str; 6] = [
    "type",
    "name",
    "status",
    "status_reason",
    "node_status",
    "actions",
];

#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Kind {
    Connectors,
    Actions,
    /// Sources have the shape of actions: a channel over a connector.
    Sources,
}

impl Kind {
    fn not_found(self) -> ApiError {
        not_found(match self {
            Kind::Connectors => "Connector not found",
            Kind::Actions => "Action not found",
            Kind::Sources => "Source not found",
        })
    }
}

/// The actions or the sources.
fn channels(b: &Broker, kind: Kind) -> &IndexMap<String, Action> {
    if kind == Kind::Sources {
        &b.sources
    } else {
        &b.actions
    }
}

fn channels_mut(b: &mut Broker, kind: Kind) -> &mut IndexMap<String, Action> {
    if kind == Kind::Sources {
        &mut b.sources
    } else {
        &mut b.actions
    }
}

/// Does the rule send to the action `id`, or read from the source `id`?
pub(crate) fn rule_uses(rule: &Rule, kind: Kind, id: &str) -> bool {
    match kind {
        Kind::Sources => rule.reads_from(id),
        _ => rule.action_refs().any(|a| a == id),
    }
}

/// Enabled rules that use the action, or read from the source.
fn dependent_rules(b: &Broker, kind: Kind, id: &str) -> Vec<String> {
    b.rules
        .values()
        .filter(|r| r.enable && rule_uses(r, kind, id))
        .map(|r| r.id.clone())
        .collect()
}

fn check_id(id: &str) -> Result<(), ApiError> {
    match id.split_once(':') {
        Some((t, n)) if !t.is_empty() && !n.is_empty() => Ok(()),
        _ => Err(bad_request(format!(
            "Invalid id: {id}, expected <type>:<name>"
        ))),
    }
}

/// The body without computed fields, plus `enable` (default true).
fn config_of(obj: &Map<String, Value>) -> Result<(bool, Map<String, Value>), ApiError> {
    let enable = match obj.get("enable") {
        None => true,
        Some(v) => v
            .as_bool()
            .ok_or_else(|| bad_request("enable must be a boolean"))?,
    };
    let mut config = obj.clone();
    for k in COMPUTED.iter().chain(&["enable", "connector"]) {
        config.remove(*k);
    }
    Ok((enable, config))
}

fn name_field<'a>(obj: &'a Map<String, Value>, key: &str) -> Result<&'a str, ApiError> {
    let v = obj
        .get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty());
    v.ok_or_else(|| bad_request(format!("{key} is required")))
}

/// A connector as the API answers it: secrets masked.
fn connector_answer(c: &Connector) -> Value {
    redact(&c.to_json())
}

/// An action or a source as the API answers it: secrets masked.
fn channel_answer(a: &Action) -> Value {
    redact(&a.to_json())
}

pub(crate) fn list(b: &Broker, kind: Kind) -> Reply {
    let items: Vec<Value> = match kind {
        Kind::Connectors => b.connectors.values().map(connector_answer).collect(),
        _ => channels(b, kind).values().map(channel_answer).collect(),
    };
    ok(Value::Array(items))
}

pub(crate) fn get(b: &Broker, kind: Kind, id: &str) -> Reply {
    check_id(id)?;
    match kind {
        Kind::Connectors => ok(connector_answer(
            b.connectors.get(id).ok_or_else(|| kind.not_found())?,
        )),
        _ => ok(channel_answer(
            channels(b, kind).get(id).ok_or_else(|| kind.not_found())?,
        )),
    }
}

pub(crate) fn create(b: &mut Broker, kind: Kind, req: &Req<'_>) -> Reply {
    let obj = req
        .json()?
        .as_object()
        .ok_or_else(|| bad_request("body must be an object"))?;
    let t = name_field(obj, "type")?.to_owned();
    let n = name_field(obj, "name")?.to_owned();
    let id = format!("{t}:{n}");
    let (enable, config) = config_of(obj)?;
    match kind {
        Kind::Connectors => {
            connector_fields::check(&t, obj)?;
            if b.connectors.contains_key(&id) {
                return Err(already_exists(
                    StatusCode::BAD_REQUEST,
                    "Connector already exists",
                ));
            }
            let c = Connector {
                kind: t,
                name: n,
                enable,
                config,
            };
            let body = connector_answer(&c);
            b.connectors.insert(id, c);
            created(body)
        }
        _ => {
            if channels(b, kind).contains_key(&id) {
                return Err(already_exists(
                    StatusCode::BAD_REQUEST,
                    "Action already exists",
                ));
            }
            let connector = name_field(obj, "connector")?.to_owned();
            if !b.connectors.contains_key(&format!("{t}:{connector}")) {
                return Err(bad_request(format!(
                    "{{\"kind\":\"validation_error\",\"reason\":\"connector_not_found_or_wrong_type\",\"connector_name\":\"{connector}\",\"bridge_type\":\"{t}\"}}"
                )));
            }
            let a = Action {
                kind: t,
                name: n,
                enable,
                connector,
                config,
                metrics: [0; 3],
            };
            let body = channel_answer(&a);
            channels_mut(b, kind).insert(id, a);
            created(body)
        }
    }
}

pub(crate) fn update(b: &mut Broker, kind: Kind, id: &str, req: &Req<'_>) -> Reply {
    check_id(id)?;
    let obj = req
        .json()?
        .as_object()
        .ok_or_else(|| bad_request("body must be an object"))?;
    // The PUT schemas' required fields: an action's or a source's `connector`
    // and `parameters`, a connector's per type.
    match kind {
        Kind::Actions | Kind::Sources => {
            let required = ["connector", "parameters"];
            if let Some(missing) = required.iter().find(|k| !obj.contains_key(**k)) {
                return Err(required_field(missing));
            }
        }
        Kind::Connectors => {
            connector_fields::check(id.split_once(':').map_or("", |(t, _)| t), obj)?
        }
    }
    let (enable, config) = config_of(obj)?;
    match kind {
        Kind::Connectors => {
            let c = b.connectors.get_mut(id).ok_or_else(|| kind.not_found())?;
            c.enable = enable;
            c.config = deobfuscate(&config, &c.config);
            ok(connector_answer(c))
        }
        _ => {
            let connector = obj
                .get("connector")
                .and_then(Value::as_str)
                .map(str::to_owned);
            if let Some(conn) = &connector {
                let t = id.split_once(':').map_or("", |(t, _)| t);
                if !b.connectors.contains_key(&format!("{t}:{conn}")) {
                    return Err(bad_request("connector_not_found_or_wrong_type"));
                }
            }
            let a = channels_mut(b, kind)
                .get_mut(id)
                .ok_or_else(|| kind.not_found())?;
            a.enable = enable;
            a.config = deobfuscate(&config, &a.config);
            if let Some(conn) = connector {
                a.connector = conn;
            }
            ok(channel_answer(a))
        }
    }
}

pub(crate) fn delete(b: &mut Broker, kind: Kind, id: &str, req: &Req<'_>) -> Reply {
    check_id(id)?;
    match kind {
        Kind::Connectors => {
            let c = b.connectors.get(id).ok_or_else(|| kind.not_found())?;
            let users: Vec<String> = b
                .actions
                .iter()
                .chain(&b.sources)
                .filter(|(_, a)| a.kind == c.kind && a.connector == c.name)
                .map(|(aid, _)| aid.clone())
                .collect();
            if !users.is_empty() {
                return Err(bad_request(
                    "Cannot delete connector while there are active channels defined for this connector",
                )
                .with_extra("actions", json!(users)));
            }
            b.connectors.shift_remove(id);
            no_content()
        }
        _ => {
            if !channels(b, kind).contains_key(id) {
                return Err(kind.not_found());
            }
            let also_delete = req.query.get("also_delete_dep_actions") == Some("true");
            let dependents = dependent_rules(b, kind, id);
            if !dependents.is_empty() && !also_delete {
                return Err(bad_request(
                    "Cannot delete action while active rules are depending on it",
                )
                .with_extra("rules", json!(dependents)));
            }
            if kind == Kind::Actions {
                for r in b.rules.values_mut() {
                    r.actions.retain(|a| a.as_str() != Some(id));
                }
            }
            channels_mut(b, kind).shift_remove(id);
            no_content()
        }
    }
}

/// `PUT /{connectors|actions}/{id}/enable/{true|false}`: 204.
pub(crate) fn enable(b: &mut Broker, kind: Kind, id: &str, flag: &str) -> Reply {
    check_id(id)?;
    let flag = match flag {
        "true" => true,
        "false" => false,
        _ => return Err(not_found("Invalid operation")),
    };
    match kind {
        Kind::Connectors => {
            b.connectors
                .get_mut(id)
                .ok_or_else(|| kind.not_found())?
                .enable = flag
        }
        _ => {
            channels_mut(b, kind)
                .get_mut(id)
                .ok_or_else(|| kind.not_found())?
                .enable = flag
        }
    }
    no_content()
}

/// `POST /{connectors|actions}/{id}/{operation}`: only `start` is emulated.
pub(crate) fn operation(b: &Broker, kind: Kind, id: &str, operation: &str) -> Reply {
    match operation {
        "start" => start(b, kind, id),
        _ => Err(path_not_found()),
    }
}

/// `POST /{connectors|actions}/{id}/start`: 204 (a disabled one cannot start).
fn start(b: &Broker, kind: Kind, id: &str) -> Reply {
    check_id(id)?;
    let enabled = match kind {
        Kind::Connectors => b.connectors.get(id).ok_or_else(|| kind.not_found())?.enable,
        _ => {
            channels(b, kind)
                .get(id)
                .ok_or_else(|| kind.not_found())?
                .enable
        }
    };
    if !enabled {
        return Err(bad_request("Forbidden operation, bridge not enabled"));
    }
    no_content()
}

fn action_metrics_json(a: &Action) -> Value {
    let m = json!({
        "matched": a.metrics[0], "success": a.metrics[1], "failed": a.metrics[2],
        "dropped": 0, "queuing": 0, "inflight": 0, "retried": 0, "received": 0,
        "rate": 0.0, "rate_max": 0.0, "rate_last5m": 0.0,
    });
    let mut node = m.clone();
    node["node"] = json!(NODE);
    json!({"metrics": m, "node_metrics": [node]})
}

pub(crate) fn action_metrics(b: &Broker, kind: Kind, id: &str) -> Reply {
    check_id(id)?;
    ok(action_metrics_json(
        channels(b, kind).get(id).ok_or_else(|| kind.not_found())?,
    ))
}

pub(crate) fn reset_action_metrics(b: &mut Broker, kind: Kind, id: &str) -> Reply {
    check_id(id)?;
    channels_mut(b, kind)
        .get_mut(id)
        .ok_or_else(|| kind.not_found())?
        .metrics = [0; 3];
    no_content()
}
