//! One API call: attempts, retries with backoff, and reading the answer.

mod attempt;

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::HeaderValue;
use reqwest::{Method, Url};

pub use attempt::JSON;
use attempt::refuses_http1;

use crate::client::pool::Pool;
use crate::client::route::Route;
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
    /// The `Accept` header: JSON unless the caller asked for another form
    /// (the Prometheus scrapes answer text to anything but JSON).
    pub accept: HeaderValue,
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
    /// Declared `application/octet-stream` or a zip (`application/zip`,
    /// `application/x-zip`, `application/x-zip-compressed`): returned as bytes.
    Binary,
}

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
            if matches!(self.route, Route::ThreadClient(_)) && !self.pool.thread_client_allowed() {
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
                let on_thread_client =
                    matches!(self.route, Route::ThreadClient(_) | Route::ThreadHttp2(_));
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
                    let wait = retry::scaled(wait);
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
