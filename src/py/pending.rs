//! `PendingResponse`: a request already on its way, collected later.
//!
//! Auto-pagination starts fetching the next page while the caller still
//! works through the current one; the sync API needs a handle for that.
//!
//! The request runs on the runtime of the process that started it. A child
//! forked meanwhile has none of that runtime's threads, so the request would
//! never finish there; the child sends it again instead, with its own
//! client and request slots, if it may be repeated (an idempotent method).
//! The parent's task is left alone in the child: aborting it would touch the
//! parent's scheduler, whose locks a parent's thread may have held at the
//! fork.

use std::sync::Mutex;

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use tokio::task::JoinHandle;

use crate::client::route::Route;
use crate::request::call::{Call, Finished};
use crate::request::outcome::Outcome;
use crate::request::retry;
use crate::rt::exit_gate::Attached;
use crate::rt::process;
use crate::rt::runtime;
use crate::sync::wait;

#[pyclass(frozen, module = "emqx_platform._core")]
pub struct PendingResponse {
    /// Taken by the first `wait`; a second `wait` is a usage error.
    task: Mutex<Option<JoinHandle<Finished>>>,
    /// The process whose runtime runs `task`.
    started_in: u32,
    /// The call as it was started; in a forked child its pool gives it the
    /// child's own clients and request slots.
    call: Call,
}

impl PendingResponse {
    /// Start `call` on the shared runtime, where it overlaps the caller's
    /// other calls (the current page's processing, the next page's request).
    pub fn start(mut call: Call) -> Self {
        call.route = Route::Overlapping;
        Self {
            task: Mutex::new(Some(runtime::runtime().spawn(call.clone().run()))),
            started_in: process::id(),
            call,
        }
    }

    fn take_task(&self) -> Option<JoinHandle<Finished>> {
        self.task.lock().unwrap_or_else(|e| e.into_inner()).take()
    }

    /// Stop the task if this process runs it; in a forked child, forget it.
    fn discard(&self, task: JoinHandle<Finished>) {
        if self.started_in == process::id() {
            task.abort();
        } else {
            std::mem::forget(task);
        }
    }

    /// In a forked child: the call again (its pool hands out this process's
    /// clients and slots).
    fn call_again(&self) -> PyResult<Call> {
        if !retry::is_idempotent(&self.call.method) {
            return Err(PyRuntimeError::new_err(format!(
                "this {} request was started before the process forked, and is not sent \
                 again: collect it in the process that started it",
                self.call.method
            )));
        }
        Ok(self.call.clone())
    }
}

#[pymethods]
impl PendingResponse {
    /// Wait for the answer (GIL released, Ctrl-C honoured) and return it as
    /// `Transport.request` would, or raise its exception.
    fn wait<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let mut attached = Attached::enter(py);
        let task = self
            .take_task()
            .ok_or_else(|| PyRuntimeError::new_err("this response was already collected"))?;
        let pid = process::id();
        let main_thread = process::on_main_thread(py, pid);
        if self.started_in != pid {
            self.discard(task);
            let call = self.call_again()?;
            let finished = wait::wait(py, &mut attached, call.run(), main_thread)?;
            return Outcome(finished).into_pyobject(py);
        }
        let abort = task.abort_handle();
        let joined = match wait::wait(py, &mut attached, task, main_thread) {
            Ok(joined) => joined,
            Err(interrupted) => {
                // Ctrl-C while waiting: the request is not wanted any more.
                abort.abort();
                return Err(interrupted);
            }
        };
        let finished =
            joined.map_err(|e| PyRuntimeError::new_err(format!("request task failed: {e}")))?;
        Outcome(finished).into_pyobject(py)
    }

    /// Cancel the request if it is still running (also done when dropped).
    fn cancel(&self) {
        if let Some(task) = self.take_task() {
            self.discard(task);
        }
    }
}

impl Drop for PendingResponse {
    fn drop(&mut self) {
        if let Some(task) = self.take_task() {
            self.discard(task);
        }
    }
}
