//! The schema registry (`/schema_registry`) and its external registries
//! (`/schema_registry_external`): create 201 (a duplicate 400
//! `ALREADY_EXISTS`), get, `PUT` replacing the whole configuration, delete;
//! 404 `NOT_FOUND` "Schema not found" for an unknown name (but for deleting a
//! registry, which is 204 either way). Schemas are
//! checked only as far as their `source` being JSON where the type needs it;
//! nothing is compiled, and registries are never contacted. A stored
//! password is answered masked, and sending the mask back keeps it.

use http::StatusCode;
use serde_json::{Map, Value, json};

use crate::model::deployment::broker::Broker;
use crate::model::deployment::schema_registry::{MASKED, external_json};
use crate::rest::errors::{
    ApiError, Reply, already_exists, bad_request, created, no_content, not_found, ok,
};
use crate::rest::request::Req;

fn schema_not_found() -> ApiError {
    not_found("Schema not found")
}

fn object<'r>(req: &'r Req<'_>) -> Result<&'r Map<String, Value>, ApiError> {
    req.json()?
        .as_object()
        .ok_or_else(|| bad_request("body must be an object"))
}

fn name_of(obj: &Map<String, Value>) -> Result<String, ApiError> {
    let name = obj
        .get("name")
        .and_then(Value::as_str)
        .filter(|n| !n.is_empty());
    Ok(name
        .ok_or_else(|| bad_request("name is required"))?
        .to_owned())
}

/// A schema's stored fields: `type`, `source`, `description` (default "").
fn schema_config(obj: &Map<String, Value>) -> Result<Map<String, Value>, ApiError> {
    let kind = obj.get("type").and_then(Value::as_str);
    let kind = kind.ok_or_else(|| bad_request("type is required"))?;
    if !matches!(kind, "avro" | "protobuf" | "json") {
        return Err(bad_request(format!("unknown schema type: {kind}")));
    }
    let source = obj
        .get("source")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty());
    let source = source.ok_or_else(|| bad_request("source is required"))?;
    if kind != "protobuf" && serde_json::from_str::<Value>(source).is_err() {
        return Err(bad_request(format!("{kind} source is not valid JSON")));
    }
    let description = match obj.get("description") {
        None => "",
        Some(Value::String(d)) => d,
        Some(_) => return Err(bad_request("description must be a string")),
    };
    let mut config = Map::new();
    config.insert("type".into(), json!(kind));
    config.insert("source".into(), json!(source));
    config.insert("description".into(), json!(description));
    Ok(config)
}

fn schema_json(name: &str, config: &Map<String, Value>) -> Value {
    let mut v = Map::new();
    v.insert("name".into(), json!(name));
    v.extend(config.clone());
    Value::Object(v)
}

pub(crate) fn list(b: &Broker) -> Reply {
    let schemas = b.schema_registry.schemas.iter();
    ok(Value::Array(
        schemas.map(|(n, c)| schema_json(n, c)).collect(),
    ))
}

pub(crate) fn get(b: &Broker, name: &str) -> Reply {
    let config = b.schema_registry.schemas.get(name);
    ok(schema_json(name, config.ok_or_else(schema_not_found)?))
}

pub(crate) fn create(b: &mut Broker, req: &Req<'_>) -> Reply {
    let obj = object(req)?;
    let name = name_of(obj)?;
    let config = schema_config(obj)?;
    let schemas = &mut b.schema_registry.schemas;
    if schemas.contains_key(&name) {
        return Err(already_exists(
            StatusCode::BAD_REQUEST,
            "Schema already exists",
        ));
    }
    let body = schema_json(&name, &config);
    schemas.insert(name, config);
    created(body)
}

/// `PUT /schema_registry/{name}`: answers the configuration without its name.
pub(crate) fn update(b: &mut Broker, name: &str, req: &Req<'_>) -> Reply {
    let config = schema_config(object(req)?)?;
    let stored = b.schema_registry.schemas.get_mut(name);
    *stored.ok_or_else(schema_not_found)? = config.clone();
    ok(Value::Object(config))
}

pub(crate) fn delete(b: &mut Broker, name: &str) -> Reply {
    let removed = b.schema_registry.schemas.shift_remove(name);
    removed.ok_or_else(schema_not_found)?;
    no_content()
}

/// An external registry's stored fields: `type` (confluent), `url`, `auth`;
/// a masked password keeps the one stored in `previous`.
fn external_config(
    obj: &Map<String, Value>,
    previous: Option<&Map<String, Value>>,
) -> Result<Map<String, Value>, ApiError> {
    let kind = obj
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("confluent");
    if kind != "confluent" {
        return Err(bad_request(format!("unknown registry type: {kind}")));
    }
    let url = obj
        .get("url")
        .and_then(Value::as_str)
        .filter(|u| !u.is_empty());
    let url = url.ok_or_else(|| bad_request("url is required"))?;
    let mut auth = obj.get("auth").cloned().unwrap_or_else(|| json!("none"));
    match &mut auth {
        Value::String(s) if s == "none" => {}
        Value::Object(basic) => {
            let text = |k: &str| basic.get(k).and_then(Value::as_str).is_some();
            if !(text("username") && text("password")) {
                return Err(bad_request("auth needs username and password"));
            }
            if basic.get("password") == Some(&json!(MASKED)) {
                let kept = previous
                    .and_then(|p| p.get("auth"))
                    .and_then(|a| a.get("password"));
                basic.insert("password".into(), kept.cloned().unwrap_or(json!(MASKED)));
            }
        }
        _ => return Err(bad_request("auth must be \"none\" or {username, password}")),
    }
    let mut config = Map::new();
    config.insert("type".into(), json!(kind));
    config.insert("url".into(), json!(url));
    config.insert("auth".into(), auth);
    Ok(config)
}

/// `GET /schema_registry_external`: every registry, by name.
pub(crate) fn list_external(b: &Broker) -> Reply {
    let registries = b.schema_registry.external.iter();
    let by_name: Map<String, Value> = registries
        .map(|(n, c)| (n.clone(), external_json(c)))
        .collect();
    ok(Value::Object(by_name))
}

pub(crate) fn get_external(b: &Broker, name: &str) -> Reply {
    let config = b.schema_registry.external.get(name);
    ok(external_json(config.ok_or_else(schema_not_found)?))
}

pub(crate) fn create_external(b: &mut Broker, req: &Req<'_>) -> Reply {
    let obj = object(req)?;
    let name = name_of(obj)?;
    let config = external_config(obj, None)?;
    let registries = &mut b.schema_registry.external;
    if registries.contains_key(&name) {
        return Err(already_exists(
            StatusCode::BAD_REQUEST,
            "Schema already exists",
        ));
    }
    let body = external_json(&config);
    registries.insert(name, config);
    created(body)
}

pub(crate) fn update_external(b: &mut Broker, name: &str, req: &Req<'_>) -> Reply {
    let obj = object(req)?;
    let registries = &mut b.schema_registry.external;
    let stored = registries.get_mut(name).ok_or_else(schema_not_found)?;
    *stored = external_config(obj, Some(stored))?;
    ok(external_json(stored))
}

/// Deleting an unknown registry also answers 204: the spec declares no 404 here.
pub(crate) fn delete_external(b: &mut Broker, name: &str) -> Reply {
    b.schema_registry.external.shift_remove(name);
    no_content()
}
