//! Slow subscriptions: their settings, and the records of deliveries slower
//! than the threshold. The emulator delivers at once, so it records none.

use serde_json::{Value, json};

#[derive(Debug, Clone)]
pub(crate) struct SlowSubs {
    /// The settings as `GET /slow_subscriptions/settings` shows them.
    pub settings: Value,
    /// `{clientid, node, topic, timespan, last_update_time}` records.
    pub records: Vec<Value>,
}

/// EMQX's defaults.
pub(crate) fn default_settings() -> Value {
    json!({
        "enable": false,
        "threshold": "500ms",
        "expire_interval": "300s",
        "top_k_num": 10,
        "stats_type": "whole",
    })
}

impl Default for SlowSubs {
    fn default() -> Self {
        Self {
            settings: default_settings(),
            records: Vec::new(),
        }
    }
}
