//! One request through the pipeline: fault injection -> body read (size
//! limit) -> API, routing and auth -> (Deployment API) 503 while the
//! deployment is not running -> content type and JSON -> handler -> request
//! log.
//!
//! Routing is done by hand on the raw path, split before percent-decoding, so a
//! `%2F` inside a client id or topic never splits a segment.

use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method, Request, Response, StatusCode, header};
use hyper::body::Incoming;
use serde_json::Value;

use super::body::{BodyError, accept, content_type, parse_body, read_body};
use super::faults::FaultSpec;
use super::requests_log::RecordedRequest;
use super::state::{DeploymentRuntime, Shared};
use crate::api;
use crate::rest::auth::check_basic;
use crate::rest::errors::{
    ApiError, default_fault_body, json_response, method_not_allowed, path_not_found,
};
use crate::rest::request::{Query, Req, split_path};
use crate::rest::routing::Refusal;
use crate::rest::v4::{V4Error, parse_body as parse_v4_body, v4_fault_body};

/// Returned to hyper to make it close the connection without an answer
/// (the `drop_connection` fault).
#[derive(Debug)]
pub(crate) struct DropConnection;

impl std::fmt::Display for DropConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by an injected fault")
    }
}

impl std::error::Error for DropConnection {}

pub(super) async fn pipeline(
    shared: Arc<Shared>,
    req: Request<Incoming>,
) -> Result<Response<Body>, DropConnection> {
    let (parts, body) = req.into_parts();
    let path = parts.uri.path();
    let fault = shared.faults.take(&parts.method, path);
    let body = read_body(&parts.headers, body, shared.config.max_body_bytes).await;

    let segs = split_path(path);
    let query = Query::parse(parts.uri.query());
    let mut record = RecordedRequest {
        method: parts.method.as_str().to_owned(),
        path: path.to_owned(),
        query_string: parts.uri.query().unwrap_or("").to_owned(),
        query: Vec::new(),
        body: None,
        status: None,
        api: api_of(&segs),
        deployment_id: None,
    };
    if record.api == "deployment" {
        record.deployment_id = segs.get(1).cloned();
    }
    // Refusals before routing (faults, 413) also answer in the v4 shape there.
    let v4 = record
        .deployment_id
        .as_ref()
        .and_then(|id| shared.deployments.get(id))
        .is_some_and(|d| d.info.kind.is_v4());

    if let Some(fault) = fault {
        if let Some(resp) = apply_fault(&fault, v4).await {
            return finish(&shared, record, query, resp);
        }
        if fault.drop_connection {
            record.query = query.pairs;
            shared.log.push(record);
            return Err(DropConnection);
        }
    }

    let bytes = match body {
        Ok(bytes) => bytes,
        Err(BodyError::Broken) => return Err(DropConnection),
        Err(BodyError::TooLarge) => {
            let e = ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "EXCEED_LIMIT",
                format!(
                    "Request body exceeds {} bytes",
                    shared.config.max_body_bytes
                ),
            );
            let resp = if v4 {
                V4Error::from(e).into_response()
            } else {
                e.into_response()
            };
            return finish(&shared, record, query, resp);
        }
    };
    let resp = match dispatch(
        &shared,
        &parts.method,
        &parts.headers,
        &segs,
        &query,
        &bytes,
        &mut record,
    ) {
        Ok(resp) => resp,
        Err(e) => e.into_response(),
    };
    finish(&shared, record, query, resp)
}

fn finish(
    shared: &Shared,
    mut record: RecordedRequest,
    query: Query,
    resp: Response<Body>,
) -> Result<Response<Body>, DropConnection> {
    record.status = Some(resp.status().as_u16());
    record.query = query.pairs;
    shared.log.push(record);
    Ok(resp)
}

/// Delay, then either an injected answer, a drop (`None` + `drop_connection`), or
/// `None` to let the request through.
async fn apply_fault(fault: &FaultSpec, v4: bool) -> Option<Response<Body>> {
    if let Some(delay) = fault.delay {
        tokio::time::sleep(delay).await;
    }
    if fault.drop_connection {
        return None;
    }
    let status = StatusCode::from_u16(fault.status?).ok()?;
    let body = fault.body.clone().unwrap_or_else(|| {
        if v4 {
            v4_fault_body(status)
        } else {
            default_fault_body(status)
        }
    });
    let mut resp = json_response(status, &body);
    if let Some(ra) = fault
        .retry_after
        .as_deref()
        .and_then(|v| HeaderValue::from_str(v).ok())
    {
        resp.headers_mut().insert(header::RETRY_AFTER, ra);
    }
    Some(resp)
}

fn api_of(segs: &[String]) -> &'static str {
    match segs {
        [p, ..] if p == "platform" => "platform",
        [d, _, a, ..] if d == "deployments" && a == "api" => "deployment",
        _ => "unknown",
    }
}

fn dispatch(
    shared: &Shared,
    method: &Method,
    headers: &HeaderMap,
    segs: &[String],
    query: &Query,
    raw_body: &Bytes,
    record: &mut RecordedRequest,
) -> Result<Response<Body>, ApiError> {
    let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
    match record.api {
        "platform" => {
            // Routing (404, 405) comes before authentication, as on the Deployment API.
            let found = match api::platform::route(method.as_str(), &segs[1..]) {
                Ok(found) => found,
                Err(refusal) => return refusal.into_reply(),
            };
            check_basic(headers, &shared.platform_key, &shared.platform_secret)?;
            let parsed = parse_body(method, headers, raw_body)?;
            let req = Req {
                params: found.params,
                query,
                body: parsed.as_ref(),
                raw_body,
                content_type: content_type(headers),
                accept: accept(headers),
            };
            let reply =
                api::platform::answer(found.endpoint, &mut shared.platform(), &req, &mut |id| {
                    shared.shut_down_broker(id);
                });
            record.body = keep_for_log(shared, parsed);
            reply
        }
        "deployment" => {
            let dep = shared.deployments.get(segs[1]).ok_or_else(path_not_found)?;
            if dep.info.kind.is_v4() {
                let call = V4Call {
                    method,
                    headers,
                    segs: &segs[3..],
                    query,
                    raw_body,
                };
                return Ok(dispatch_v4(shared, dep, call, record));
            }
            if segs.get(3) != Some(&"v5") {
                return Err(path_not_found());
            }
            // Routing (404, 405) comes before authentication, as on the real server.
            let found = match api::deployment::route(dep.info.kind, method.as_str(), &segs[4..]) {
                Ok(found) => found,
                Err(refusal) => return refusal.into_reply(),
            };
            let handler = &found.endpoint.handler;
            if !handler.public || (handler.scrape && dep.lock().telemetry.scrapes_need_auth()) {
                check_basic(headers, &dep.info.app_id, &dep.info.app_secret)?;
            }
            // A deployment that is not running answers 503, after auth so that
            // only its credential holders learn its state (see `availability`).
            api::deployment::ensure_running(&mut shared.platform(), &dep.info.id, Instant::now())?;
            let parsed = parse_body(method, headers, raw_body)?;
            let req = Req {
                params: found.params,
                query,
                body: parsed.as_ref(),
                raw_body,
                content_type: content_type(headers),
                accept: accept(headers),
            };
            let reply = (found.endpoint.handler.run)(&mut dep.lock(), &req);
            record.body = keep_for_log(shared, parsed);
            reply
        }
        _ => Err(path_not_found()),
    }
}

/// A request to an EMQX 4 deployment, below its `/api`.
struct V4Call<'a> {
    method: &'a Method,
    headers: &'a HeaderMap,
    segs: &'a [&'a str],
    query: &'a Query,
    raw_body: &'a Bytes,
}

/// The same steps as the v5 Deployment API (route, auth, 503 while not
/// running, body, handler), every refusal in the v4 shape. The body is JSON
/// whatever its content type, as many v4 examples send none.
fn dispatch_v4(
    shared: &Shared,
    dep: &DeploymentRuntime,
    call: V4Call<'_>,
    record: &mut RecordedRequest,
) -> Response<Body> {
    let found = match api::deployment_v4::route(call.method.as_str(), call.segs) {
        Ok(found) => found,
        Err(Refusal::MethodNotAllowed(allow)) => return method_not_allowed(&allow),
        Err(Refusal::NotFound) => return V4Error::from(path_not_found()).into_response(),
    };
    let checked =
        check_basic(call.headers, &dep.info.app_id, &dep.info.app_secret).and_then(|()| {
            api::deployment::ensure_running(&mut shared.platform(), &dep.info.id, Instant::now())
        });
    if let Err(e) = checked {
        return V4Error::from(e).into_response();
    }
    let parsed = match parse_v4_body(call.raw_body) {
        Ok(parsed) => parsed,
        Err(e) => return e.into_response(),
    };
    let req = Req {
        params: found.params,
        query: call.query,
        body: parsed.as_ref(),
        raw_body: call.raw_body,
        content_type: content_type(call.headers),
        accept: accept(call.headers),
    };
    let resp = api::deployment_v4::answer(found.endpoint, &mut dep.lock(), &req);
    record.body = keep_for_log(shared, parsed);
    resp
}

fn keep_for_log(shared: &Shared, parsed: Option<Value>) -> Option<Value> {
    if shared.config.log_limit == 0 {
        None
    } else {
        parsed
    }
}
