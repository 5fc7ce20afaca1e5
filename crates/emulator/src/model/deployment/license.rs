//! The deployment's license, read only: the connection quota behind the
//! `license_quota` alarm and the monitor's `license_quota`.

use serde_json::{Value, json};

/// Sessions the license allows.
pub(crate) const MAX_SESSIONS: u64 = 100;
/// Percent of [`MAX_SESSIONS`] at which the `license_quota` alarm goes off...
pub(crate) const HIGH_WATERMARK: u64 = 80;
/// ... and below which it ends (EMQX's defaults).
pub(crate) const LOW_WATERMARK: u64 = 75;

/// `GET /license`.
pub(crate) fn info() -> Value {
    json!({
        "customer": "EMQX Cloud",
        "email": "cloud@emqx.io",
        "deployment": "emqx-cloud-dedicated",
        "type": "official",
        "customer_type": 0,
        "start_at": "2024-01-01",
        "expiry_at": "2295-10-27",
        "expiry": false,
        "max_sessions": MAX_SESSIONS,
        "max_uptime_seconds": 0,
    })
}

/// `GET /license/setting`.
pub(crate) fn setting() -> Value {
    json!({
        "connection_low_watermark": format!("{LOW_WATERMARK}%"),
        "connection_high_watermark": format!("{HIGH_WATERMARK}%"),
    })
}
