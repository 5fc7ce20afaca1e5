//! Records for Python's `logging`, on the `emqx_platform` logger.
//!
//! Each call reads the logger's effective level while it still holds the GIL
//! (before the request starts), so a level changed at any time (pytest's
//! `caplog`, `EMQX_LOG`) applies to the next call. The request path, which
//! runs on the runtime's threads, only collects the records that level lets
//! through, with the time they happened; the thread that hands the answer
//! to Python emits them, since it holds the GIL then anyway (the sync
//! caller, or the event loop's thread). So no runtime thread waits for the
//! GIL, which at interpreter exit could end it inside Rust frames (see
//! `exit_gate`); the one exception is the generic bridge for event loops
//! without `add_reader` (see `asyncio::generic_bridge`), which pyo3-async-runtimes
//! completes from a runtime thread.

use std::panic::Location;
use std::time::{SystemTime, UNIX_EPOCH};

use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyTuple;

/// The Python logger every record goes to.
pub const TARGET: &str = "emqx_platform";

/// Python's numeric levels.
pub const DEBUG: i32 = 10;
pub const INFO: i32 = 20;

static LOGGER: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// Look the logger up, at module import: imports later, inside a call, could
/// release the GIL (see `exit_gate`).
pub fn import_at_init(py: Python<'_>) -> PyResult<()> {
    logger(py).map(drop)
}

fn logger(py: Python<'_>) -> PyResult<&Py<PyAny>> {
    LOGGER.get_or_try_init(py, || {
        py.import("logging")?
            .call_method1("getLogger", (TARGET,))
            .map(Bound::unbind)
    })
}

/// The effective level of the `emqx_platform` logger right now.
pub fn current_level(py: Python<'_>) -> i32 {
    logger(py)
        .and_then(|logger| {
            logger
                .bind(py)
                .call_method0(intern!(py, "getEffectiveLevel"))?
                .extract()
        })
        .unwrap_or(i32::MAX)
}

/// The records of one call, kept until its answer is handed to Python.
pub struct CallLog {
    /// The logger's level when the call was made.
    level: i32,
    records: Vec<Record>,
}

struct Record {
    level: i32,
    message: String,
    at: SystemTime,
    /// Where in the core it was logged (the record's `pathname`, `lineno`).
    location: &'static Location<'static>,
}

impl CallLog {
    pub fn new(level: i32) -> Self {
        Self {
            level,
            records: Vec::new(),
        }
    }

    /// Keep a record at `level`, if the logger's level lets it through
    /// (`message` is only formatted then).
    #[track_caller]
    pub fn record(&mut self, level: i32, message: impl FnOnce() -> String) {
        if level >= self.level {
            self.records.push(Record {
                level,
                message: message(),
                at: SystemTime::now(),
                location: Location::caller(),
            });
        }
    }

    /// Hand the records to the logger, each dated when it happened. Only an
    /// exception of the logging machinery itself (or of a signal handler,
    /// such as `KeyboardInterrupt`) is raised; handlers report their own.
    pub fn emit(self, py: Python<'_>) -> PyResult<()> {
        if self.records.is_empty() {
            return Ok(());
        }
        let logger = logger(py)?.bind(py);
        for record in self.records {
            if !logger
                .call_method1(intern!(py, "isEnabledFor"), (record.level,))?
                .is_truthy()?
            {
                continue;
            }
            let made = logger.call_method1(
                intern!(py, "makeRecord"),
                (
                    TARGET,
                    record.level,
                    record.location.file(),
                    record.location.line(),
                    record.message,
                    PyTuple::empty(py),
                    py.None(),
                ),
            )?;
            date(&made, record.at)?;
            logger.call_method1(intern!(py, "handle"), (made,))?;
        }
        Ok(())
    }
}

/// Set a `LogRecord`'s time (`created`, `msecs`, `relativeCreated`) to `at`
/// instead of the moment it was made.
fn date(record: &Bound<'_, PyAny>, at: SystemTime) -> PyResult<()> {
    let py = record.py();
    let since_epoch = at.duration_since(UNIX_EPOCH).unwrap_or_default();
    let created = since_epoch.as_secs_f64();
    let made_at: f64 = record.getattr(intern!(py, "created"))?.extract()?;
    let relative: f64 = record.getattr(intern!(py, "relativeCreated"))?.extract()?;
    record.setattr(intern!(py, "created"), created)?;
    record.setattr(intern!(py, "msecs"), f64::from(since_epoch.subsec_millis()))?;
    record.setattr(
        intern!(py, "relativeCreated"),
        relative - (made_at - created) * 1000.0,
    )?;
    Ok(())
}
