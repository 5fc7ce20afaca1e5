//! The Deployment API (EMQX 5, `/api/v5`) of one deployment: the handlers of
//! each group, and [`routes`], the one table that routes a request and names
//! the handler that answers it.

mod alarms;
mod authenticators;
mod authn;
mod authn_config;
mod authz;
mod authz_sources;
mod availability;
mod banned;
mod chain_api;
mod client_queues;
mod clients;
mod connector_fields;
mod connectors;
mod delayed;
mod integration;
mod listeners;
mod metrics;
mod monitor;
mod mqtt_settings;
mod opentelemetry;
mod pipeline;
mod prometheus;
mod publish;
mod retainer;
mod route_entry;
mod routes;
mod rule_engine;
mod rules;
mod schema_registry;
mod settings_check;
mod slow_subs;
mod status;
mod subscriptions;
#[cfg(test)]
mod tests;
mod topic_metrics;
mod trace;

pub(crate) use availability::ensure_running;

use crate::rest::routing::{self, Found, Refusal};
use crate::vocab::deployment::DeploymentKind;
pub(crate) use route_entry::Handler;
use routes::ENDPOINTS;

/// Finds the endpoint for `method` on `segs` (below `/api/v5`) as the real
/// server routes before it checks credentials: see [`routes`]. On a
/// Serverless deployment, anything the Serverless docs do not list is an
/// unknown path (404, never 405).
pub(crate) fn route<'s>(
    kind: DeploymentKind,
    method: &str,
    segs: &[&'s str],
) -> Result<Found<'static, 's, Handler>, Refusal> {
    let found = routing::route(&ENDPOINTS, method, segs);
    match found {
        Ok(f) if kind == DeploymentKind::Serverless && !f.endpoint.handler.serverless => {
            Err(Refusal::NotFound)
        }
        Err(_) if kind == DeploymentKind::Serverless => Err(Refusal::NotFound),
        other => other,
    }
}
