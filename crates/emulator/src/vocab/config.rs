//! Emulator settings.

use std::time::Duration;

/// How the emulator behaves. `Default` gives the documented production values.
#[derive(Debug, Clone)]
pub struct EmulatorConfig {
    /// How long deployment start/stop and TLS certificate deployment take to settle
    /// (`starting`/`stopping`/`pending` are shown meanwhile). Tests use a small value.
    pub transition: Duration,
    /// Whether the Platform API rate limits (GET 60/h, TLS writes 6/h each,
    /// start/stop 1/h each) answer 429.
    pub rate_limits: bool,
    /// The rate-limit window (the docs say 60 minutes).
    pub rate_limit_window: Duration,
    /// Request bodies above this size get `413 EXCEED_LIMIT`.
    pub max_body_bytes: usize,
    /// How many requests the request log and each deployment's published-message log
    /// keep (oldest dropped first); 0 disables them.
    pub log_limit: usize,
    /// Platform API key and secret; random when `None`.
    pub platform_api_key: Option<String>,
    pub platform_api_secret: Option<String>,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        Self {
            transition: Duration::from_secs(2),
            rate_limits: true,
            rate_limit_window: Duration::from_secs(3600),
            max_body_bytes: 8 * 1024 * 1024,
            log_limit: 10_000,
            platform_api_key: None,
            platform_api_secret: None,
        }
    }
}
