//! A ban: who (`as`, `who`), by whom, why and until when.

use serde_json::{Value, json};

#[derive(Debug, Clone)]
pub(crate) struct Ban {
    pub as_: String,
    pub who: String,
    pub by: String,
    pub reason: String,
    pub at: String,
    /// RFC 3339 or `"infinity"`.
    pub until: String,
}

impl Ban {
    pub fn to_json(&self) -> Value {
        json!({"as": self.as_, "who": self.who, "by": self.by, "reason": self.reason, "at": self.at, "until": self.until})
    }
}
