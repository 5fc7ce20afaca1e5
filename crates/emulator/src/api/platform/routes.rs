//! The Platform API's one route table: every endpoint, its documented rate
//! limit and its handler. Adding an endpoint is one line here plus its
//! handler.
//!
//! Routing comes before authentication, as on the Deployment API (see
//! [`crate::rest::routing`]): an unknown path is `404`, a known path with
//! another method `405`, whatever the credentials; only a known route and
//! method goes on to the Basic auth check. The EMQX Cloud docs do not say in
//! which order the Platform API checks these; answering like the Deployment
//! API keeps the emulator consistent, and a wrong path is reported as such
//! even when the credentials are wrong too.

use std::time::Instant;

use super::{deployments, projects, tls};
use crate::model::platform::PlatformState;
use crate::rest::errors::{Reply, path_not_found};
use crate::rest::request::Req;
use crate::rest::routing::Endpoint;

/// What a Platform handler works on.
pub(crate) struct Ctx<'a> {
    pub state: &'a mut PlatformState,
    pub now: Instant,
    /// Called with the id of a deployment the request stops, so its broker
    /// can go down with it.
    pub on_stop: &'a mut dyn FnMut(&str),
}

/// What an endpoint runs, with the Platform state locked.
pub(crate) type Run = fn(&mut Ctx<'_>, &Req<'_>) -> Reply;

pub(crate) struct Handler {
    /// The documented limit: calls per 60-minute window, per deployment when
    /// the path names one.
    pub limit: Option<usize>,
    pub run: Run,
}

/// GET endpoints: 60 requests per 60 minutes each.
const GET_LIMIT: usize = 60;
/// Each TLS write: 6 requests per 60 minutes.
const TLS_WRITE_LIMIT: usize = 6;
/// Start and stop: once per 60 minutes each.
const START_STOP_LIMIT: usize = 1;

const fn endpoint(
    method: &'static str,
    path: &'static str,
    limit: usize,
    run: Run,
) -> Endpoint<Handler> {
    Endpoint {
        method,
        path,
        handler: Handler {
            limit: Some(limit),
            run,
        },
    }
}

/// A method the docs mention and the emulator does not emulate: it is
/// routed, so it answers 404 rather than a 405 that would say the method
/// does not exist.
const fn not_emulated(method: &'static str, path: &'static str) -> Endpoint<Handler> {
    Endpoint {
        method,
        path,
        handler: Handler {
            limit: None,
            run: |_, _| Err(path_not_found()),
        },
    }
}

/// Paths below `/platform`.
pub(crate) const ENDPOINTS: &[Endpoint<Handler>] = &[
    endpoint("GET", "projects", GET_LIMIT, |p, _| projects::list(p.state)),
    endpoint("GET", "deployments", GET_LIMIT, |p, _| {
        deployments::list(p.state, p.now)
    }),
    // `POST /deployments` (create) is mentioned by the docs without a
    // request schema; it is deliberately not emulated.
    not_emulated("POST", "deployments"),
    endpoint("GET", "deployments/{id}", GET_LIMIT, |p, r| {
        deployments::get(p.state, r.param("id"), p.now)
    }),
    endpoint(
        "POST",
        "deployments/{id}/start",
        START_STOP_LIMIT,
        |p, r| deployments::start(p.state, r.param("id"), p.now),
    ),
    endpoint("POST", "deployments/{id}/stop", START_STOP_LIMIT, |p, r| {
        deployments::stop(p.state, r.param("id"), p.now, p.on_stop)
    }),
    endpoint("GET", "deployments/{id}/tls", GET_LIMIT, |p, r| {
        tls::get(p.state, r.param("id"), p.now)
    }),
    endpoint("POST", "deployments/{id}/tls", TLS_WRITE_LIMIT, |p, r| {
        tls::create(p.state, r.param("id"), r, p.now)
    }),
    endpoint("PUT", "deployments/{id}/tls", TLS_WRITE_LIMIT, |p, r| {
        tls::update(p.state, r.param("id"), r, p.now)
    }),
    endpoint("DELETE", "deployments/{id}/tls", TLS_WRITE_LIMIT, |p, r| {
        tls::delete(p.state, r.param("id"))
    }),
];
