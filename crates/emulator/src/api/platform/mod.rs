//! The Platform API (section 4.1 of the reference): projects, deployments, TLS
//! certificates, behind the Platform key and its documented rate limits.
//!
//! The Platform API's error body is not documented; the emulator uses the EMQX
//! shape `{"code", "message"}` with `NOT_FOUND`, `UNPROCESSABLE_ENTITY` (422) and
//! `TOO_MANY_REQUESTS` (429).

mod deployments;
mod projects;
mod routes;
mod tls;

use std::time::Instant;

use http::StatusCode;

use crate::model::platform::PlatformState;
use crate::rest::errors::{ApiError, Reply, path_not_found};
use crate::rest::request::Req;
use crate::rest::routing::Route;

/// The documented limit of one endpoint, per 60-minute window.
struct Limit {
    name: &'static str,
    calls: usize,
    text: &'static str,
}

const GET_LIMIT: usize = 60;
const TLS_WRITE_LIMIT: usize = 6;
const START_STOP_LIMIT: usize = 1;

/// Routes `method` on `segs` (below `/platform`) before credentials are
/// checked: see [`routes`].
pub(crate) fn route(method: &str, segs: &[String]) -> Route {
    let s: Vec<&str> = segs.iter().map(String::as_str).collect();
    crate::rest::routing::route(routes::ROUTES, method, &s)
}

/// Answers a request that [`route`] accepted and whose credentials were checked.
/// `on_stop` is called with the id of a deployment this request stops, so its
/// broker can go down with it.
pub(crate) fn handle(
    platform: &mut PlatformState,
    req: &Req<'_>,
    on_stop: &mut dyn FnMut(&str),
) -> Reply {
    let segs: Vec<&str> = req.segs.iter().map(String::as_str).collect();
    let m = req.method.as_str();
    let limit = |name, calls, text| Limit { name, calls, text };
    let (lim, scope) = match (m, segs.as_slice()) {
        ("GET", ["projects"]) => (
            limit(
                "projects",
                GET_LIMIT,
                "GET /projects: 60 requests per 60 minutes",
            ),
            "",
        ),
        ("GET", ["deployments"]) => (
            limit(
                "deployments",
                GET_LIMIT,
                "GET /deployments: 60 requests per 60 minutes",
            ),
            "",
        ),
        ("GET", ["deployments", id]) => (
            limit(
                "deployment",
                GET_LIMIT,
                "GET /deployments/{id}: 60 requests per 60 minutes",
            ),
            *id,
        ),
        ("POST", ["deployments", id, "start"]) => (
            limit(
                "start",
                START_STOP_LIMIT,
                "POST /deployments/{id}/start: once per 60 minutes",
            ),
            *id,
        ),
        ("POST", ["deployments", id, "stop"]) => (
            limit(
                "stop",
                START_STOP_LIMIT,
                "POST /deployments/{id}/stop: once per 60 minutes",
            ),
            *id,
        ),
        ("GET", ["deployments", id, "tls"]) => (
            limit(
                "tls_get",
                GET_LIMIT,
                "GET /deployments/{id}/tls: 60 requests per 60 minutes",
            ),
            *id,
        ),
        ("POST", ["deployments", id, "tls"]) => (
            limit(
                "tls_post",
                TLS_WRITE_LIMIT,
                "POST /deployments/{id}/tls: 6 requests per 60 minutes",
            ),
            *id,
        ),
        ("PUT", ["deployments", id, "tls"]) => (
            limit(
                "tls_put",
                TLS_WRITE_LIMIT,
                "PUT /deployments/{id}/tls: 6 requests per 60 minutes",
            ),
            *id,
        ),
        ("DELETE", ["deployments", id, "tls"]) => (
            limit(
                "tls_delete",
                TLS_WRITE_LIMIT,
                "DELETE /deployments/{id}/tls: 6 requests per 60 minutes",
            ),
            *id,
        ),
        // `POST /deployments` (create) is mentioned by the docs without a request
        // schema; it is deliberately not emulated.
        _ => return Err(path_not_found()),
    };
    let now = Instant::now();
    if platform.rate_limits {
        let window = platform.window;
        if !platform
            .limiter
            .allow(lim.name, scope, lim.calls, window, now)
        {
            return Err(ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "TOO_MANY_REQUESTS",
                format!("Request exceeds the limit ({})", lim.text),
            ));
        }
    }
    match (m, segs.as_slice()) {
        ("GET", ["projects"]) => projects::list(platform),
        ("GET", ["deployments"]) => deployments::list(platform, now),
        ("GET", ["deployments", id]) => deployments::get(platform, id, now),
        ("POST", ["deployments", id, "start"]) => deployments::start(platform, id, now),
        ("POST", ["deployments", id, "stop"]) => deployments::stop(platform, id, now, on_stop),
        ("GET", ["deployments", id, "tls"]) => tls::get(platform, id, now),
        ("POST", ["deployments", id, "tls"]) => tls::create(platform, id, req, now),
        ("PUT", ["deployments", id, "tls"]) => tls::update(platform, id, req, now),
        ("DELETE", ["deployments", id, "tls"]) => tls::delete(platform, id),
        _ => Err(path_not_found()),
    }
}

fn unprocessable(message: impl Into<String>) -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "UNPROCESSABLE_ENTITY",
        message,
    )
}

fn deployment_not_found() -> ApiError {
    crate::rest::errors::not_found("Deployment not found")
}
