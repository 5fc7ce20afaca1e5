//! Rust `log` records forwarded to Python's `logging`, on the `emqx_platform` logger.

use pyo3::prelude::*;
use pyo3_log::{Caching, Logger, ResetHandle};
use std::sync::OnceLock;

/// The Python logger every record goes to; records of other crates are dropped.
pub const TARGET: &str = "emqx_platform";

static RESET: OnceLock<ResetHandle> = OnceLock::new();

/// Install the bridge. Levels are cached so that a disabled logger costs no
/// GIL acquisition on the request path; [`reset_log_cache`] drops the cache.
pub fn install(py: Python<'_>) -> PyResult<()> {
    let logger = Logger::new(py, Caching::LoggersAndLevels)?
        .filter(log::LevelFilter::Off)
        .filter_target(TARGET.to_owned(), log::LevelFilter::Trace);
    // Another extension may already own the global `log` logger; then our
    // records are simply not forwarded, which is not worth failing the import.
    if let Ok(handle) = logger.install() {
        let _ = RESET.set(handle);
    }
    Ok(())
}

/// Forget cached logger levels, after the Python logging setup changed.
#[pyfunction]
pub fn reset_log_cache() {
    if let Some(handle) = RESET.get() {
        handle.reset();
    }
}
