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
//! emulate still gets past this check and answers 404 from `route_entry::not_emulated`,
//! never a misleading 405.
//!
//! Serverless deployments answer only what the Serverless docs list (section
//! 4.2 of the reference): built-in-database users and authorization rules,
//! clients and their (un)subscriptions, subscriptions, publish. Those entries
//! are marked `serverless` (see `route_entry`); anything else is the 404 of an unknown
//! path there.

mod access;
mod clients;
mod integration;
mod mqtt;
mod observe;

use std::sync::LazyLock;

use crate::api::deployment::route_entry::Handler;
use crate::rest::routing::Endpoint;

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
