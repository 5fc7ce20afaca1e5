//! Reading a request body (with the size limit) and parsing it as JSON.

use axum::body::Body;
use bytes::{Bytes, BytesMut};
use futures_util::StreamExt as _;
use http::{HeaderMap, Method, StatusCode, header};
use hyper::body::Incoming;
use serde_json::Value;

use crate::rest::errors::{ApiError, bad_request};

pub(super) enum BodyError {
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

pub(super) async fn read_body(
    headers: &HeaderMap,
    body: Incoming,
    limit: usize,
) -> Result<Bytes, BodyError> {
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

pub(super) fn content_type(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
}

pub(super) fn accept(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::ACCEPT).and_then(|v| v.to_str().ok())
}

/// A body on a write needs `Content-Type: application/json` (415 otherwise, like
/// EMQX); `multipart/form-data` passes through for the user import. Bodies on
/// GET/DELETE are ignored, as the server ignores them.
pub(super) fn parse_body(
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
