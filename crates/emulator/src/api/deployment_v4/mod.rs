//! The Deployment API of a Dedicated deployment on EMQX 4 (`/api`, no version
//! segment): the handlers of each group, and [`routes`], the one table that
//! routes a request and names its handler. Answers are EMQX 4's: HTTP 200
//! with an integer `code` (see `rest::v4`).

mod acl;
mod auth;
mod banned;
mod clients;
mod metrics;
mod mqtt;
mod routes;
mod rule_engine;
mod shadows;
#[cfg(test)]
mod tests;

use axum::body::Body;
use http::Response;

use crate::model::deployment::broker::Broker;
use crate::rest::request::Req;
use crate::rest::routing::{self, Endpoint, Found, Refusal};
use crate::rest::v4::render;
use routes::ENDPOINTS;
pub(crate) use routes::Handler;

/// Finds the endpoint for `method` on `segs` (below `/api`).
pub(crate) fn route<'s>(
    method: &str,
    segs: &[&'s str],
) -> Result<Found<'static, 's, Handler>, Refusal> {
    routing::route(ENDPOINTS, method, segs)
}

/// Runs the endpoint and renders its answer in the v4 shape.
pub(crate) fn answer(
    endpoint: &Endpoint<Handler>,
    broker: &mut Broker,
    req: &Req<'_>,
) -> Response<Body> {
    let handler = &endpoint.handler;
    render((handler.run)(broker, req), handler.with_code)
}
