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
use pyo3::types::{PyDict, PyTuple};

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

/// The lowest level of the core's records (DEBUG, INFO) that the
/// `emqx_platform` logger lets through right now, or `i32::MAX` for none.
/// Levels are ordered, so with logging quiet (the usual case) one question
/// settles it.
pub fn current_level(py: Python<'_>) -> i32 {
    let Ok(logger) = logger(py).map(|logger| logger.bind(py)) else {
        return i32::MAX;
    };
    if !is_enabled_for(logger, INFO) {
        i32::MAX
    } else if is_enabled_for(logger, DEBUG) {
        DEBUG
    } else {
        INFO
    }
}

/// `logger.isEnabledFor(level)`, which honours `logging.disable()` too.
///
/// Asked of every call, so it first reads the answer from the cache that
/// `isEnabledFor` itself keeps (`_cache`, a dict that `logging` empties
/// whenever any level changes), without running Python code; the method is
/// called when the cache has no answer yet, or does not exist.
fn is_enabled_for(logger: &Bound<'_, PyAny>, level: i32) -> bool {
    let py = logger.py();
    let cached = || -> PyResult<Option<bool>> {
        if logger.getattr(intern!(py, "disabled"))?.is_truthy()? {
            return Ok(Some(false));
        }
        let cache = logger.getattr(intern!(py, "_cache"))?;
        match cache.cast::<PyDict>()?.get_item(level)? {
            Some(answer) => answer.is_truthy().map(Some),
            None => Ok(None),
        }
    };
    match cached() {
        Ok(Some(answer)) => answer,
        _ => logger
            .call_method1(intern!(py, "isEnabledFor"), (level,))
            .and_then(|answer| answer.is_truthy())
            .unwrap_or(false),
    }
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
