//! A deployment that is not `running` on the Platform API (`stopped`, or still
//! `stopping` or `starting`) answers its Deployment API with
//! `503 SERVICE_UNAVAILABLE`.
//!
//! The EMQX Cloud docs do not say what a stopped deployment's API answers. A
//! stopped cluster has nothing listening behind the gateway in front of it, so
//! the emulator answers as such a gateway would: 503, with a JSON body in the
//! EMQX `{code, message}` shape that names the deployment and its status.
//!
//! The check runs after routing (404, 405) and authentication (401), the order
//! a running deployment uses, so a caller without the deployment's App ID and
//! App Secret learns nothing about its state; and before the handler, so no
//! request reads or changes the broker while the deployment is down. Its
//! configuration (users, rules, connectors...) is kept and answers again once
//! the deployment is back to `running`; its simulated clients and their
//! sessions went when it stopped (see `shutdown`), and none can connect until
//! then.

use std::time::Instant;

use http::StatusCode;

use crate::model::platform::PlatformState;
use crate::rest::errors::ApiError;
use crate::vocab::error::not_running_message;

/// `Ok` when deployment `id` is running (or unknown to the Platform state,
/// which the seed never produces).
pub(crate) fn ensure_running(
    platform: &mut PlatformState,
    id: &str,
    now: Instant,
) -> Result<(), ApiError> {
    match platform.status_unless_running(id, now) {
        None => Ok(()),
        Some(status) => Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "SERVICE_UNAVAILABLE",
            not_running_message(id, status),
        )),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::model::platform::Phase;
    use crate::model::seed::Seed;
    use crate::vocab::config::EmulatorConfig;

    #[test]
    fn only_a_running_deployment_is_available() {
        let seed = Seed::generate("https://127.0.0.1:1");
        let mut platform = seed.platform_state(&EmulatorConfig::default());
        let id = seed.deployments[0].id.clone();
        let now = Instant::now();
        assert!(ensure_running(&mut platform, &id, now).is_ok());

        let set = |p: &mut PlatformState, phase| {
            if let Some(d) = p.deployments.get_mut(&id) {
                d.phase = phase;
            }
        };
        set(&mut platform, Phase::Stable("stopped"));
        let e = ensure_running(&mut platform, &id, now).unwrap_err();
        assert_eq!(
            (e.status.as_u16(), e.code, e.message.as_str()),
            (
                503,
                "SERVICE_UNAVAILABLE",
                format!("deployment {id} is not running (status: stopped)").as_str()
            )
        );

        let until = now + Duration::from_secs(1);
        set(
            &mut platform,
            Phase::Moving {
                shown: "starting",
                target: "running",
                until,
            },
        );
        let e = ensure_running(&mut platform, &id, now).unwrap_err();
        assert!(e.message.ends_with("(status: starting)"), "{}", e.message);
        assert!(
            ensure_running(&mut platform, &id, until).is_ok(),
            "available once the start has settled"
        );
    }
}
