//! The Deployment API's one route table: every endpoint, its handler, and
//! whether Serverless deployments serve it, one module per group of
//! endpoints. Adding an endpoint is one line in its group plus its handler.
//!
//! On the real dashboard listener, cowboy's router runs first: a path no route
//! matches goes to the not-found handler (404 `NOT_FOUND` "Request Path Not Found",
//! no credentials needed). A matched route goes to minirest, which answers a method
//! the route does not serve with `405`, an empty body and an `allow` header, also
//! before it authenticates (`minirest_handler:handle/2`); only then does it check
//! the API key.
//!
//! The table lists every route the emulator serves, each with all the methods the
//! real route has (from `ee-en.json`), so a real method the emulator does not
//! emulate still gets past this check and answers 404 from [`not_emulated`],
//! never a misleading 405.
//!
//! Serverless deployments answer only what the Serverless docs list (section
//! 4.2 of the reference): built-in-database users and authorization rules,
//! clients and their (un)subscriptions, subscriptions, publish. Those entries
//! are marked [`Handler::serverless`]; anything else is the 404 of an unknown
//! path there.

mod access;
mod clients;
mod integration;
mod mqtt;
mod observe;

use std::sync::LazyLock;

use crate::model::deployment::broker::Broker;
use crate::rest::errors::{Reply, path_not_found};
use crate::rest::request::Req;
use crate::rest::routing::Endpoint;

/// What an endpoint runs, with the broker locked.
pub(crate) type Run = fn(&mut Broker, &Req<'_>) -> Reply;

#[derive(Clone)]
pub(crate) struct Handler {
    /// Serverless deployments serve this endpoint too.
    pub serverless: bool,
    /// Answered without credentials (`/status`, `/error_codes`).
    pub public: bool,
    /// A Prometheus scrape: public until `enable_basic_auth` is turned on.
    pub scrape: bool,
    pub run: Run,
}

const fn endpoint(method: &'static str, path: &'static str, run: Run) -> Endpoint<Handler> {
    Endpoint {
        method,
        path,
        handler: Handler {
            serverless: false,
            public: false,
            scrape: false,
            run,
        },
    }
}

const fn get(path: &'static str, run: Run) -> Endpoint<Handler> {
    endpoint("GET", path, run)
}

const fn post(path: &'static str, run: Run) -> Endpoint<Handler> {
    endpoint("POST", path, run)
}

const fn put(path: &'static str, run: Run) -> Endpoint<Handler> {
    endpoint("PUT", path, run)
}

const fn delete(path: &'static str, run: Run) -> Endpoint<Handler> {
    endpoint("DELETE", path, run)
}

/// Marks an endpoint as one Serverless deployments serve too.
const fn serverless(mut e: Endpoint<Handler>) -> Endpoint<Handler> {
    e.handler.serverless = true;
    e
}

/// Marks an endpoint the real server answers without authentication.
const fn public(mut e: Endpoint<Handler>) -> Endpoint<Handler> {
    e.handler.public = true;
    e
}

/// Marks a Prometheus scrape: public unless the settings ask for credentials.
const fn prometheus_scrape(mut e: Endpoint<Handler>) -> Endpoint<Handler> {
    e.handler.public = true;
    e.handler.scrape = true;
    e
}

/// A method the real route has and the emulator does not emulate.
fn not_emulated(_: &mut Broker, _: &Req<'_>) -> Reply {
    Err(path_not_found())
}

/// Paths below `/api/v5`: every group's endpoints.
pub(crate) static ENDPOINTS: LazyLock<Vec<Endpoint<Handler>>> = LazyLock::new(|| {
    [
        clients::ENDPOINTS,
        access::ENDPOINTS,
        integration::ENDPOINTS,
        observe::ENDPOINTS,
        mqtt::ENDPOINTS,
    ]
    .concat()
});
