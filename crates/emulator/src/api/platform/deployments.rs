//! Deployments: list, get, start, stop. Start and stop answer 201 with the
//! documented operation body and move the status through `starting`/`stopping`
//! over the configured transition time; calling them in the wrong state is a 422.
//! A stop also takes the deployment's broker down (`model::deployment::shutdown`).

use std::time::Instant;

use http::StatusCode;
use serde_json::{Value, json};

use super::errors::{deployment_not_found, unprocessable};
use crate::model::platform::{Phase, PlatformState};
use crate::rest::errors::{Reply, json_response, ok};

pub(crate) fn list(platform: &mut PlatformState, now: Instant) -> Reply {
    ok(Value::Array(
        platform
            .deployments
            .values_mut()
            .map(|d| d.settle_json(now))
            .collect(),
    ))
}

pub(crate) fn get(platform: &mut PlatformState, id: &str, now: Instant) -> Reply {
    let d = platform
        .deployments
        .get_mut(id)
        .ok_or_else(deployment_not_found)?;
    ok(d.settle_json(now))
}

pub(crate) fn start(platform: &mut PlatformState, id: &str, now: Instant) -> Reply {
    transition(platform, id, now, "stopped", "starting", "running")
}

/// The clients go as soon as the stop is accepted, while `stopping`: from then
/// on the deployment answers 503 and accepts no connection (see
/// `api::deployment::availability`), as a cluster shutting down would.
pub(crate) fn stop(
    platform: &mut PlatformState,
    id: &str,
    now: Instant,
    on_stop: &mut dyn FnMut(&str),
) -> Reply {
    let reply = transition(platform, id, now, "running", "stopping", "stopped")?;
    on_stop(id);
    Ok(reply)
}

fn transition(
    platform: &mut PlatformState,
    id: &str,
    now: Instant,
    from: &'static str,
    shown: &'static str,
    target: &'static str,
) -> Reply {
    let until = now + platform.transition;
    let d = platform
        .deployments
        .get_mut(id)
        .ok_or_else(deployment_not_found)?;
    let status = d.status(now);
    if status != from {
        return Err(unprocessable(format!(
            "Deployment {id} is {status}; it must be {from} to be {}",
            if target == "running" {
                "started"
            } else {
                "stopped"
            }
        )));
    }
    d.phase = Phase::Moving {
        shown,
        target,
        until,
    };
    let body = json!({"deploymentID": d.id, "deploymentName": d.name, "operation": shown});
    Ok(json_response(StatusCode::CREATED, &body))
}
