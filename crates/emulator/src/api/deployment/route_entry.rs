//! One entry of the Deployment API's route table (see `routes`): what it
//! runs, whether Serverless deployments and anonymous callers get it, and the
//! helpers that write an entry in one line.

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

pub(super) const fn endpoint(
    method: &'static str,
    path: &'static str,
    run: Run,
) -> Endpoint<Handler> {
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

pub(super) const fn get(path: &'static str, run: Run) -> Endpoint<Handler> {
    endpoint("GET", path, run)
}

pub(super) const fn post(path: &'static str, run: Run) -> Endpoint<Handler> {
    endpoint("POST", path, run)
}

pub(super) const fn put(path: &'static str, run: Run) -> Endpoint<Handler> {
    endpoint("PUT", path, run)
}

pub(super) const fn delete(path: &'static str, run: Run) -> Endpoint<Handler> {
    endpoint("DELETE", path, run)
}

/// Marks an endpoint as one Serverless deployments serve too.
pub(super) const fn serverless(mut e: Endpoint<Handler>) -> Endpoint<Handler> {
    e.handler.serverless = true;
    e
}

/// Marks an endpoint the real server answers without authentication.
pub(super) const fn public(mut e: Endpoint<Handler>) -> Endpoint<Handler> {
    e.handler.public = true;
    e
}

/// Marks a Prometheus scrape: public unless the settings ask for credentials.
pub(super) const fn prometheus_scrape(mut e: Endpoint<Handler>) -> Endpoint<Handler> {
    e.handler.public = true;
    e.handler.scrape = true;
    e
}

/// A method the real route has and the emulator does not emulate.
pub(super) fn not_emulated(_: &mut Broker, _: &Req<'_>) -> Reply {
    Err(path_not_found())
}
