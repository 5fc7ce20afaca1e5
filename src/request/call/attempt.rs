//! One attempt of a call (the part of `Call` that sends): a request slot, a lane (the HTTP client, see
//! `client::pool`), the exchange, and what the outcome teaches the lane.

use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue};

use crate::client::build::describe;
use crate::client::pool::{AttemptEnd, Lane};
use crate::client::slots::MAX_IN_FLIGHT;
use crate::request::body::{self, Cut};
use crate::request::errors::CallError;

use super::{BodyKind, Call};

/// The `Accept` of every call that asks for no other, and the `Content-Type` of bodies.
pub static JSON: HeaderValue = HeaderValue::from_static("application/json");

impl Call {
    /// One attempt, in one of the pool's request slots (the wait for it
    /// counts toward the attempt's timeout).
    pub(super) async fn attempt(&self) -> Result<(u16, Bytes, BodyKind), CallError> {
        let deadline = tokio::time::Instant::now() + self.timeout;
        // Less than this left once a slot comes free, and it is not sent.
        let min_left = (self.timeout / 10).min(Duration::from_millis(100));
        let Some(slot) = self.pool.slots.take_before(deadline, min_left).await else {
            return Err(CallError::Timeout {
                message: format!(
                    "timed out waiting to send: {MAX_IN_FLIGHT} requests of this client \
                     were already in flight"
                ),
                unsent: true,
            });
        };
        // Taken with a slot held, so that the request that learns the
        // server's protocol never waits for one behind those waiting for it.
        let lane = match self.pool.lane(&self.route, deadline, min_left).await {
            Ok(Some(lane)) => lane,
            Ok(None) => {
                slot.end();
                return Err(CallError::Timeout {
                    message: "timed out waiting to send: the first connection to this server, \
                              which tells whether it speaks HTTP/2, was not ready yet"
                        .to_owned(),
                    unsent: true,
                });
            }
            Err(message) => {
                slot.end();
                return Err(CallError::Connection {
                    message,
                    unsent: true,
                });
            }
        };
        // Not reached when the call is cancelled meanwhile: see `Slot`, and
        // `Lane`, which then counts an HTTP/2 request as abandoned.
        let answer = self.exchange(&lane, deadline).await;
        lane.ended(attempt_end(&answer));
        slot.end();
        answer
    }

    /// Send the request and read the answer: the status, body and body kind
    /// of a 2xx answer, or what failed.
    async fn exchange(
        &self,
        lane: &Lane<'_>,
        deadline: tokio::time::Instant,
    ) -> Result<(u16, Bytes, BodyKind), CallError> {
        let mut request = lane
            .client()
            .request(self.method.clone(), self.url.clone())
            .header(AUTHORIZATION, self.auth.clone())
            .header(ACCEPT, self.accept.clone())
            .timeout(deadline.saturating_duration_since(tokio::time::Instant::now()));
        if let Some(body) = &self.body {
            request = request
                .header(CONTENT_TYPE, JSON.clone())
                .body(body.clone());
        }
        let response = request.send().await.map_err(|e| transport_error(&e))?;
        let status = response.status().as_u16();
        let limit = self.max_response_bytes;
        let too_large = |announced| CallError::TooLarge {
            status,
            limit,
            announced,
        };
        if (200..300).contains(&status) {
            let kind = body_kind(response.headers());
            let body = body::read(response, limit).await.map_err(|cut| match cut {
                Cut::TooLarge { announced } => too_large(announced),
                Cut::Broken { error, .. } => transport_error(&error),
            })?;
            Ok((status, body, kind))
        } else {
            let headers = response.headers().clone();
            let body = match body::read(response, limit).await {
                Ok(body) => body,
                // A truncated error page must still raise the exception of its status.
                Err(Cut::Broken { partial, .. }) => partial,
                Err(Cut::TooLarge { announced }) => return Err(too_large(announced)),
            };
            Err(CallError::Status {
                status,
                headers,
                body,
            })
        }
    }
}

/// A server that speaks HTTP/2 only refuses an HTTP/1.1-only client in one
/// of two ways. If it enforces ALPN, the TLS handshake ends with a
/// `no_application_protocol` alert. If not, the request gets HTTP/2 frames
/// back: hyper rejects them as a status line ("invalid HTTP version"), or,
/// when they arrive before the request was written, cancels the request
/// ("unexpected message"). Either way the server processed no request.
/// Other servers may send such bytes too (a 408 on an idle connection), so
/// the attempt that follows confirms over ALPN.
pub fn refuses_http1(error: &CallError) -> bool {
    const SIGNS: [&str; 3] = [
        "NoApplicationProtocol",
        "invalid HTTP version parsed",
        "received unexpected message from connection",
    ];
    matches!(error, CallError::Connection { message, .. } if SIGNS.iter().any(|sign| message.contains(sign)))
}

/// reqwest marks failures of the connect phase (TCP connect, TLS handshake,
/// connect timeout) with `is_connect`: nothing was sent then.
fn transport_error(err: &reqwest::Error) -> CallError {
    let message = describe(err);
    let unsent = err.is_connect();
    if err.is_timeout() {
        let phase = if unsent {
            "connecting"
        } else {
            "waiting for the response"
        };
        CallError::Timeout {
            message: format!("timed out {phase}: {message}"),
            unsent,
        }
    } else {
        CallError::Connection { message, unsent }
    }
}

/// What the lane of an attempt learns from its outcome.
fn attempt_end<T>(answer: &Result<T, CallError>) -> AttemptEnd {
    match answer {
        Ok(_) | Err(CallError::Status { .. }) => AttemptEnd::Answered,
        Err(CallError::Timeout { unsent: false, .. }) => AttemptEnd::TimedOutAfterSending,
        Err(_) => AttemptEnd::Failed,
    }
}

fn body_kind(headers: &HeaderMap) -> BodyKind {
    match headers.get(CONTENT_TYPE).map(|v| v.as_bytes()) {
        None => BodyKind::Unknown,
        Some(value) if value.windows(4).any(|w| w.eq_ignore_ascii_case(b"json")) => BodyKind::Json,
        Some(value) if is_binary(value) => BodyKind::Binary,
        Some(_) => BodyKind::Text,
    }
}

/// Archives and opaque files (a trace's zipped log, which EMQX sends as
/// `application/x-zip`): bytes that must not be decoded as text.
fn is_binary(content_type: &[u8]) -> bool {
    let essence = content_type
        .split(|&b| b == b';')
        .next()
        .unwrap_or_default();
    let essence = essence.trim_ascii();
    [
        &b"application/octet-stream"[..],
        b"application/zip",
        b"application/x-zip",
        b"application/x-zip-compressed",
    ]
    .iter()
    .any(|binary| essence.eq_ignore_ascii_case(binary))
}
