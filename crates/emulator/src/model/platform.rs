//! Platform-side state: projects, deployments with their lifecycle, TLS certificates
//! and the rate-limit counters.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use indexmap::IndexMap;
use serde_json::{Value, json};

use crate::vocab::config::EmulatorConfig;
use crate::vocab::deployment::DeploymentKind;

#[derive(Debug, Clone)]
pub(crate) struct Project {
    pub id: String,
    pub name: String,
    pub description: String,
}

impl Project {
    pub fn to_json(&self) -> Value {
        json!({"projectID": self.id, "projectName": self.name, "description": self.description})
    }
}

/// Where a deployment is in its lifecycle. Transitions settle lazily when read, so
/// no background task is needed.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Phase {
    Stable(&'static str),
    Moving {
        shown: &'static str,
        target: &'static str,
        until: Instant,
    },
}

#[derive(Debug, Clone)]
pub(crate) struct TlsCert {
    pub tls_type: String,
    pub expire: String,
    /// `pending` until then, `running` after.
    pub pending_until: Option<Instant>,
}

impl TlsCert {
    pub fn to_json(&self, now: Instant) -> Value {
        let status = match self.pending_until {
            Some(t) if now < t => "pending",
            _ => "running",
        };
        json!({"tlsType": self.tls_type, "expire": self.expire, "status": status})
    }
}

#[derive(Debug, Clone)]
pub(crate) struct PlatformDeployment {
    pub id: String,
    pub name: String,
    pub kind: DeploymentKind,
    pub project_name: String,
    pub platform: String,
    pub region: String,
    pub connections: u64,
    pub tps: u64,
    pub version: String,
    pub create_at: String,
    pub phase: Phase,
    pub tls: Option<TlsCert>,
}

impl PlatformDeployment {
    pub fn status(&mut self, now: Instant) -> &'static str {
        match self.phase {
            Phase::Stable(s) => s,
            Phase::Moving { target, until, .. } if now >= until => {
                self.phase = Phase::Stable(target);
                target
            }
            Phase::Moving { shown, .. } => shown,
        }
    }

    /// The object of `GET /deployments/{id}` and of each `GET /deployments` item
    /// (the newer docs' fields: `tps`, `projectName`, `version` included).
    pub fn settle_json(&mut self, now: Instant) -> Value {
        let status = self.status(now);
        json!({
            "connections": self.connections,
            "createAt": self.create_at,
            "deploymentID": self.id,
            "deploymentName": self.name,
            "deploymentType": self.kind.as_str(),
            "platform": self.platform,
            "projectName": self.project_name,
            "region": self.region,
            "status": status,
            "tps": self.tps,
            "version": self.version,
        })
    }
}

/// Which limit a call counts against: the method and path template of a
/// limited endpoint (`("POST", "deployments/{id}/tls")`).
pub(crate) type Counter = (&'static str, &'static str);

/// Sliding-window counters per (limit, deployment id).
#[derive(Debug, Default)]
pub(crate) struct RateLimiter {
    hits: HashMap<(Counter, String), VecDeque<Instant>>,
}

impl RateLimiter {
    /// Records a call; `false` when it would exceed `limit` calls per `window`.
    pub fn allow(
        &mut self,
        counter: Counter,
        scope: &str,
        limit: usize,
        window: Duration,
        now: Instant,
    ) -> bool {
        let q = self.hits.entry((counter, scope.to_owned())).or_default();
        while q.front().is_some_and(|t| now.duration_since(*t) >= window) {
            q.pop_front();
        }
        if q.len() >= limit {
            return false;
        }
        q.push_back(now);
        true
    }
}

pub(crate) struct PlatformState {
    pub projects: Vec<Project>,
    pub deployments: IndexMap<String, PlatformDeployment>,
    pub limiter: RateLimiter,
    pub transition: Duration,
    pub rate_limits: bool,
    pub window: Duration,
}

impl PlatformState {
    pub fn new(
        projects: Vec<Project>,
        deployments: IndexMap<String, PlatformDeployment>,
        config: &EmulatorConfig,
    ) -> Self {
        Self {
            projects,
            deployments,
            limiter: RateLimiter::default(),
            transition: config.transition,
            rate_limits: config.rate_limits,
            window: config.rate_limit_window,
        }
    }

    /// The status of deployment `id` when it is not `running` (settling a
    /// finished transition first).
    pub fn status_unless_running(&mut self, id: &str, now: Instant) -> Option<&'static str> {
        match self.deployments.get_mut(id).map(|d| d.status(now)) {
            None | Some("running") => None,
            status => status,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sliding_window() {
        const X: Counter = ("GET", "x");
        let mut l = RateLimiter::default();
        let t0 = Instant::now();
        let w = Duration::from_secs(10);
        assert!(l.allow(X, "a", 2, w, t0));
        assert!(l.allow(X, "a", 2, w, t0));
        assert!(!l.allow(X, "a", 2, w, t0));
        assert!(l.allow(X, "b", 2, w, t0), "scopes are separate");
        assert!(l.allow(X, "a", 2, w, t0 + w), "old hits expire");
    }
}
