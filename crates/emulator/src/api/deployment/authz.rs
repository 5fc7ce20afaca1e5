//! Built-in-database authorization rules under
//! `/authorization/sources/built_in_database/rules/...`: per client id, per
//! username, and for all clients.

use http::StatusCode;
use serde_json::{Map, Value, json};

use crate::model::deployment::acl::Who;
use crate::model::deployment::broker::Broker;
use crate::rest::errors::{
    ApiError, Reply, already_exists, bad_request, no_content, not_found, ok, required_field,
};
use crate::rest::pagination::PageParams;
use crate::rest::request::{Query, Req};

/// Validates and normalises one rule. The older docs' `pub`/`sub`/`pubsub` are
/// accepted and stored as `publish`/`subscribe`/`all`.
fn parse_rule(v: &Value) -> Result<Value, ApiError> {
    let obj = v
        .as_object()
        .ok_or_else(|| bad_request("rule must be an object"))?;
    let topic = obj
        .get("topic")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| bad_request("rule topic is required"))?;
    let permission = match obj.get("permission").and_then(Value::as_str) {
        Some(p @ ("allow" | "deny")) => p,
        _ => return Err(bad_request("rule permission must be allow or deny")),
    };
    let action = match obj.get("action").and_then(Value::as_str) {
        Some("publish" | "pub") => "publish",
        Some("subscribe" | "sub") => "subscribe",
        Some("all" | "pubsub") => "all",
        _ => return Err(bad_request("rule action must be publish, subscribe or all")),
    };
    let mut out = Map::new();
    out.insert("topic".into(), json!(topic));
    out.insert("permission".into(), json!(permission));
    out.insert("action".into(), json!(action));
    if let Some(qos) = obj.get("qos") {
        let ok = qos
            .as_array()
            .is_some_and(|a| a.iter().all(|q| q.as_u64().is_some_and(|q| q <= 2)));
        if !ok {
            return Err(bad_request("rule qos must be a list of 0, 1, 2"));
        }
        out.insert("qos".into(), qos.clone());
    }
    if let Some(retain) = obj.get("retain") {
        if !(retain.is_boolean() || retain.as_str() == Some("all")) {
            return Err(bad_request("rule retain must be true, false or \"all\""));
        }
        out.insert("retain".into(), retain.clone());
    }
    Ok(Value::Object(out))
}

fn parse_rules(v: Option<&Value>) -> Result<Vec<Value>, ApiError> {
    v.and_then(Value::as_array)
        .ok_or_else(|| bad_request("rules must be an array"))?
        .iter()
        .map(parse_rule)
        .collect()
}

fn entry_json(who: Who, id: &str, rules: &[Value]) -> Value {
    json!({who.key(): id, "rules": rules})
}

pub(crate) fn list(b: &Broker, who: Who, q: &Query) -> Reply {
    let page = PageParams::from_query(q)?;
    let like = q.get(if matches!(who, Who::Clients) {
        "like_clientid"
    } else {
        "like_username"
    });
    let rows: Vec<(&String, &Vec<Value>)> = who
        .table_ref(b)
        .iter()
        .filter(|(id, _)| like.is_none_or(|l| id.contains(l)))
        .collect();
    ok(page.envelope(rows, like.is_none(), |(id, rules)| {
        entry_json(who, id, rules)
    }))
}

/// Batch create from an array of `{clientid|username, rules}` (a single object, as
/// the older docs send, is accepted too). An id that already has rules: 409.
pub(crate) fn create(b: &mut Broker, who: Who, req: &Req<'_>) -> Reply {
    let body = req.json()?;
    let items: Vec<&Value> = match body {
        Value::Array(a) => a.iter().collect(),
        obj @ Value::Object(_) => vec![obj],
        _ => return Err(bad_request("body must be an array")),
    };
    let mut parsed = Vec::with_capacity(items.len());
    for item in items {
        let id = item
            .get(who.key())
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty());
        let id = id.ok_or_else(|| bad_request(format!("{} is required", who.key())))?;
        let rules = parse_rules(item.get("rules"))?;
        if who.table_ref(b).contains_key(id) || parsed.iter().any(|(p, _): &(String, _)| p == id) {
            return Err(already_exists(
                StatusCode::CONFLICT,
                format!("{} {id} already exists", who.key()),
            ));
        }
        parsed.push((id.to_owned(), rules));
    }
    who.table(b).extend(parsed);
    no_content()
}

fn rules_not_found() -> ApiError {
    not_found("Not Found")
}

pub(crate) fn get(b: &Broker, who: Who, id: &str) -> Reply {
    let rules = who.table_ref(b).get(id).ok_or_else(rules_not_found)?;
    ok(entry_json(who, id, rules))
}

/// Replaces the rules of one id (creating the entry if needed), 204.
pub(crate) fn update(b: &mut Broker, who: Who, id: &str, req: &Req<'_>) -> Reply {
    let body = req.json()?;
    // The schema requires the id in the body too, and EMQX checks it first.
    let given = body
        .get(who.key())
        .and_then(Value::as_str)
        .ok_or_else(|| required_field(who.key()))?;
    if given != id {
        return Err(bad_request(format!(
            "{} in the body does not match the path",
            who.key()
        )));
    }
    let rules = parse_rules(body.get("rules"))?;
    who.table(b).insert(id.to_owned(), rules);
    no_content()
}

pub(crate) fn delete(b: &mut Broker, who: Who, id: &str) -> Reply {
    who.table(b).shift_remove(id).ok_or_else(rules_not_found)?;
    no_content()
}

pub(crate) fn get_all(b: &Broker) -> Reply {
    ok(json!({"rules": b.acl_all}))
}

/// `POST .../rules/all` replaces the rules for all clients.
pub(crate) fn set_all(b: &mut Broker, req: &Req<'_>) -> Reply {
    b.acl_all = parse_rules(req.json()?.get("rules"))?;
    no_content()
}

pub(crate) fn delete_all(b: &mut Broker) -> Reply {
    b.acl_all.clear();
    no_content()
}

/// `DELETE .../built_in_database/rules`: wipes every table.
pub(crate) fn wipe(b: &mut Broker) -> Reply {
    b.acl_all.clear();
    b.acl_clients.clear();
    b.acl_users.clear();
    no_content()
}
