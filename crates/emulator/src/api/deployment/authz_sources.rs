//! Authorization sources under `/authorization/sources` (list, add, get,
//! replace, delete, status, move, order), the settings, and the cache (all
//! clients', one client's). Nothing connects to an external source: every
//! enabled source reports `connected` with counters at zero, and as the
//! emulator does not authorize publishes, caches are empty. Secrets are
//! answered masked; a masked secret sent back keeps the stored one.

use serde_json::{Map, Value, json};

use super::chain_api::{body_object, move_member, order_of, status_json};
use super::clients::client_not_found;
use crate::model::deployment::broker::Broker;
use crate::rest::errors::{
    ApiError, Reply, bad_request, no_content, not_found, ok, required_field,
};
use crate::rest::request::Req;
use crate::util::redact::{deobfuscate, redact};

/// The fields each source type requires beyond `type` (5.8.6 schemas); the
/// variants of Redis and MongoDB add theirs by `redis_type` / `mongo_type`.
const REQUIRED: &[(&str, &[&str])] = &[
    ("built_in_database", &[]),
    ("file", &["rules"]),
    ("http", &["method", "url"]),
    ("redis", &["cmd"]),
    ("mysql", &["database", "query", "server"]),
    ("postgresql", &["database", "query", "server", "username"]),
    ("mongodb", &["collection", "database", "mongo_type"]),
    ("ldap", &["base_dn", "server", "username"]),
];

fn text<'a>(config: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    config.get(key).and_then(Value::as_str)
}

fn variant_fields(config: &Map<String, Value>) -> &'static [&'static str] {
    match (
        text(config, "type"),
        text(config, "redis_type"),
        text(config, "mongo_type"),
    ) {
        (Some("redis"), Some("cluster"), _) => &["servers"],
        (Some("redis"), Some("sentinel"), _) => &["servers", "sentinel"],
        (Some("redis"), _, _) => &["server"],
        (Some("mongodb"), _, Some("single")) => &["server"],
        (Some("mongodb"), _, Some("rs")) => &["servers", "replica_set_name"],
        (Some("mongodb"), _, Some("sharded")) => &["servers"],
        _ => &[],
    }
}

/// Checks a source's configuration and answers its type.
fn check(config: &Map<String, Value>) -> Result<String, ApiError> {
    let kind = text(config, "type").ok_or_else(|| required_field("type"))?;
    let (_, required) = REQUIRED
        .iter()
        .find(|(known, _)| *known == kind)
        .ok_or_else(|| bad_request(format!("unknown authorization source type {kind}")))?;
    if let Some(missing) = required
        .iter()
        .chain(variant_fields(config))
        .find(|field| !config.contains_key(**field))
    {
        return Err(required_field(missing));
    }
    if config.get("enable").is_some_and(|e| !e.is_boolean()) {
        return Err(bad_request("enable must be a boolean"));
    }
    Ok(kind.to_owned())
}

fn with_defaults(config: &Map<String, Value>) -> Value {
    let mut config = config.clone();
    config.entry("enable").or_insert(Value::Bool(true));
    Value::Object(config)
}

fn source_not_found(kind: &str) -> ApiError {
    not_found(format!("Not found: {kind}"))
}

/// `GET /authorization/sources`: `{sources: [...]}` in the order EMQX checks them.
pub(crate) fn list(b: &Broker) -> Reply {
    let sources: Vec<Value> = b.authz_sources.iter().map(|(_, c)| redact(c)).collect();
    ok(json!({"sources": sources}))
}

/// `POST /authorization/sources`: adds at the front (EMQX prepends, so a new
/// source is checked first), 204; a type already there is 400.
pub(crate) fn create(b: &mut Broker, req: &Req<'_>) -> Reply {
    let config = body_object(req)?;
    let kind = check(config)?;
    if !b.authz_sources.prepend(kind.clone(), with_defaults(config)) {
        return Err(bad_request(format!("duplicated_authz_source_type: {kind}")));
    }
    no_content()
}

pub(crate) fn get(b: &Broker, kind: &str) -> Reply {
    let config = b
        .authz_sources
        .get(kind)
        .ok_or_else(|| source_not_found(kind))?;
    ok(redact(config))
}

/// `PUT /authorization/sources/{type}`: the body replaces the source, same type.
pub(crate) fn update(b: &mut Broker, kind: &str, req: &Req<'_>) -> Reply {
    let config = body_object(req)?;
    let new_kind = check(config)?;
    let old = b
        .authz_sources
        .get(kind)
        .and_then(Value::as_object)
        .ok_or_else(|| source_not_found(kind))?;
    if new_kind != kind {
        return Err(bad_request(format!("the type in the body must be {kind}")));
    }
    let config = deobfuscate(config, old);
    b.authz_sources.replace(kind, with_defaults(&config));
    no_content()
}

pub(crate) fn delete(b: &mut Broker, kind: &str) -> Reply {
    if !b.authz_sources.remove(kind) {
        return Err(source_not_found(kind));
    }
    no_content()
}

/// `GET /authorization/sources/{type}/status`: connected, counters at zero.
pub(crate) fn status(b: &Broker, kind: &str) -> Reply {
    let config = b
        .authz_sources
        .get(kind)
        .ok_or_else(|| source_not_found(kind))?;
    ok(status_json(
        config,
        &["total", "allow", "deny", "nomatch", "ignore"],
    ))
}

/// `POST /authorization/sources/{type}/move` with `{"position": ...}`.
pub(crate) fn move_source(b: &mut Broker, kind: &str, req: &Req<'_>) -> Reply {
    let position = req
        .json()?
        .get("position")
        .and_then(Value::as_str)
        .ok_or_else(|| required_field("position"))?;
    move_member(&mut b.authz_sources, kind, position, source_not_found)?;
    no_content()
}

/// `PUT /authorization/sources/order` with `[{"type": ...}, ...]`, naming every source once.
pub(crate) fn order(b: &mut Broker, req: &Req<'_>) -> Reply {
    b.authz_sources
        .reorder(&order_of(req, "type")?)
        .map_err(bad_request)?;
    no_content()
}

pub(crate) fn settings(b: &Broker) -> Reply {
    ok(b.authz_settings.clone())
}

/// `PUT /authorization/settings`: `no_match` and `deny_action` are required;
/// a `cache` left out takes its defaults.
pub(crate) fn update_settings(b: &mut Broker, req: &Req<'_>) -> Reply {
    let body = body_object(req)?;
    let pick = |key: &str, allowed: &[&str]| match text(body, key) {
        Some(v) if allowed.contains(&v) => Ok(v.to_owned()),
        Some(_) => Err(bad_request(format!("{key} must be one of {allowed:?}"))),
        None => Err(required_field(key)),
    };
    let no_match = pick("no_match", &["allow", "deny"])?;
    let deny_action = pick("deny_action", &["ignore", "disconnect"])?;
    let mut cache = crate::model::deployment::authz::default_settings()["cache"].clone();
    if let Some(given) = body.get("cache") {
        let given = given
            .as_object()
            .ok_or_else(|| bad_request("cache must be an object"))?;
        for (k, v) in given {
            cache[k] = v.clone();
        }
    }
    b.authz_settings = json!({"no_match": no_match, "deny_action": deny_action, "cache": cache});
    ok(b.authz_settings.clone())
}

/// `DELETE /authorization/cache`: every client's cache, on every node.
pub(crate) fn clean_cache() -> Reply {
    no_content()
}

/// `GET /clients/{clientid}/authorization/cache`: the client's cached decisions.
pub(crate) fn client_cache(b: &Broker, clientid: &str) -> Reply {
    b.sessions.get(clientid).ok_or_else(client_not_found)?;
    ok(json!([]))
}

pub(crate) fn clean_client_cache(b: &Broker, clientid: &str) -> Reply {
    b.sessions.get(clientid).ok_or_else(client_not_found)?;
    no_content()
}
