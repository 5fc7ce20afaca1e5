//! The seeded deployments: their kind and how to reach them.

use std::fmt;

use serde_json::{Value, json};

/// The two deployment flavours the emulator serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeploymentKind {
    /// Dedicated v5: the whole EMQX 5 REST API.
    Dedicated,
    /// Serverless: only the endpoints the Serverless docs list; others answer 404.
    Serverless,
}

impl DeploymentKind {
    /// `"dedicated"` or `"serverless"`, as in the Platform API's `deploymentType`.
    pub fn as_str(self) -> &'static str {
        match self {
            DeploymentKind::Dedicated => "dedicated",
            DeploymentKind::Serverless => "serverless",
        }
    }
}

/// A seeded deployment and how to reach its Deployment API.
#[derive(Clone, PartialEq, Eq)]
pub struct DeploymentInfo {
    pub id: String,
    pub name: String,
    pub kind: DeploymentKind,
    /// `https://127.0.0.1:PORT/deployments/{id}/api/v5`.
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
    /// As JSON (`type` is `"dedicated"` or `"serverless"`). Contains the App Secret.
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id, "name": self.name, "type": self.kind.as_str(),
            "base_url": self.base_url, "app_id": self.app_id, "app_secret": self.app_secret,
            "project_id": self.project_id, "project_name": self.project_name,
        })
    }
}
