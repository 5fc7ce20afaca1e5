//! Records for Python's `logging`, on the `emqx_platform` logger.
//!
//! Each call reads the logger's effective level while it still holds the GIL
//! (before the request starts), and the request path only formats and
//! forwards records that level lets through. So a disabled logger costs no
//! GIL round trip from the runtime's threads, and a level changed at any
//! time (pytest's `caplog`, `EMQX_LOG`) applies to the next call; pyo3-log
//! forwards the records that pass.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3_log::{Caching, Logger};

/// The Python logger every record goes to; records of other crates are dropped.
pub const TARGET: &str = "emqx_platform";

/// Python's numeric levels.
pub const DEBUG: i32 = 10;
pub const INFO: i32 = 20;

static LOGGER: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// Install the bridge to Python's `logging` (no level caching: see above).
pub fn install(py: Python<'_>) -> PyResult<()> {
    let logger = Logger::new(py, Caching::Loggers)?
        .filter(log::LevelFilter::Off)
        // Debug is the most we emit; it also caps `log`'s global max level,
        // so the trace records of the HTTP and TLS crates are skipped by a
        // single comparison instead of a filter lookup each.
        .filter_target(TARGET.to_owned(), log::LevelFilter::Debug);
    // Another extension may already own the global `log` logger; then our
    // records are not forwarded, which is not worth failing the import for.
    let _ = logger.install();
    Ok(())
}

/// The effective level of the `emqx_platform` logger right now.
pub fn current_level(py: Python<'_>) -> i32 {
    let logger = LOGGER.get_or_try_init(py, || {
        py.import("logging")?
            .call_method1("getLogger", (TARGET,))
            .map(Bound::unbind)
    });
    logger
        .and_then(|logger| {
            logger
                .bind(py)
                .call_method0(pyo3::intern!(py, "getEffectiveLevel"))?
                .extract()
        })
        .unwrap_or(i32::MAX)
}
