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
//!   awaited (or wrapped in a task), nor at all if the client was closed
//!   meanwhile;
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
//! `collections.abc.Coroutine`. It has no `cr_frame`/`cr_await` (it has no
//! frame), so asyncio's stack and call-graph helpers stop at it, as they
//! do at other coroutines written in C.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use pyo3::exceptions::{PyRuntimeError, PyRuntimeWarning, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyTraceback, PyTuple, PyType};
use pyo3::{PyTraverseError, PyVisit, intern};

use crate::call::Call;
use crate::errors;
use crate::loop_bridge;
use crate::loop_future::RequestFuture;
use crate::pool::Pool;

enum Stage {
    /// Checked and built, not sent: the coroutine was not awaited yet.
    Created(Box<Call>),
    /// Inside a step that runs Python code (binding to the loop, starting
    /// the call); the lock is not held meanwhile, so that code may look at
    /// this coroutine (its `repr`, say) without deadlocking.
    Running,
    /// Sent; waiting for `future`, stepped through `steps` (its `__await__`
    /// iterator, which is the future itself for a `RequestFuture`).
    Awaiting { future: Py<PyAny>, steps: Py<PyAny> },
    /// Returned, raised, or closed.
    Done,
}

/// The coroutine of one async call (see the module documentation).
#[pyclass(frozen, weakref, module = "emqx_platform._core")]
pub struct RequestCoroutine {
    pool: Arc<Pool>,
    /// The client's closed flag: a call created before `close()` but
    /// started after it is not sent.
    client_closed: Arc<AtomicBool>,
    /// `GET /api/v5/clients/x`, for `repr` and the never-awaited warning.
    what: String,
    /// Never locked while Python code runs (see `Stage::Running`).
    stage: Mutex<Stage>,
}

impl RequestCoroutine {
    pub fn new(pool: Arc<Pool>, client_closed: Arc<AtomicBool>, call: Call) -> Self {
        Self {
            what: format!("{} {}", call.method, call.url.path()),
            pool,
            client_closed,
            stage: Mutex::new(Stage::Created(Box::new(call))),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Stage> {
        self.stage.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// One step of the coroutine: the future to wait for, or the end (the
    /// `StopIteration` carrying the result, or the call's exception).
    fn step<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let taken = std::mem::replace(&mut *self.lock(), Stage::Running);
        let (future, steps) = match taken {
            Stage::Created(call) => match self.start(py, *call) {
                Ok(started) => started,
                Err(err) => {
                    *self.lock() = Stage::Done;
                    return Err(err);
                }
            },
            Stage::Awaiting { future, steps } => (future, steps),
            Stage::Running => {
                return Err(PyRuntimeError::new_err("coroutine is already running"));
            }
            Stage::Done => {
                *self.lock() = Stage::Done;
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
        let mut stage = self.lock();
        if !matches!(*stage, Stage::Running) {
            // Closed by the Python code this step ran: stop the request.
            drop(stage);
            let _ = future.bind(py).call_method0(intern!(py, "cancel"));
            return stepped;
        }
        *stage = if stepped.is_ok() {
            Stage::Awaiting { future, steps }
        } else {
            Stage::Done
        };
        stepped
    }

    /// Bind the call to the running loop and send it.
    fn start(&self, py: Python<'_>, call: Call) -> PyResult<(Py<PyAny>, Py<PyAny>)> {
        if self.client_closed.load(Ordering::Acquire) {
            return Err(errors::client_closed(py));
        }
        // The client that carries it is chosen now, by how many calls of
        // this loop are in flight (see `pool`).
        let future =
            loop_bridge::future_of_call(py, &self.pool, |client| Ok(Call { client, ..call }))?;
        let steps = if future.is_instance_of::<RequestFuture>() {
            future.clone()
        } else {
            future.call_method0(intern!(py, "__await__"))?
        };
        Ok((future.unbind(), steps.unbind()))
    }

    /// End the coroutine, stopping the request if it runs.
    fn finish(&self, py: Python<'_>) {
        let taken = std::mem::replace(&mut *self.lock(), Stage::Done);
        if let Stage::Awaiting { future, .. } = taken {
            // Cancelling aborts the request first; what can fail after that
            // is scheduling the future's callbacks on a loop that is closed,
            // where nobody is left to run them.
            let _ = future.bind(py).call_method0(intern!(py, "cancel"));
        }
    }
}

#[pymethods]
impl RequestCoroutine {
    fn __await__(slf: Bound<'_, Self>) -> Bound<'_, Self> {
        slf
    }

    /// Start the call or take its result; what `await` and tasks use.
    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.step(py)
    }

    /// As `coroutine.send`: only `None` may start it, and later values are
    /// ignored, as an asyncio future ignores them.
    #[pyo3(signature = (value, /))]
    fn send<'py>(&self, py: Python<'py>, value: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        if !value.is_none() && matches!(*self.lock(), Stage::Created(_)) {
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
        &self,
        py: Python<'_>,
        typ: &Bound<'_, PyAny>,
        val: Option<&Bound<'_, PyAny>>,
        tb: Option<&Bound<'_, PyTraceback>>,
    ) -> PyResult<()> {
        let err = exception_of(typ, val.filter(|val| !val.is_none()))?;
        if tb.is_some() {
            err.set_traceback(py, tb.cloned());
        }
        self.finish(py);
        Err(err)
    }

    /// As `coroutine.close`: end the coroutine, stopping the request if it runs.
    fn close(&self, py: Python<'_>) {
        self.finish(py);
    }

    /// `request`, as a Python coroutine's `__name__` is its function's.
    #[getter]
    fn __name__(&self) -> &'static str {
        "request"
    }

    /// The name asyncio shows for a task running it.
    #[getter]
    fn __qualname__(&self) -> String {
        format!("request[{}]", self.what)
    }

    fn __repr__(&self) -> String {
        let stage = match *self.lock() {
            Stage::Created(_) => "not awaited yet",
            Stage::Running => "running",
            Stage::Awaiting { .. } => "waiting for the answer",
            Stage::Done => "done",
        };
        format!("<RequestCoroutine {}: {stage}>", self.what)
    }

    fn __traverse__(&self, visit: PyVisit<'_>) -> Result<(), PyTraverseError> {
        // The collector may run while this thread holds the lock (never
        // across Python code, but an allocation can trigger it): skip then.
        let Ok(stage) = self.stage.try_lock() else {
            return Ok(());
        };
        if let Stage::Awaiting { future, steps } = &*stage {
            visit.call(future)?;
            visit.call(steps)?;
        }
        Ok(())
    }

    fn __clear__(&self) {
        if let Ok(mut stage) = self.stage.try_lock()
            && matches!(*stage, Stage::Awaiting { .. })
        {
            *stage = Stage::Done;
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
        let stage = self.stage.get_mut().unwrap_or_else(|e| e.into_inner());
        if !matches!(stage, Stage::Created(_)) {
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
