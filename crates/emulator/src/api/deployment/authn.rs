//! Users of the built-in-database authenticators (password and SCRAM) under
//! `/authentication/{id}/users/...`: list, get, create
//! (201; duplicate 409 `ALREADY_EXISTS`), update (200), delete (204), import.

use http::StatusCode;
use serde_json::{Map, Value, json};

use indexmap::IndexMap;

use super::authenticators::authenticator_not_found;
use crate::model::deployment::authn::{PASSWORD_BUILT_IN, SCRAM_BUILT_IN};
use crate::model::deployment::broker::{AuthUser, Broker};
use crate::rest::errors::{
    ApiError, Reply, already_exists, bad_request, created, no_content, not_found, ok,
};
use crate::rest::pagination::PageParams;
use crate::rest::request::{Query, Req};

/// The users of a built-in-database authenticator of the chain.
fn table<'b>(b: &'b Broker, id: &str) -> Result<&'b IndexMap<String, AuthUser>, ApiError> {
    if !b.authn.contains(id) {
        return Err(authenticator_not_found(id));
    }
    match id {
        PASSWORD_BUILT_IN => Ok(&b.users),
        SCRAM_BUILT_IN => Ok(&b.scram_users),
        _ => Err(unsupported()),
    }
}

fn table_mut<'b>(
    b: &'b mut Broker,
    id: &str,
) -> Result<&'b mut IndexMap<String, AuthUser>, ApiError> {
    table(b, id)?;
    Ok(if id == SCRAM_BUILT_IN {
        &mut b.scram_users
    } else {
        &mut b.users
    })
}

/// Users belong to built-in-database authenticators only.
fn unsupported() -> ApiError {
    bad_request("Operation not supported in this authentication type")
}

fn user_json(id: &str, u: &AuthUser) -> Value {
    json!({"user_id": id, "is_superuser": u.is_superuser})
}

fn user_not_found() -> ApiError {
    not_found("User not found")
}

pub(crate) fn list(b: &Broker, authenticator: &str, q: &Query) -> Reply {
    let users = table(b, authenticator)?;
    let page = PageParams::from_query(q)?;
    let like = q.get("like_user_id");
    let superuser = q.get_bool("is_superuser")?;
    let rows: Vec<(&String, &AuthUser)> = users
        .iter()
        .filter(|(id, u)| {
            like.is_none_or(|l| id.contains(l)) && superuser.is_none_or(|s| s == u.is_superuser)
        })
        .collect();
    ok(page.envelope(rows, like.is_none(), |(id, u)| user_json(id, u)))
}

pub(crate) fn get(b: &Broker, authenticator: &str, id: &str) -> Reply {
    let users = table(b, authenticator)?;
    ok(user_json(id, users.get(id).ok_or_else(user_not_found)?))
}

fn str_field<'a>(obj: &'a Map<String, Value>, key: &str) -> Result<&'a str, ApiError> {
    match obj.get(key) {
        Some(Value::String(s)) if !s.is_empty() => Ok(s),
        Some(Value::String(_)) => Err(bad_request(format!("{key} must not be empty"))),
        Some(_) => Err(bad_request(format!("{key} must be a string"))),
        None => Err(bad_request(format!("{key} is required"))),
    }
}

fn bool_field(obj: &Map<String, Value>, key: &str) -> Result<bool, ApiError> {
    match obj.get(key) {
        None => Ok(false),
        Some(v) => v
            .as_bool()
            .ok_or_else(|| bad_request(format!("{key} must be a boolean"))),
    }
}

pub(crate) fn create(b: &mut Broker, authenticator: &str, req: &Req<'_>) -> Reply {
    let users = table_mut(b, authenticator)?;
    let obj = req
        .json()?
        .as_object()
        .ok_or_else(|| bad_request("body must be an object"))?;
    let id = str_field(obj, "user_id")?;
    let password = str_field(obj, "password")?;
    let is_superuser = bool_field(obj, "is_superuser")?;
    if users.contains_key(id) {
        return Err(already_exists(StatusCode::CONFLICT, "User already exists"));
    }
    let user = AuthUser {
        password: password.to_owned(),
        is_superuser,
    };
    let body = user_json(id, &user);
    users.insert(id.to_owned(), user);
    created(body)
}

/// `password` is required and `is_superuser` defaults to false, per the 5.8 schema:
/// an update without `is_superuser` demotes a superuser, as on the real server.
pub(crate) fn update(b: &mut Broker, authenticator: &str, id: &str, req: &Req<'_>) -> Reply {
    let users = table_mut(b, authenticator)?;
    let obj = req
        .json()?
        .as_object()
        .ok_or_else(|| bad_request("body must be an object"))?;
    let password = str_field(obj, "password")?;
    let is_superuser = bool_field(obj, "is_superuser")?;
    let user = users.get_mut(id).ok_or_else(user_not_found)?;
    user.password = password.to_owned();
    user.is_superuser = is_superuser;
    ok(user_json(id, user))
}

pub(crate) fn delete(b: &mut Broker, authenticator: &str, id: &str) -> Reply {
    let users = table_mut(b, authenticator)?;
    users.shift_remove(id).ok_or_else(user_not_found)?;
    no_content()
}

/// `POST .../import_users?type=plain|hash`, with a JSON array or a multipart form
/// whose `filename` part is a CSV or JSON file. Answers 200
/// `{total, success, override, skipped, failed}`: `override` counts existing users
/// replaced, `skipped` repeated ids within the import, `failed` invalid entries.
pub(crate) fn import(b: &mut Broker, authenticator: &str, req: &Req<'_>) -> Reply {
    let users = table_mut(b, authenticator)?;
    let kind = match req.query.get("type") {
        Some(t @ ("plain" | "hash")) => t,
        Some(_) => return Err(bad_request("type must be plain or hash")),
        None => return Err(bad_request("the query parameter type is required")),
    };
    let entries: Vec<Value> = if let Some(body) = req.body {
        body.as_array()
            .cloned()
            .ok_or_else(|| bad_request("body must be an array of users"))?
    } else if req
        .content_type
        .is_some_and(|c| c.to_ascii_lowercase().starts_with("multipart/form-data"))
    {
        let (filename, content) =
            crate::rest::multipart::file_part(req.content_type.unwrap_or(""), req.raw_body)
                .ok_or_else(|| bad_request("missing file part `filename`"))?;
        parse_file(&filename, &content)?
    } else {
        return Err(bad_request("Request body required"));
    };
    let (mut success, mut overridden, mut skipped, mut failed) = (0u64, 0u64, 0u64, 0u64);
    let mut seen = std::collections::HashSet::new();
    for e in &entries {
        let Some(obj) = e.as_object() else {
            failed += 1;
            continue;
        };
        let id = obj
            .get("user_id")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty());
        let secret_key = if kind == "plain" {
            "password"
        } else {
            "password_hash"
        };
        let secret = obj.get(secret_key).and_then(Value::as_str);
        let superuser = match obj.get("is_superuser") {
            None => Some(false),
            Some(Value::Bool(b)) => Some(*b),
            Some(Value::String(s)) if s == "true" || s == "false" => Some(s == "true"),
            Some(_) => None,
        };
        let (Some(id), Some(secret), Some(is_superuser)) = (id, secret, superuser) else {
            failed += 1;
            continue;
        };
        if !seen.insert(id.to_owned()) {
            skipped += 1;
            continue;
        }
        let user = AuthUser {
            password: secret.to_owned(),
            is_superuser,
        };
        if users.insert(id.to_owned(), user).is_some() {
            overridden += 1;
        } else {
            success += 1;
        }
    }
    ok(json!({
        "total": entries.len(), "success": success, "override": overridden,
        "skipped": skipped, "failed": failed,
    }))
}

/// A JSON array, or CSV with a header line (`user_id,password,is_superuser` or
/// `user_id,password_hash,salt,is_superuser`).
fn parse_file(filename: &str, content: &[u8]) -> Result<Vec<Value>, ApiError> {
    let text = std::str::from_utf8(content).map_err(|_| bad_request("the file is not UTF-8"))?;
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    if filename.to_ascii_lowercase().ends_with(".json") || trimmed.starts_with('[') {
        let v: Value = serde_json::from_str(trimmed)
            .map_err(|e| bad_request(format!("invalid JSON file: {e}")))?;
        return v
            .as_array()
            .cloned()
            .ok_or_else(|| bad_request("the JSON file must hold an array"));
    }
    let mut lines = trimmed.lines().filter(|l| !l.trim().is_empty());
    let header: Vec<&str> = lines
        .next()
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .collect();
    if !header.contains(&"user_id") {
        return Err(bad_request("the CSV header must name user_id"));
    }
    Ok(lines
        .map(|line| {
            let obj: Map<String, Value> = header
                .iter()
                .zip(line.split(','))
                .map(|(k, v)| ((*k).to_owned(), Value::String(v.trim().to_owned())))
                .collect();
            Value::Object(obj)
        })
        .collect())
}
