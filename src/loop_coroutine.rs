//! `RequestCoroutine`: what the async clients' `request(...)` returns, a
//! coroutine implemented here instead of an `async def` frame.
//!
//! A Python `async def request(...)` that awaits the core's future costs a
//! coroutine object, a frame, an `__await__` call and a resumption per call:
//! measured with 64 requests in flight, 1.4-1.7 µs of the event loop
//! thread's 8-9 µs per request. This object does the same job natively:
//!
//! - it is built with the call already checked (method, path, body, timeout),
//!   so bad arguments raise at the call, and nothing is sent until it is
//!   awaited (or wrapped in a task);
//! - its first step binds the call to the running loop and starts it (see
//!   `loop_bridge::future_of_call`), then yields the future to the task, as
//!   `await future` does; the next step returns the future's result;
//! - `throw` and `close` stop the request if it is running: a coroutine that
//!   will never return its answer has no use for it;
//! - one dropped without ever being started warns, like a Python coroutine
//!   that was never awaited, since nothing was sent.
//!
//! asyncio accepts it wherever it takes a coroutine (`create_task`,
//! `asyncio.run`, `gather`) because the module registers the class as a
//! `collections.abc.Coroutine`.

use std::sync::Arc;

use pyo3::exceptions::{PyRuntimeError, PyRuntimeWarning, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyTraceback, PyTuple, PyType};
use pyo3::{PyTraverseError, PyVisit, intern};

use crate::call::Call;
use crate::loop_bridge;
use crate::loop_future::RequestFuture;
use crate::pool::Pool;

enum Stage {
    /// Checked and built, not sent: the coroutine was not awaited yet.
    Created(Box<Call>),
    /// Sent; waiting for `future`, stepped through `steps` (its `__await__`
    /// iterator, which is the future itself for a `RequestFuture`).
    Awaiting { future: Py<PyAny>, steps: Py<PyAny> },
    /// Returned, raised, or closed.
    Done,
}

/// The coroutine of one async call (see the module documentation).
#[pyclass(module = "emqx_platform._core")]
pub struct RequestCoroutine {
    pool: Arc<Pool>,
    /// `GET /api/v5/clients/x`, for `repr` and the never-awaited warning.
    what: String,
    stage: Stage,
}

impl RequestCoroutine {
    pub fn new(pool: Arc<Pool>, call: Call) -> Self {
        Self {
            what: format!("{} {}", call.method, call.url.path()),
            pool,
            stage: Stage::Created(Box::new(call)),
        }
    }

    /// One step of the coroutine: the future to wait for, or the end (the
    /// `StopIteration` carrying the result, or the call's exception).
    fn step<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let (future, steps) = match std::mem::replace(&mut self.stage, Stage::Done) {
            Stage::Created(call) => {
                // The client that carries it is chosen now, by how many calls
                // of this loop are in flight (see `pool`).
                let future = loop_bridge::future_of_call(py, &self.pool, |client| {
                    Ok(Call { client, ..*call })
                })?;
                let steps = if future.is_instance_of::<RequestFuture>() {
                    future.clone()
                } else {
                    future.call_method0(intern!(py, "__await__"))?
                };
                (future.unbind(), steps.unbind())
            }
            Stage::Awaiting { future, steps } => (future, steps),
            Stage::Done => {
                return Err(PyRuntimeError::new_err(
                    "cannot reuse already awaited coroutine",
                ));
            }
        };
        let stepped = match steps.bind(py).cast::<RequestFuture>() {
            Ok(request_future) => RequestFuture::step(request_future),
            Err(_) => steps.bind(py).call_method0(intern!(py, "__next__")),
        };
        // Still waiting: the future goes to the task, as `await` yields it.
        // Anything else (StopIteration with the result, or an error) ends
        // the coroutine.
        if stepped.is_ok() {
            self.stage = Stage::Awaiting { future, steps };
        }
        stepped
    }

    /// Stop the request if it runs, and end the coroutine.
    fn finish(&mut self, py: Python<'_>) -> PyResult<()> {
        if let Stage::Awaiting { future, .. } = std::mem::replace(&mut self.stage, Stage::Done) {
            future.bind(py).call_method0(intern!(py, "cancel"))?;
        }
        Ok(())
    }
}

#[pymethods]
impl RequestCoroutine {
    fn __await__(slf: Bound<'_, Self>) -> Bound<'_, Self> {
        slf
    }

    /// Start the call or take its result; what `await` and tasks use.
    fn __next__<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.step(py)
    }

    /// As `coroutine.send`: only `None` may start it, and later values are
    /// ignored, as an asyncio future ignores them.
    #[pyo3(signature = (value, /))]
    fn send<'py>(
        &mut self,
        py: Python<'py>,
        value: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        if matches!(self.stage, Stage::Created(_)) && !value.is_none() {
            return Err(PyTypeError::new_err(
                "can't send non-None value to a just-started coroutine",
            ));
        }
        self.step(py)
    }

    /// As `coroutine.throw`: raise the exception here and end the coroutine,
    /// stopping the request if it runs (a task being cancelled does this).
    #[pyo3(signature = (typ, val = None, tb = None, /))]
    fn throw(
        &mut self,
        py: Python<'_>,
        typ: &Bound<'_, PyAny>,
        val: Option<&Bound<'_, PyAny>>,
        tb: Option<&Bound<'_, PyTraceback>>,
    ) -> PyResult<()> {
        let err = exception_of(typ, val.filter(|val| !val.is_none()))?;
        if tb.is_some() {
            err.set_traceback(py, tb.cloned());
        }
        self.finish(py)?;
        Err(err)
    }

    /// As `coroutine.close`: end the coroutine, stopping the request if it runs.
    fn close(&mut self, py: Python<'_>) -> PyResult<()> {
        self.finish(py)
    }

    /// The future it waits for, or `None` (as `coroutine.cr_await`).
    #[getter]
    fn cr_await(&self, py: Python<'_>) -> Option<Py<PyAny>> {
        match &self.stage {
            Stage::Awaiting { future, .. } => Some(future.clone_ref(py)),
            _ => None,
        }
    }

    /// The name asyncio shows for a task running it.
    #[getter]
    fn __qualname__(&self) -> String {
        format!("request[{}]", self.what)
    }

    fn __repr__(&self) -> String {
        let stage = match self.stage {
            Stage::Created(_) => "not awaited yet",
            Stage::Awaiting { .. } => "waiting for the answer",
            Stage::Done => "done",
        };
        format!("<RequestCoroutine {}: {stage}>", self.what)
    }

    fn __traverse__(&self, visit: PyVisit<'_>) -> Result<(), PyTraverseError> {
        if let Stage::Awaiting { future, steps } = &self.stage {
            visit.call(future)?;
            visit.call(steps)?;
        }
        Ok(())
    }

    fn __clear__(&mut self) {
        if matches!(self.stage, Stage::Awaiting { .. }) {
            self.stage = Stage::Done;
        }
    }
}

/// The exception `throw(typ, val)` raises: `typ` itself when it is an
/// instance, else `typ` built from `val` (unless `val` already is one).
fn exception_of(typ: &Bound<'_, PyAny>, val: Option<&Bound<'_, PyAny>>) -> PyResult<PyErr> {
    let Some(val) = val else {
        return Ok(PyErr::from_value(typ.clone()));
    };
    let Ok(typ) = typ.cast::<PyType>() else {
        return Err(PyTypeError::new_err(
            "instance exception may not have a separate value",
        ));
    };
    if val.is_instance(typ)? {
        return Ok(PyErr::from_value(val.clone()));
    }
    let args = match val.cast::<PyTuple>() {
        Ok(args) => args.clone(),
        Err(_) => PyTuple::new(val.py(), [val])?,
    };
    Ok(PyErr::from_value(typ.call1(args)?))
}

impl Drop for RequestCoroutine {
    fn drop(&mut self) {
        if !matches!(self.stage, Stage::Created(_)) {
            return;
        }
        // Dropped with the GIL held (by Python's deallocation), possibly
        // while an exception is being raised: that one is kept as it is.
        Python::attach(|py| {
            let raising = PyErr::take(py);
            let message = format!(
                "coroutine 'request' ({}) was never awaited, so it was never sent",
                self.what
            );
            let warned = std::ffi::CString::new(message)
                .map_err(|err| PyRuntimeError::new_err(err.to_string()))
                .and_then(|message| {
                    PyErr::warn(py, &py.get_type::<PyRuntimeWarning>(), &message, 1)
                });
            if let Err(err) = warned {
                err.write_unraisable(py, None);
            }
            if let Some(raising) = raising {
                raising.restore(py);
            }
        });
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<RequestCoroutine>()?;
    // What asyncio's `iscoroutine` checks, so tasks and `asyncio.run` take it.
    py.import("collections.abc")?
        .getattr("Coroutine")?
        .call_method1("register", (py.get_type::<RequestCoroutine>(),))?;
    Ok(())
}
