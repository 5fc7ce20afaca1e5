//! The seeded deployments: their kind and how to reach them.

use std::fmt;

use serde_json::{Value, json};

/// The three deployment flavours the emulator serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeploymentKind {
    /// Dedicated v5: the whole EMQX 5 REST API.
    Dedicated,
    /// Serverless: only the endpoints the Serverless docs list; others answer 404.
    Serverless,
    /// Dedicated on EMQX 4: the v4 Deployment API (`/api`, integer `code` bodies).
    DedicatedV4,
}

/// The EMQX version a Dedicated v4 deployment reports on the Platform API.
pub const V4_VERSION: &str = "4.4.21";

impl DeploymentKind {
    /// `"dedicated"` or `"serverless"`, as in the Platform API's `deploymentType`
    /// (a v4 deployment is a Dedicated one; its `version` tells them apart).
    pub fn as_str(self) -> &'static str {
        match self {
            DeploymentKind::Dedicated | DeploymentKind::DedicatedV4 => "dedicated",
            DeploymentKind::Serverless => "serverless",
        }
    }

    /// The Platform API's `version`: `"v5"`, or the EMQX 4.4 release of a v4 deployment.
    pub fn version(self) -> &'static str {
        match self {
            DeploymentKind::DedicatedV4 => V4_VERSION,
            _ => "v5",
        }
    }

    /// Whether the Deployment API is EMQX 4's (`/api`) rather than EMQX 5's (`/api/v5`).
    pub fn is_v4(self) -> bool {
        self == DeploymentKind::DedicatedV4
    }
}

/// A seeded deployment and how to reach its Deployment API.
#[derive(Clone, PartialEq, Eq)]
pub struct DeploymentInfo {
    pub id: String,
    pub name: String,
    pub kind: DeploymentKind,
    /// `https://127.0.0.1:PORT/deployments/{id}/api/v5`, or `.../api` for EMQX 4.
    pub base_url: String,
    pub app_id: String,
    pub app_secret: String,
    pub project_id: String,
    pub project_name: String,
}

impl fmt::Debug for DeploymentInfo {
    // The App Secret is never printed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeploymentInfo")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("base_url", &self.base_url)
            .field("app_id", &self.app_id)
            .field("app_secret", &"***")
            .finish()
    }
}

impl DeploymentInfo {
    /// As JSON (`type` is `"dedicated"` or `"serverless"`, `version` is `"v5"` or
    /// a 4.4 release). Contains the App Secret.
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id, "name": self.name, "type": self.kind.as_str(),
            "version": self.kind.version(),
            "base_url": self.base_url, "app_id": self.app_id, "app_secret": self.app_secret,
            "project_id": self.project_id, "project_name": self.project_name,
        })
    }
}
