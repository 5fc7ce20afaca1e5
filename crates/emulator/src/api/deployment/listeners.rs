//! MQTT listeners: `GET`/`POST /listeners`, `GET /listeners_status`,
//! `GET`/`PUT`/`DELETE /listeners/{id}`, `POST /listeners/{id}/{start|stop|restart}`.
//! An update merges into the configuration (EMQX deep-merges it) but must name
//! the listener's `type`; unknown ids are 404 `BAD_LISTENER_ID`. As in EMQX, a
//! name is `^[A-Za-z0-9]+[A-Za-z0-9-_]*$`, `bind` an address and port, and a
//! running listener cannot take an address another running listener holds.

use axum::body::Body;
use http::{Response, StatusCode};
use serde_json::{Map, Value, json};

use crate::model::deployment::broker::Broker;
use crate::model::deployment::listener_bind::Bind;
use crate::model::deployment::listeners::{Listener, Listeners, TYPES, deep_merge, parse_id};
use crate::model::deployment::node::NODE;
use crate::rest::errors::{ApiError, Reply, bad_request, no_content, ok};
use crate::rest::request::{Query, Req};

fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "BAD_LISTENER_ID",
        "Listener id not found",
    )
}

fn bad_id(message: &str) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, "BAD_LISTENER_ID", message)
}

/// Connected clients that came in through listener `id`.
fn connections(b: &Broker, id: &str) -> usize {
    b.sessions
        .values()
        .filter(|c| c.connected)
        .filter(|c| {
            c.extra
                .get("listener")
                .and_then(Value::as_str)
                .unwrap_or("ssl:default")
                == id
        })
        .count()
}

/// EMQX's rule for the name in a config map key.
fn check_name(name: &str) -> Result<(), ApiError> {
    let mut chars = name.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphanumeric());
    if first_ok && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        Ok(())
    } else {
        Err(bad_request(format!(
            "invalid_map_key: {name:?}, expected ^[A-Za-z0-9]+[A-Za-z0-9-_]*$"
        )))
    }
}

fn check_bind(conf: &Map<String, Value>) -> Result<(), ApiError> {
    match conf.get("bind") {
        Some(bind) if Bind::parse(bind).is_none() => {
            Err(bad_request(format!("bind: not an ip_port: {bind}")))
        }
        _ => Ok(()),
    }
}

/// EMQX starts an enabled listener when it is created, updated or started,
/// and the start fails on an address another running listener holds.
fn check_free(all: &Listeners, id: &str, l: &Listener) -> Result<(), ApiError> {
    if !l.enabled() {
        return Ok(());
    }
    match all.clash(id, l) {
        None => Ok(()),
        Some(_) => Err(bad_request(format!(
            "{{failed_to_start,\"{id}({}) : eaddrinuse\"}}",
            l.to_json(0)["bind"].as_str().unwrap_or_default()
        ))),
    }
}

fn body_object<'r>(req: &'r Req<'_>) -> Result<&'r Map<String, Value>, ApiError> {
    req.json()?
        .as_object()
        .ok_or_else(|| bad_request("body must be an object"))
}

pub(crate) fn list(b: &Broker, q: &Query) -> Reply {
    let kind = q.get("type");
    if let Some(k) = kind.filter(|k| !TYPES.contains(k)) {
        return Err(bad_request(format!("type: unknown listener type {k}")));
    }
    let rows: Vec<Value> = b
        .listeners
        .0
        .values()
        .filter(|l| kind.is_none_or(|k| l.kind == k))
        .enumerate()
        .map(|(i, l)| l.summary(i + 1, NODE, connections(b, &l.id())))
        .collect();
    ok(Value::Array(rows))
}

/// One row per listener type, folded as EMQX's `format_status/4` folds them:
/// `enable` is the first listener's, `running` is theirs when they agree and
/// `"inconsistent"` when they differ, `node_status` has one entry per listener.
pub(crate) fn status(b: &Broker) -> Reply {
    let mut rows: Vec<Value> = Vec::new();
    for kind in TYPES {
        let of_kind: Vec<&Listener> = b.listeners.0.values().filter(|l| l.kind == kind).collect();
        let Some(first) = of_kind.first() else {
            continue;
        };
        let current: usize = of_kind.iter().map(|l| connections(b, &l.id())).sum();
        let running = if of_kind.iter().all(|l| l.enabled() == first.enabled()) {
            json!(first.enabled())
        } else {
            json!("inconsistent")
        };
        let mut ids: Vec<String> = of_kind.iter().map(|l| l.id()).collect();
        ids.sort();
        let node_status: Vec<Value> = of_kind
            .iter()
            .rev()
            .map(|l| json!({"node": NODE, "status": l.status(connections(b, &l.id()))}))
            .collect();
        rows.push(json!({
            "type": kind,
            "enable": first.enabled(),
            "ids": ids,
            "status": {"running": running, "max_connections": "infinity",
                "current_connections": current},
            "node_status": node_status,
        }));
    }
    ok(Value::Array(rows))
}

pub(crate) fn get(b: &Broker, id: &str) -> Reply {
    let l = b.listeners.0.get(id).ok_or_else(not_found)?;
    ok(l.to_json(connections(b, id)))
}

pub(crate) fn create(b: &mut Broker, req: &Req<'_>) -> Reply {
    let mut body = body_object(req)?.clone();
    let kind = body
        .get("type")
        .and_then(Value::as_str)
        .filter(|k| TYPES.contains(k))
        .ok_or_else(|| bad_request(format!("type must be one of {}", TYPES.join(", "))))?
        .to_owned();
    let name = match (body.get("name"), body.get("id")) {
        (Some(Value::String(n)), _) => n.clone(),
        (None, Some(Value::String(id))) => match parse_id(id) {
            Some((k, n)) if k == kind => n.to_owned(),
            _ => return Err(bad_id("Listener type inconsistent")),
        },
        _ => return Err(bad_request("name is required")),
    };
    if name.is_empty() || !body.contains_key("bind") {
        return Err(bad_request("name and bind are required"));
    }
    check_name(&name)?;
    check_bind(&body)?;
    let id = format!("{kind}:{name}");
    if b.listeners.0.contains_key(&id) {
        return Err(bad_id("Already Exist"));
    }
    body.remove("name");
    let l = Listener::new(&kind, &name, body);
    check_free(&b.listeners, &id, &l)?;
    let answer = l.to_json(0);
    b.listeners.0.insert(id, l);
    ok(answer)
}

pub(crate) fn update(b: &mut Broker, id: &str, req: &Req<'_>) -> Reply {
    let mut body = body_object(req)?.clone();
    let kind = body.get("type").and_then(Value::as_str);
    let Some(kind) = kind else {
        return Err(bad_request("type is required"));
    };
    let current = connections(b, id);
    let mut l = b.listeners.0.get(id).ok_or_else(not_found)?.clone();
    if kind != l.kind {
        return Err(bad_request("Listener type inconsistent"));
    }
    check_bind(&body)?;
    for key in ["id", "type", "name", "running", "current_connections"] {
        body.remove(key);
    }
    deep_merge(&mut l.conf, body);
    check_free(&b.listeners, id, &l)?;
    let answer = l.to_json(current);
    b.listeners.0.insert(id.to_owned(), l);
    ok(answer)
}

pub(crate) fn delete(b: &mut Broker, id: &str) -> Reply {
    b.listeners.0.shift_remove(id).ok_or_else(not_found)?;
    no_content()
}

/// `start`, `stop` or `restart`: 200 with no body; start and restart enable
/// the listener, stop disables it. An unknown id is 404, as EMQX's handler
/// answers (the spec says 400).
pub(crate) fn action(b: &mut Broker, id: &str, enable: bool) -> Reply {
    let mut l = b.listeners.0.get(id).ok_or_else(not_found)?.clone();
    l.conf.insert("enable".into(), Value::Bool(enable));
    check_free(&b.listeners, id, &l)?;
    b.listeners.0.insert(id.to_owned(), l);
    let mut resp = Response::new(Body::empty());
    *resp.status_mut() = StatusCode::OK;
    Ok(resp)
}
