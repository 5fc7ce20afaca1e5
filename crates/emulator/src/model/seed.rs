//! The seeded world: two projects and three deployments (`[0]` dedicated v5,
//! `[1]` serverless, `[2]` dedicated on EMQX 4), with ids and credentials drawn once per emulator so `reset()` can
//! rebuild exactly the same state.

use time::Duration;

use crate::model::platform::{PlatformDeployment, PlatformState, Project, TlsCert};
use crate::util::timefmt;
use crate::vocab::config::EmulatorConfig;
use crate::vocab::deployment::{DeploymentInfo, DeploymentKind};

pub(crate) struct Seed {
    pub projects: Vec<Project>,
    pub deployments: Vec<DeploymentInfo>,
    create_at: Vec<String>,
}

impl Seed {
    pub fn generate(base_url: &str) -> Self {
        let projects = vec![
            Project {
                id: "default".into(),
                name: "Default Project".into(),
                description: "Default project for all deployments".into(),
            },
            Project {
                id: crate::util::ids::project_id(),
                name: "IoT Project".into(),
                description: "Project for IoT devices".into(),
            },
        ];
        let kinds = [
            (DeploymentKind::Dedicated, 0usize),
            (DeploymentKind::Serverless, 1usize),
            (DeploymentKind::DedicatedV4, 0usize),
        ];
        let deployments = kinds
            .iter()
            .map(|&(kind, project)| {
                let id = crate::util::ids::deployment_id();
                DeploymentInfo {
                    name: format!("deployment-{id}"),
                    // EMQX 4's documented base has no version segment.
                    base_url: if kind.is_v4() {
                        format!("{base_url}/deployments/{id}/api")
                    } else {
                        format!("{base_url}/deployments/{id}/api/v5")
                    },
                    kind,
                    app_id: crate::util::ids::key(),
                    app_secret: crate::util::ids::secret(),
                    project_id: projects[project].id.clone(),
                    project_name: projects[project].name.clone(),
                    id,
                }
            })
            .collect();
        let now = timefmt::now();
        let create_at = vec![
            timefmt::platform_minutes(now - Duration::days(30)),
            timefmt::platform_minutes(now - Duration::days(7)),
            timefmt::platform_minutes(now - Duration::days(90)),
        ];
        Self {
            projects,
            deployments,
            create_at,
        }
    }

    pub fn platform_state(&self, config: &EmulatorConfig) -> PlatformState {
        let deployments = self
            .deployments
            .iter()
            .zip(&self.create_at)
            .map(|(info, create_at)| {
                let dedicated = info.kind != DeploymentKind::Serverless;
                let tls = dedicated.then(|| TlsCert {
                    tls_type: "one-way".into(),
                    expire: timefmt::platform_seconds(timefmt::now() + Duration::days(365)),
                    pending_until: None,
                });
                let d = PlatformDeployment {
                    id: info.id.clone(),
                    name: info.name.clone(),
                    kind: info.kind,
                    project_name: info.project_name.clone(),
                    platform: "AWS".into(),
                    region: "N. Virginia (us-east-1)".into(),
                    connections: 1000,
                    tps: 1000,
                    version: info.kind.version().into(),
                    create_at: create_at.clone(),
                    phase: crate::model::platform::Phase::Stable("running"),
                    tls,
                };
                (info.id.clone(), d)
            })
            .collect();
        PlatformState::new(self.projects.clone(), deployments, config)
    }
}
