//! A ban: who (`as`, `who`), by whom, why and until when.

use serde_json::{Value, json};

use crate::util::timefmt;

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

    /// As EMQX 4 shows it: `at` and `until` in Unix seconds.
    pub fn to_v4_json(&self) -> Value {
        let secs = |t: &str| timefmt::parse_time(t).map(|t| t.unix_timestamp());
        json!({"who": self.who, "as": self.as_, "reason": self.reason, "by": self.by, "at": secs(&self.at), "until": secs(&self.until)})
    }
}
