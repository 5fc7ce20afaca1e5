//! Error answers in the shape the EMQX 5 server uses: `{"code": "...", "message": "..."}`.
//!
//! Handlers return [`Reply`]; an `Err(ApiError)` becomes a JSON error response, so the
//! success paths stay readable and every failure carries a real `code` string.

use axum::body::Body;
use http::{HeaderValue, Response, StatusCode, header};
use serde_json::{Map, Value, json};

/// What every request handler returns.
pub(crate) type Reply = Result<Response<Body>, ApiError>;

/// An error answer: status, EMQX `code`, human `message`, and any extra keys
/// (the action-delete 400 carries `rules`, for example).
#[derive(Debug, Clone)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub extra: Option<Map<String, Value>>,
    /// Sent as `WWW-Authenticate` on 401s, like the EMQX dashboard listener.
    pub www_authenticate: bool,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            extra: None,
            www_authenticate: false,
        }
    }

    pub fn with_extra(mut self, key: &str, value: Value) -> Self {
        self.extra
            .get_or_insert_with(Map::new)
            .insert(key.to_owned(), value);
        self
    }

    pub fn into_response(self) -> Response<Body> {
        let mut body = Map::new();
        body.insert("code".into(), Value::String(self.code.into()));
        body.insert("message".into(), Value::String(self.message));
        if let Some(extra) = self.extra {
            body.extend(extra);
        }
        let mut resp = json_response(self.status, &Value::Object(body));
        if self.www_authenticate {
            resp.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic Realm=\"emqx-dashboard\""),
            );
        }
        resp
    }
}

pub(crate) fn bad_request(message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, "BAD_REQUEST", message)
}

/// A required body field left out, as minirest's schema check reports it.
pub(crate) fn required_field(field: &str) -> ApiError {
    bad_request(format!(
        "{{\"kind\":\"validation_error\",\"path\":\"root.{field}\",\"reason\":\"required_field\"}}"
    ))
}

pub(crate) fn invalid_parameter(message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, "INVALID_PARAMETER", message)
}

pub(crate) fn not_found(message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "NOT_FOUND", message)
}

/// The answer for a route that does not exist (with `Accept: application/json`).
pub(crate) fn path_not_found() -> ApiError {
    not_found("Request Path Not Found")
}

pub(crate) fn already_exists(status: StatusCode, message: impl Into<String>) -> ApiError {
    ApiError::new(status, "ALREADY_EXISTS", message)
}

pub(crate) fn internal_error(message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", message)
}

pub(crate) fn unauthorized(code: &'static str, message: &str) -> ApiError {
    let mut e = ApiError::new(StatusCode::UNAUTHORIZED, code, message);
    e.www_authenticate = true;
    e
}

/// A JSON response with the given status.
pub(crate) fn json_response(status: StatusCode, value: &Value) -> Response<Body> {
    // Serializing a `Value` cannot fail (all keys are strings).
    let bytes = serde_json::to_vec(value).unwrap_or_else(|_| b"null".to_vec());
    let mut resp = Response::new(Body::from(bytes));
    *resp.status_mut() = status;
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    resp
}

pub(crate) fn ok(value: Value) -> Reply {
    Ok(json_response(StatusCode::OK, &value))
}

pub(crate) fn created(value: Value) -> Reply {
    Ok(json_response(StatusCode::CREATED, &value))
}

/// 204: the real server sends no body at all, and no content type.
pub(crate) fn no_content() -> Reply {
    let mut resp = Response::new(Body::empty());
    *resp.status_mut() = StatusCode::NO_CONTENT;
    Ok(resp)
}

/// 405 for a known route and another method, as minirest answers it: no body, and
/// the route's methods in `allow` (`"GET, DELETE"`).
pub(crate) fn method_not_allowed(allow: &[&str]) -> Response<Body> {
    let mut resp = Response::new(Body::empty());
    *resp.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
    if let Ok(value) = HeaderValue::from_str(&allow.join(", ")) {
        resp.headers_mut().insert(header::ALLOW, value);
    }
    resp
}

/// Error body for a status injected by a fault without an explicit body.
pub(crate) fn default_fault_body(status: StatusCode) -> Value {
    let code = match status.as_u16() {
        400 => "BAD_REQUEST",
        401 => "BAD_API_KEY_OR_SECRET",
        403 => "UNAUTHORIZED_ROLE",
        404 => "NOT_FOUND",
        409 => "CONFLICT",
        415 => "UNSUPPORTED_MEDIA_TYPE",
        422 => "UNPROCESSABLE_ENTITY",
        429 => "TOO_MANY_REQUESTS",
        503 => "SERVICE_UNAVAILABLE",
        s if s >= 500 => "INTERNAL_ERROR",
        _ => "INJECTED_FAULT",
    };
    json!({"code": code, "message": "Injected fault"})
}
