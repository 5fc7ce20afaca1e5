//! The HTTPS server and the request pipeline:
//! fault injection -> body read (size limit) -> API, routing and auth -> (Deployment
//! API) 503 while the deployment is not running -> content type and JSON ->
//! handler -> request log.
//!
//! Routing is done by hand on the raw path, split before percent-decoding, so a
//! `%2F` inside a client id or topic never splits a segment.

pub(crate) mod faults;
pub(crate) mod requests_log;
pub(crate) mod state;
pub(crate) mod tls;

use std::convert::Infallible;
use std::io;
use std::net::{SocketAddr, TcpListener};
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum_server::tls_rustls::RustlsConfig;
use bytes::{Bytes, BytesMut};
use futures_util::{FutureExt as _, StreamExt as _};
use http::{HeaderMap, HeaderValue, Method, Request, Response, StatusCode, header};
use hyper::body::Incoming;
use rustls::ServerConfig;
use serde_json::Value;

use crate::api;
use crate::rest::errors::{
    ApiError, bad_request, default_fault_body, internal_error, json_response, path_not_found,
};
use crate::rest::request::{Query, Req, split_path};
use crate::server::faults::FaultSpec;
use crate::server::requests_log::RecordedRequest;
use state::Shared;

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

pub(crate) fn spawn(
    rt: &tokio::runtime::Handle,
    shared: Arc<Shared>,
    listener: TcpListener,
    tls: Arc<ServerConfig>,
) -> io::Result<axum_server::Handle<SocketAddr>> {
    let handle = axum_server::Handle::new();
    // `from_tcp_rustls` registers the socket with the runtime's reactor.
    let server = {
        let _guard = rt.enter();
        axum_server::from_tcp_rustls(listener, RustlsConfig::from_config(tls))?
    }
    .map(NoDelay)
    .handle(handle.clone());
    let make_service = tower::service_fn(move |_peer: SocketAddr| {
        let shared = shared.clone();
        async move {
            Ok::<_, Infallible>(tower::service_fn(move |req: Request<Incoming>| {
                serve_request(shared.clone(), req)
            }))
        }
    });
    rt.spawn(async move {
        if let Err(e) = server.serve(make_service).await {
            log::error!("emqx emulator server stopped: {e}");
        }
    });
    Ok(handle)
}

/// Turns Nagle's algorithm off on each accepted connection before TLS. With
/// it on, a response larger than one segment (a page of clients) waits about
/// 40 ms for the client's delayed ACK.
#[derive(Clone)]
struct NoDelay<A>(A);

impl<S, A> axum_server::accept::Accept<tokio::net::TcpStream, S> for NoDelay<A>
where
    A: axum_server::accept::Accept<tokio::net::TcpStream, S>,
{
    type Stream = A::Stream;
    type Service = A::Service;
    type Future = A::Future;

    fn accept(&self, stream: tokio::net::TcpStream, service: S) -> Self::Future {
        let _ = stream.set_nodelay(true);
        self.0.accept(stream, service)
    }
}

/// One request. A panic in a handler becomes a 500 `INTERNAL_ERROR` answer.
async fn serve_request(
    shared: Arc<Shared>,
    req: Request<Incoming>,
) -> Result<Response<Body>, DropConnection> {
    match AssertUnwindSafe(pipeline(shared, req)).catch_unwind().await {
        Ok(result) => result,
        Err(_) => Ok(internal_error("The emulator failed to handle this request").into_response()),
    }
}

enum BodyError {
    TooLarge,
    /// The client went away mid-body.
    Broken,
}

/// How much of a too-large body is read (and dropped) before the 413 goes out.
///
/// Answering while the client is still sending, then closing, makes the kernel
/// reset the connection, and the client sees a broken pipe instead of the 413.
/// Reading the rest first lets it read the answer; past this much the emulator
/// stops listening and closes anyway.
const DRAIN_LIMIT: u64 = 64 * 1024 * 1024;

async fn read_body(headers: &HeaderMap, body: Incoming, limit: usize) -> Result<Bytes, BodyError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let mut stream = Body::new(body).into_data_stream();
    if declared.is_some_and(|n| n > limit as u64) {
        if declared.is_some_and(|n| n <= DRAIN_LIMIT) {
            drain(&mut stream, 0).await;
        }
        return Err(BodyError::TooLarge);
    }
    let mut buf = BytesMut::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| BodyError::Broken)?;
        if buf.len() + chunk.len() > limit {
            drain(&mut stream, (buf.len() + chunk.len()) as u64).await;
            return Err(BodyError::TooLarge);
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf.freeze())
}

/// Reads and drops the rest of a body, up to [`DRAIN_LIMIT`] bytes in all.
async fn drain(stream: &mut axum::body::BodyDataStream, mut seen: u64) {
    while seen <= DRAIN_LIMIT {
        match stream.next().await {
            Some(Ok(chunk)) => seen += chunk.len() as u64,
            _ => return,
        }
    }
}

async fn pipeline(
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

    if let Some(fault) = fault {
        if let Some(resp) = apply_fault(&fault).await {
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
            return finish(&shared, record, query, e.into_response());
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
async fn apply_fault(fault: &FaultSpec) -> Option<Response<Body>> {
    if let Some(delay) = fault.delay {
        tokio::time::sleep(delay).await;
    }
    if fault.drop_connection {
        return None;
    }
    let status = StatusCode::from_u16(fault.status?).ok()?;
    let body = fault
        .body
        .clone()
        .unwrap_or_else(|| default_fault_body(status));
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
        [d, _, a, v, ..] if d == "deployments" && a == "api" && v == "v5" => "deployment",
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
            crate::rest::auth::check_basic(headers, &shared.platform_key, &shared.platform_secret)?;
            let parsed = parse_body(method, headers, raw_body)?;
            let req = Req {
                params: found.params,
                query,
                body: parsed.as_ref(),
                raw_body,
                content_type: content_type(headers),
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
            // Routing (404, 405) comes before authentication, as on the real server.
            let found = match api::deployment::route(dep.info.kind, method.as_str(), &segs[4..]) {
                Ok(found) => found,
                Err(refusal) => return refusal.into_reply(),
            };
            crate::rest::auth::check_basic(headers, &dep.info.app_id, &dep.info.app_secret)?;
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
            };
            let reply = (found.endpoint.handler.run)(&mut dep.lock(), &req);
            record.body = keep_for_log(shared, parsed);
            reply
        }
        _ => Err(path_not_found()),
    }
}

fn keep_for_log(shared: &Shared, parsed: Option<Value>) -> Option<Value> {
    if shared.config.log_limit == 0 {
        None
    } else {
        parsed
    }
}

fn content_type(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
}

/// A body on a write needs `Content-Type: application/json` (415 otherwise, like
/// EMQX); `multipart/form-data` passes through for the user import. Bodies on
/// GET/DELETE are ignored, as the server ignores them.
fn parse_body(
    method: &Method,
    headers: &HeaderMap,
    raw: &Bytes,
) -> Result<Option<Value>, ApiError> {
    if raw.is_empty() || matches!(*method, Method::GET | Method::HEAD | Method::DELETE) {
        return Ok(None);
    }
    let ct = content_type(headers)
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if ct.starts_with("multipart/form-data") {
        return Ok(None);
    }
    if !(ct.starts_with("application/json")
        || (ct.starts_with("application/") && ct.contains("+json")))
    {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
            "content-type:application/json Required",
        ));
    }
    // minirest's words for any JSON it cannot decode (`minirest_body:json_decoder/1`).
    serde_json::from_slice(raw)
        .map(Some)
        .map_err(|_| bad_request("Invalid json message received"))
}
