//! The Platform API (section 4.1 of the reference): projects, deployments, TLS
//! certificates, behind the Platform key and its documented rate limits.
//!
//! The Platform API's error body is not documented; the emulator uses the EMQX
//! shape `{"code", "message"}` with `NOT_FOUND`, `UNPROCESSABLE_ENTITY` (422) and
//! `TOO_MANY_REQUESTS` (429).

mod deployments;
mod errors;
mod projects;
mod routes;
#[cfg(test)]
mod tests;
mod tls;

use std::time::Instant;

use http::StatusCode;

use crate::model::platform::PlatformState;
use crate::rest::errors::{ApiError, Reply};
use crate::rest::request::Req;
use crate::rest::routing::{self, Endpoint, Found, Refusal};
pub(crate) use routes::Handler;
use routes::{Ctx, ENDPOINTS};

/// Finds the endpoint for `method` on `segs` (below `/platform`) before
/// credentials are checked: see [`routes`].
pub(crate) fn route<'s>(
    method: &str,
    segs: &[&'s str],
) -> Result<Found<'static, 's, Handler>, Refusal> {
    routing::route(ENDPOINTS, method, segs)
}

/// Answers a request for `endpoint` whose credentials were checked: its rate
/// limit first, then its handler. `on_stop` is called with the id of a
/// deployment this request stops, so its broker can go down with it.
pub(crate) fn answer(
    endpoint: &Endpoint<Handler>,
    state: &mut PlatformState,
    req: &Req<'_>,
    on_stop: &mut dyn FnMut(&str),
) -> Reply {
    let now = Instant::now();
    if let Some(calls) = endpoint.handler.limit
        && state.rate_limits
    {
        // Limits count per deployment where the path names one.
        let scope = req.params.first().map_or("", |(_, id)| *id);
        let window = state.window;
        let counter = (endpoint.method, endpoint.path);
        if !state.limiter.allow(counter, scope, calls, window, now) {
            // The limit itself is the SDK's to state (from the docs), once.
            return Err(ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "TOO_MANY_REQUESTS",
                "Request exceeds the limit",
            ));
        }
    }
    let mut ctx = Ctx {
        state,
        now,
        on_stop,
    };
    (endpoint.handler.run)(&mut ctx, req)
}
