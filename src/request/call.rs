//! One API call: attempts, retries with backoff, and reading the answer.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue};
use reqwest::{Method, Url};

use crate::request::body::{self, Cut};

use crate::client::build::describe;
use crate::client::pool::{AttemptEnd, Lane, Pool, Route};
use crate::client::server_protocol::Known;
use crate::client::slots::MAX_IN_FLIGHT;
use crate::request::errors::{CallError, Failed};
use crate::request::logging::{CallLog, DEBUG, INFO};
use crate::request::retry::{self, Decision, Failure};
use crate::rt::runtime;

/// Everything needed to send a request, prepared while holding the GIL.
#[derive(Clone)]
pub struct Call {
    /// The clients and request slots (see `slots`) the call goes through.
    pub pool: Arc<Pool>,
    pub route: Route,
    pub auth: HeaderValue,
    pub method: Method,
    pub url: Url,
    pub body: Option<Bytes>,
    pub timeout: Duration,
    pub max_retries: u32,
    /// The largest body read, of any status (see `body`).
    pub max_response_bytes: usize,
    /// The Python logger's level when the call was made (see `logging`).
    pub log_level: i32,
}

/// How a call ended, and what it logged on the way: the thread that hands
/// the result to Python emits the records (see `logging`).
pub struct Finished {
    pub result: Result<Success, Failed>,
    pub log: CallLog,
}

/// A 2xx answer, decoded later with the GIL held.
pub struct Success {
    pub body: Bytes,
    /// What the `Content-Type` says the body is.
    pub kind: BodyKind,
    pub method: Method,
    pub url: Url,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyKind {
    /// Declared JSON: a body that does not parse is an error.
    Json,
    /// No content type: JSON if it parses, else text.
    Unknown,
    /// Declared something else (text/plain, HTML): returned as text.
    Text,
}

static JSON: HeaderValue = HeaderValue::from_static("application/json");

/// How far a call got: kept when it moves to the shared runtime.
#[derive(Clone, Copy)]
struct Progress {
    started: Instant,
    retries_done: u32,
}

/// Where the attempts of a call ended.
enum Ended {
    Done(Result<Success, Failed>),
    /// The server needs HTTP/2, and this call ran on a thread's own runtime,
    /// which must not drive the pool's shared HTTP/2 connection.
    MoveToSharedRuntime(Call, Progress),
}

impl Call {
    pub async fn run(self) -> Finished {
        let mut log = CallLog::new(self.log_level);
        let progress = Progress {
            started: Instant::now(),
            retries_done: 0,
        };
        match self.attempts(progress, &mut log).await {
            Ended::Done(result) => Finished { result, log },
            Ended::MoveToSharedRuntime(call, progress) => {
                call.finish_on_shared_runtime(progress, log).await
            }
        }
    }

    /// The remaining attempts on the shared runtime; the task is aborted if
    /// this future is dropped (Ctrl-C), as the call would have been.
    async fn finish_on_shared_runtime(self, progress: Progress, mut log: CallLog) -> Finished {
        struct AbortOnDrop(tokio::task::AbortHandle);
        impl Drop for AbortOnDrop {
            fn drop(&mut self) {
                self.0.abort();
            }
        }
        let (method, url, level) = (
            self.method.to_string(),
            self.url.to_string(),
            self.log_level,
        );
        let task = runtime::runtime().spawn(async move {
            let result = match self.attempts(progress, &mut log).await {
                Ended::Done(result) => result,
                Ended::MoveToSharedRuntime(..) => unreachable!("only thread-client calls move"),
            };
            Finished { result, log }
        });
        let _abort = AbortOnDrop(task.abort_handle());
        match task.await {
            Ok(finished) => finished,
            Err(err) if err.is_panic() => std::panic::resume_unwind(err.into_panic()),
            // Only when the runtime shuts down, at exit.
            Err(_) => Finished {
                result: Err(Failed {
                    method,
                    url,
                    error: CallError::Connection {
                        message: "the SDK's runtime shut down".to_owned(),
                        unsent: false,
                    },
                }),
                log: CallLog::new(level),
            },
        }
    }

    async fn attempts(mut self, mut progress: Progress, log: &mut CallLog) -> Ended {
        let started = progress.started;
        loop {
            let retries_done = progress.retries_done;
            if matches!(self.route, Route::ThreadClient(_))
                && self.pool.protocol.known() == Known::NeedsHttp2
            {
                self.route = Route::Sequential;
                return Ended::MoveToSharedRuntime(self, progress);
            }
            let attempt_started = Instant::now();
            let error = match self.attempt().await {
                Ok((status, body, kind)) => {
                    log.record(DEBUG, || {
                        format!(
                            "{} {} -> {status} in {:.1} ms{}",
                            self.method,
                            self.url.path(),
                            ms(attempt_started),
                            retries_note(retries_done)
                        )
                    });
                    return Ended::Done(Ok(Success {
                        body,
                        kind,
                        method: self.method,
                        url: self.url,
                    }));
                }
                Err(error) => error,
            };
            // Once per call (the route changes), so this never loops.
            if !matches!(self.route, Route::AfterHttp1Refused) && refuses_http1(&error) {
                log.record(DEBUG, || {
                    format!(
                        "{} {}: the server did not take HTTP/1.1 ({}); \
                         sending again over a negotiated protocol",
                        self.method,
                        self.url.path(),
                        short(&error)
                    )
                });
                // Not processed, so sent again at once, and not as a retry.
                let on_thread_client = matches!(self.route, Route::ThreadClient(_));
                self.route = Route::AfterHttp1Refused;
                if on_thread_client {
                    return Ended::MoveToSharedRuntime(self, progress);
                }
                continue;
            }
            let failure = match &error {
                CallError::Status {
                    status, headers, ..
                } => Failure::Status(*status, headers),
                // A certificate problem will not fix itself on a second try.
                // rustls' error is wrapped in io errors whose `source()` skips
                // it, so the rendered chain is the reliable place to look.
                CallError::Connection { message, .. } if message.contains("certificate") => {
                    return Ended::Done(Err(self.fail(log, error, started, retries_done)));
                }
                CallError::Connection { unsent: true, .. }
                | CallError::Timeout { unsent: true, .. } => Failure::NotSent,
                CallError::Connection { .. } | CallError::Timeout { .. } => Failure::MaybeSent,
                CallError::InvalidJson { .. } | CallError::TooLarge { .. } => {
                    return Ended::Done(Err(self.fail(log, error, started, retries_done)));
                }
            };
            match retry::decide(&self.method, retries_done, self.max_retries, failure) {
                Decision::GiveUp => {
                    return Ended::Done(Err(self.fail(log, error, started, retries_done)));
                }
                Decision::RetryAfter(wait) => {
                    let retries_done = retries_done + 1;
                    progress.retries_done = retries_done;
                    log.record(INFO, || {
                        format!(
                            "{} {} failed ({}); retry {} of {} in {:.2} s",
                            self.method,
                            self.url.path(),
                            short(&error),
                            retries_done,
                            self.max_retries,
                            wait.as_secs_f64()
                        )
                    });
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }

    /// One attempt, in one of the pool's request slots (the wait for it
    /// counts toward the attempt's timeout).
    async fn attempt(&self) -> Result<(u16, Bytes, BodyKind), CallError> {
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
            .header(ACCEPT, JSON.clone())
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

    fn fail(
        &self,
        log: &mut CallLog,
        error: CallError,
        started: Instant,
        retries_done: u32,
    ) -> Failed {
        log.record(INFO, || {
            format!(
                "{} {} failed after {:.1} ms{}: {}",
                self.method,
                self.url.path(),
                ms(started),
                retries_note(retries_done),
                short(&error)
            )
        });
        Failed {
            method: self.method.to_string(),
            url: self.url.to_string(),
            error,
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
fn refuses_http1(error: &CallError) -> bool {
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
        Some(_) => BodyKind::Text,
    }
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

fn retries_note(retries_done: u32) -> String {
    if retries_done == 0 {
        String::new()
    } else {
        format!(" after {retries_done} retries")
    }
}

fn short(error: &CallError) -> String {
    match error {
        CallError::Status { status, .. } => format!("status {status}"),
        CallError::Connection { message, .. } | CallError::Timeout { message, .. } => {
            message.clone()
        }
        CallError::TooLarge { limit, .. } => format!("body over max_response_bytes={limit}"),
        CallError::InvalidJson { reason, .. } => format!("invalid JSON: {reason}"),
    }
}
