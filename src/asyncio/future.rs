//! `RequestFuture`: the awaitable of an async call, an asyncio-compatible
//! future implemented here rather than taken from `loop.create_future()`.
//!
//! asyncio awaits any object that follows its future protocol (the
//! `_asyncio_future_blocking` flag, `get_loop`, `add_done_callback`,
//! `result`, `cancel`, ...), which is how `Task`, `asyncio.isfuture`,
//! `gather` and `wait_for` recognise a future. Owning the future lets this
//! crate do two things an asyncio future cannot:
//!
//! - `cancel()` aborts the request itself, where an asyncio future needed a
//!   done callback just to notice a cancellation;
//! - when the loop's inbox completes the future (see `inbox`), its
//!   callbacks, in practice the waiting task's wake-up, run right there in
//!   their own contexts instead of each going through `loop.call_soon`,
//!   whose pure-Python scheduling is a real share of the loop thread's time
//!   when many requests are in flight.
//!
//! Everywhere else (a callback added to a finished future, a cancellation)
//! callbacks are scheduled with `call_soon`, as asyncio does: that code may
//! run inside a task's step, where running another task would fail.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use pyo3::exceptions::{PyKeyboardInterrupt, PyStopIteration, PySystemExit};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use pyo3::{PyTraverseError, PyVisit, intern};
use tokio::task::AbortHandle;

use crate::rt::exit_gate::Attached;

pyo3::import_exception!(asyncio, CancelledError);
pyo3::import_exception!(asyncio, InvalidStateError);

/// Where a future stands.
enum State {
    /// The request runs; `abort` stops it (set once the task is spawned).
    Pending {
        /// `(callback, context)` pairs, in the order they were added.
        callbacks: Vec<(Py<PyAny>, Py<PyAny>)>,
        abort: Option<AbortHandle>,
    },
    Finished(Result<Py<PyAny>, Py<PyAny>>),
    /// Cancelled, with the message given to `cancel()`, if any.
    Cancelled(Option<Py<PyAny>>),
}

/// The answer of an async call, for `await` on the loop that started it.
#[pyclass(frozen, module = "emqx_platform._core")]
pub struct RequestFuture {
    event_loop: Py<PyAny>,
    /// asyncio's `_asyncio_future_blocking`: set while a task waits on it.
    blocking: AtomicBool,
    /// Never locked while Python code runs (callbacks, `==`): that code may
    /// call back into this future.
    state: Mutex<State>,
}

impl RequestFuture {
    pub fn new(event_loop: Py<PyAny>) -> Self {
        Self {
            event_loop,
            blocking: AtomicBool::new(false),
            state: Mutex::new(State::Pending {
                callbacks: Vec::new(),
                abort: None,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Remember how to stop the request, for `cancel()`.
    pub fn set_abort(&self, handle: AbortHandle) {
        if let State::Pending { abort, .. } = &mut *self.lock() {
            *abort = Some(handle);
        }
    }

    /// Finish with `outcome` and run the callbacks now, in their contexts.
    ///
    /// Only for the loop's own callbacks (the inbox), outside any task step.
    /// A callback's `Exception` goes to the loop's exception handler, as
    /// asyncio does for scheduled callbacks; a `SystemExit` or
    /// `KeyboardInterrupt` is returned, for the caller to raise once every
    /// other future of its batch is complete. A future cancelled meanwhile
    /// stays cancelled.
    pub fn finish(slf: &Bound<'_, Self>, outcome: PyResult<Bound<'_, PyAny>>) -> Option<PyErr> {
        let py = slf.py();
        let result = outcome
            .map(Bound::unbind)
            .map_err(|err| err.into_value(py).into_any());
        let callbacks = {
            let mut state = slf.get().lock();
            let State::Pending { callbacks, .. } = &mut *state else {
                return None;
            };
            let callbacks = std::mem::take(callbacks);
            *state = State::Finished(result);
            callbacks
        };
        let mut to_raise = None;
        for (callback, context) in callbacks {
            let ran = context
                .bind(py)
                .call_method1(intern!(py, "run"), (&callback, slf));
            let Err(err) = ran else { continue };
            if err.is_instance_of::<PySystemExit>(py)
                || err.is_instance_of::<PyKeyboardInterrupt>(py)
            {
                to_raise.get_or_insert(err);
            } else {
                report_callback_error(slf, &callback, err);
            }
        }
        to_raise
    }

    /// Schedule `callbacks` with `loop.call_soon`, each in its context.
    fn schedule(slf: &Bound<'_, Self>, callbacks: Vec<(Py<PyAny>, Py<PyAny>)>) -> PyResult<()> {
        let py = slf.py();
        let call_soon = slf
            .get()
            .event_loop
            .bind(py)
            .getattr(intern!(py, "call_soon"))?;
        for (callback, context) in callbacks {
            let kwargs = PyDict::new(py);
            kwargs.set_item(intern!(py, "context"), context)?;
            call_soon.call((callback, slf), Some(&kwargs))?;
        }
        Ok(())
    }

    /// What `await` and `result()` give for a future that is not pending.
    fn outcome(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        match &*self.lock() {
            State::Pending { .. } => Err(InvalidStateError::new_err("Result is not ready.")),
            State::Finished(Ok(value)) => Ok(value.clone_ref(py)),
            State::Finished(Err(exception)) => Err(PyErr::from_value(exception.bind(py).clone())),
            State::Cancelled(message) => Err(cancelled_error(py, message.as_ref())),
        }
    }
}

fn cancelled_error(py: Python<'_>, message: Option<&Py<PyAny>>) -> PyErr {
    match message {
        Some(message) => CancelledError::new_err((message.clone_ref(py),)),
        None => CancelledError::new_err(()),
    }
}

/// As `asyncio.Handle` reports a failed callback.
fn report_callback_error(future: &Bound<'_, RequestFuture>, callback: &Py<PyAny>, err: PyErr) {
    let py = future.py();
    let report = || -> PyResult<()> {
        let context = PyDict::new(py);
        context.set_item(
            "message",
            format!("Exception in callback {}", callback.bind(py).repr()?),
        )?;
        context.set_item("exception", err.value(py))?;
        context.set_item("future", future)?;
        future
            .get()
            .event_loop
            .bind(py)
            .call_method1(intern!(py, "call_exception_handler"), (context,))?;
        Ok(())
    };
    if let Err(failed) = report() {
        failed.write_unraisable(py, Some(future.as_any()));
    }
}

#[pymethods]
impl RequestFuture {
    #[getter(_asyncio_future_blocking)]
    fn asyncio_future_blocking(&self) -> bool {
        self.blocking.load(Ordering::Relaxed)
    }

    #[setter(_asyncio_future_blocking)]
    fn set_asyncio_future_blocking(&self, value: bool) {
        self.blocking.store(value, Ordering::Relaxed);
    }

    /// The event loop this future belongs to.
    fn get_loop(&self, py: Python<'_>) -> Py<PyAny> {
        self.event_loop.clone_ref(py)
    }

    /// Whether the future has a result, an exception, or was cancelled.
    pub fn done(&self) -> bool {
        !matches!(&*self.lock(), State::Pending { .. })
    }

    fn cancelled(&self) -> bool {
        matches!(&*self.lock(), State::Cancelled(_))
    }

    /// The decoded answer; raises the call's exception, `CancelledError`,
    /// or `InvalidStateError` while pending.
    fn result(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.outcome(py)
    }

    /// The call's exception, or `None` after a success.
    fn exception(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        match &*self.lock() {
            State::Pending { .. } => Err(InvalidStateError::new_err("Exception is not set.")),
            State::Finished(Ok(_)) => Ok(None),
            State::Finished(Err(exception)) => Ok(Some(exception.clone_ref(py))),
            State::Cancelled(message) => Err(cancelled_error(py, message.as_ref())),
        }
    }

    /// Call `callback(future)` once the future is done, in `context` (by
    /// default a copy of the current one).
    #[pyo3(signature = (callback, *, context = None))]
    fn add_done_callback(
        slf: &Bound<'_, Self>,
        callback: Py<PyAny>,
        context: Option<Py<PyAny>>,
    ) -> PyResult<()> {
        let py = slf.py();
        // Runs Python code (`call_soon`), which may release the GIL.
        let _attached = Attached::enter(py);
        let context = match context {
            Some(context) => context,
            None => copy_context(py)?,
        };
        if let State::Pending { callbacks, .. } = &mut *slf.get().lock() {
            callbacks.push((callback, context));
            return Ok(());
        }
        Self::schedule(slf, vec![(callback, context)])
    }

    /// Forget every registration of `callback`; returns how many there were.
    fn remove_done_callback(&self, callback: &Bound<'_, PyAny>) -> PyResult<usize> {
        let _attached = Attached::enter(callback.py());
        // Taken out while comparing, since `==` may run Python code.
        let taken = match &mut *self.lock() {
            State::Pending { callbacks, .. } => std::mem::take(callbacks),
            _ => return Ok(0),
        };
        let mut kept = Vec::with_capacity(taken.len());
        let mut removed = 0;
        for (registered, context) in taken {
            if registered.bind(callback.py()).eq(callback)? {
                removed += 1;
            } else {
                kept.push((registered, context));
            }
        }
        if let State::Pending { callbacks, .. } = &mut *self.lock() {
            // Any added meanwhile come after the ones already there.
            kept.append(callbacks);
            *callbacks = kept;
        }
        Ok(removed)
    }

    /// Cancel the future and abort its request; `False` if already done.
    #[pyo3(signature = (msg = None))]
    fn cancel(slf: &Bound<'_, Self>, msg: Option<Py<PyAny>>) -> PyResult<bool> {
        let _attached = Attached::enter(slf.py());
        let callbacks = {
            let mut state = slf.get().lock();
            let State::Pending { callbacks, abort } = &mut *state else {
                return Ok(false);
            };
            if let Some(abort) = abort.take() {
                abort.abort();
            }
            let callbacks = std::mem::take(callbacks);
            *state = State::Cancelled(msg);
            callbacks
        };
        Self::schedule(slf, callbacks)?;
        Ok(true)
    }

    fn __await__(slf: Bound<'_, Self>) -> Bound<'_, Self> {
        slf
    }

    fn __iter__(slf: Bound<'_, Self>) -> Bound<'_, Self> {
        slf
    }

    /// As `asyncio.Future.__await__`: yield the future itself to the task
    /// while pending (the task then waits for it), else return the result.
    fn __next__(slf: Bound<'_, Self>) -> PyResult<Bound<'_, Self>> {
        let py = slf.py();
        if !slf.get().done() {
            slf.get().blocking.store(true, Ordering::Relaxed);
            return Ok(slf);
        }
        let value = slf.get().outcome(py)?;
        // A generator's `return value`: StopIteration carrying the value
        // (as a tuple's only item, so that a tuple value is not unpacked).
        Err(PyStopIteration::new_err(
            PyTuple::new(py, [value])?.unbind(),
        ))
    }

    fn __repr__(&self) -> &'static str {
        match &*self.lock() {
            State::Pending { .. } => "<RequestFuture pending>",
            State::Finished(Ok(_)) => "<RequestFuture finished>",
            State::Finished(Err(_)) => "<RequestFuture finished with an exception>",
            State::Cancelled(_) => "<RequestFuture cancelled>",
        }
    }

    fn __traverse__(&self, visit: PyVisit<'_>) -> Result<(), PyTraverseError> {
        visit.call(&self.event_loop)?;
        // The collector may run while this thread holds the lock (never
        // across Python code, but an allocation can trigger it): skip then.
        let Ok(state) = self.state.try_lock() else {
            return Ok(());
        };
        match &*state {
            State::Pending { callbacks, .. } => {
                for (callback, context) in callbacks {
                    visit.call(callback)?;
                    visit.call(context)?;
                }
            }
            State::Finished(Ok(value) | Err(value)) => visit.call(value)?,
            State::Cancelled(message) => visit.call(message)?,
        }
        Ok(())
    }

    fn __clear__(&self) {
        if let Ok(mut state) = self.state.try_lock()
            && let State::Pending { callbacks, .. } = &mut *state
        {
            callbacks.clear();
        }
    }
}

fn copy_context(py: Python<'_>) -> PyResult<Py<PyAny>> {
    static COPY_CONTEXT: pyo3::sync::PyOnceLock<Py<PyAny>> = pyo3::sync::PyOnceLock::new();
    let copy = COPY_CONTEXT.get_or_try_init(py, || {
        py.import("contextvars")?
            .getattr("copy_context")
            .map(Bound::unbind)
    })?;
    copy.bind(py).call0().map(Bound::unbind)
}
