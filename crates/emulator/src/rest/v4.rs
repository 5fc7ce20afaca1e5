//! The EMQX 4 answer shapes: HTTP 200 with an integer `code` (0 on success,
//! one of the EMQX 4 result codes on failure), body readers that fail with
//! those codes, and `_page`/`_limit` pagination answering
//! `meta: {page, limit, count[, hasnext]}`.

// Some readers and codes serve only the resources still to come.
#![allow(dead_code)]

use axum::body::Body;
use http::{HeaderValue, Response, StatusCode, header};
use serde_json::{Map, Value, json};

use crate::rest::errors::{ApiError, json_response};
use crate::rest::request::Query;

/// The EMQX 4 result codes the emulator answers with.
pub(crate) mod code {
    pub const USER_NOT_FOUND: u16 = 105;
    pub const MISSING_PARAMETER: u16 = 107;
    pub const PARAMETER_ERROR: u16 = 108;
    pub const NOT_JSON: u16 = 109;
    pub const CLIENT_OFFLINE: u16 = 112;
    pub const ALREADY_EXISTS: u16 = 113;
    pub const BAD_TOPIC: u16 = 115;
    /// Not in the documented table: EMQX 4's rule engine and the Cloud
    /// shadow service answer an unknown id with `code: 404` inside a 200.
    pub const NOT_FOUND: u16 = 404;
}

/// What a v4 handler returns: the success body (its `code: 0` is added), or
/// a v4 failure.
pub(crate) type V4Reply = Result<Value, V4Error>;

/// A v4 failure: `{"code": <int>, "message": "..."}`, with HTTP 200 for the
/// documented result codes and the real status for what EMQX 4 refuses at the
/// HTTP level (401, 404 unknown path, 413, 503), whose `code` is that status.
#[derive(Debug, Clone)]
pub(crate) struct V4Error {
    pub status: StatusCode,
    pub code: u16,
    pub message: String,
    www_authenticate: bool,
}

impl V4Error {
    /// A documented failure: HTTP 200 with `code`.
    pub fn new(code: u16, message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::OK,
            code,
            message: message.into(),
            www_authenticate: false,
        }
    }

    pub fn into_response(self) -> Response<Body> {
        let body = json!({"code": self.code, "message": self.message});
        let mut resp = json_response(self.status, &body);
        if self.www_authenticate {
            resp.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic Realm=\"minirest-server\""),
            );
        }
        resp
    }
}

/// An HTTP-level refusal shared with the v5 side (401, 404, 413, 503), in the
/// v4 shape: same status, `code` = that status.
impl From<ApiError> for V4Error {
    fn from(e: ApiError) -> Self {
        Self {
            status: e.status,
            code: e.status.as_u16(),
            message: e.message,
            www_authenticate: e.www_authenticate,
        }
    }
}

pub(crate) fn missing(key: &str) -> V4Error {
    V4Error::new(code::MISSING_PARAMETER, format!("missing parameter: {key}"))
}

pub(crate) fn param_error(message: impl Into<String>) -> V4Error {
    V4Error::new(code::PARAMETER_ERROR, message)
}

pub(crate) fn not_found(message: impl Into<String>) -> V4Error {
    V4Error::new(code::NOT_FOUND, message)
}

/// Error body for a status injected by a fault on a v4 deployment without an
/// explicit body.
pub(crate) fn v4_fault_body(status: StatusCode) -> Value {
    json!({"code": status.as_u16(), "message": "Injected fault"})
}

/// The answer: HTTP 200, a success body with `code: 0` added when
/// `with_code`.
pub(crate) fn render(reply: V4Reply, with_code: bool) -> Response<Body> {
    match reply {
        Ok(Value::Object(mut obj)) => {
            if with_code {
                obj.entry("code").or_insert(json!(0));
            }
            json_response(StatusCode::OK, &Value::Object(obj))
        }
        Ok(other) => json_response(StatusCode::OK, &json!({"data": other, "code": 0})),
        Err(e) => e.into_response(),
    }
}

/// `{"code": 0}` alone.
pub(crate) fn done() -> V4Reply {
    Ok(json!({}))
}

/// `{"data": ..., "code": 0}`.
pub(crate) fn data(value: Value) -> V4Reply {
    Ok(json!({ "data": value }))
}

/// A JSON body, whatever the content type (many v4 examples send none);
/// `None` without one, 109 when it does not parse.
pub(crate) fn parse_body(raw: &[u8]) -> Result<Option<Value>, V4Error> {
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    serde_json::from_slice(raw)
        .map(Some)
        .map_err(|_| V4Error::new(code::NOT_JSON, "Request parameters are not legal JSON"))
}

/// The body as an object: 107 without one, 108 for another JSON value.
pub(crate) fn object(body: Option<&Value>) -> Result<&Map<String, Value>, V4Error> {
    match body {
        None => Err(missing("body")),
        Some(Value::Object(obj)) => Ok(obj),
        Some(_) => Err(param_error("the body must be a JSON object")),
    }
}

/// A required non-empty string field: 107 when absent, 108 otherwise wrong.
pub(crate) fn text<'a>(obj: &'a Map<String, Value>, key: &str) -> Result<&'a str, V4Error> {
    match obj.get(key) {
        None | Some(Value::Null) => Err(missing(key)),
        Some(Value::String(s)) if !s.is_empty() => Ok(s),
        Some(_) => Err(param_error(format!("{key} must be a non-empty string"))),
    }
}

/// An optional string field.
pub(crate) fn opt_text<'a>(
    obj: &'a Map<String, Value>,
    key: &str,
) -> Result<Option<&'a str>, V4Error> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(param_error(format!("{key} must be a string"))),
    }
}

/// An optional integer field in `0..=max`, `default` when absent.
pub(crate) fn small_int(
    obj: &Map<String, Value>,
    key: &str,
    max: u64,
    default: u8,
) -> Result<u8, V4Error> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(default),
        Some(v) => v
            .as_u64()
            .filter(|n| *n <= max)
            .map(|n| n as u8)
            .ok_or_else(|| param_error(format!("{key} must be an integer in 0..={max}"))),
    }
}

/// An optional boolean field, `false` when absent.
pub(crate) fn flag(obj: &Map<String, Value>, key: &str) -> Result<bool, V4Error> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(false),
        Some(v) => v
            .as_bool()
            .ok_or_else(|| param_error(format!("{key} must be a boolean"))),
    }
}

/// `_page` and `_limit`: 1-based positive integers, 108 otherwise.
#[derive(Debug, Clone, Copy)]
pub(crate) struct V4Page {
    pub page: usize,
    pub limit: usize,
}

impl V4Page {
    /// Reads `_page`/`_limit`; `default_limit` is the `meta.limit` of the
    /// endpoint's documented example when no `_limit` is sent.
    pub fn from_query(q: &Query, default_limit: usize) -> Result<Self, V4Error> {
        let read = |key: &str, default: usize| match q.get(key) {
            None => Ok(default),
            Some(v) => v
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|n| *n >= 1)
                .ok_or_else(|| param_error(format!("{key} must be a positive integer"))),
        };
        Ok(Self {
            page: read("_page", 1)?,
            limit: read("_limit", default_limit)?,
        })
    }

    /// `{<key>: [page rows], meta: {page, limit, count[, hasnext]}}`, only the
    /// rows of the page rendered.
    pub fn envelope<T>(
        self,
        key: &str,
        items: impl ExactSizeIterator<Item = T>,
        with_hasnext: bool,
        render: impl FnMut(T) -> Value,
    ) -> Value {
        let count = items.len();
        let start = (self.page - 1).saturating_mul(self.limit);
        let rows: Vec<Value> = items.skip(start).take(self.limit).map(render).collect();
        let mut meta = json!({"page": self.page, "limit": self.limit, "count": count});
        if with_hasnext {
            meta["hasnext"] = json!(start.saturating_add(self.limit) < count);
        }
        let mut out = Map::new();
        out.insert(key.to_owned(), Value::Array(rows));
        out.insert("meta".into(), meta);
        Value::Object(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_params_and_envelope() {
        let q = Query::parse(Some("_page=2&_limit=2"));
        let p = V4Page::from_query(&q, 10).unwrap();
        let v = p.envelope("data", [1, 2, 3, 4, 5].into_iter(), true, |n| json!(n));
        assert_eq!(
            v,
            json!({"data": [3, 4], "meta": {"page": 2, "limit": 2, "count": 5, "hasnext": true}})
        );
        for bad in ["_page=0", "_limit=x", "_limit=-1"] {
            let e = V4Page::from_query(&Query::parse(Some(bad)), 10).unwrap_err();
            assert_eq!(e.code, code::PARAMETER_ERROR, "{bad}");
        }
    }

    #[test]
    fn bodies() {
        assert!(parse_body(b"  ").unwrap().is_none());
        assert_eq!(parse_body(b"{").unwrap_err().code, code::NOT_JSON);
        let v = json!({"a": "x", "n": 3});
        let obj = object(Some(&v)).unwrap();
        assert_eq!(text(obj, "b").unwrap_err().code, code::MISSING_PARAMETER);
        assert_eq!(text(obj, "n").unwrap_err().code, code::PARAMETER_ERROR);
        assert_eq!(small_int(obj, "n", 2, 0).unwrap_err().code, 108);
    }
}
