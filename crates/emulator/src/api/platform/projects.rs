//! `GET /projects`: a bare JSON array, no pagination.

use serde_json::Value;

use crate::model::platform::PlatformState;
use crate::rest::errors::{Reply, ok};

pub(crate) fn list(platform: &PlatformState) -> Reply {
    ok(Value::Array(
        platform.projects.iter().map(|p| p.to_json()).collect(),
    ))
}
