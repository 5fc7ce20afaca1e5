//! The node's health (`GET /status`, plain text or JSON), the error codes it
//! documents (`/error_codes`) and its license, read only (`/license`).

use axum::body::Body;
use http::{HeaderValue, Response, StatusCode, header};
use serde_json::{Value, json};

use crate::model::deployment::license;
use crate::model::deployment::node::NODE;
use crate::rest::errors::{Reply, bad_request, ok};
use crate::rest::request::Query;
use crate::vocab::error_codes::ERROR_CODES;

/// `GET /status?format=text|json`: a running deployment's node is started.
pub(crate) fn status(q: &Query) -> Reply {
    if q.get("format") == Some("json") {
        return ok(json!({
            "rel_vsn": "5.8.6",
            "node_name": NODE,
            "broker_status": "started",
            "app_status": "running",
        }));
    }
    let mut resp = Response::new(Body::from(format!(
        "Node {NODE} is started\nemqx is running"
    )));
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
    *resp.status_mut() = StatusCode::OK;
    Ok(resp)
}

fn error_code(code: &str, description: &str) -> Value {
    json!({"code": code, "description": description})
}

pub(crate) fn error_codes() -> Reply {
    ok(ERROR_CODES.iter().map(|(c, d)| error_code(c, d)).collect())
}

/// An unknown code fails the path parameter's enum, as the schema check does.
pub(crate) fn get_error_code(code: &str) -> Reply {
    match ERROR_CODES.iter().find(|(c, _)| *c == code) {
        Some((c, d)) => ok(error_code(c, d)),
        None => Err(bad_request(format!("code : unknown error code {code:?}"))),
    }
}

pub(crate) fn license() -> Reply {
    ok(license::info())
}

pub(crate) fn license_setting() -> Reply {
    ok(license::setting())
}
