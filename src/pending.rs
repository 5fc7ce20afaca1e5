//! `PendingResponse`: a request already on its way, collected later.
//!
//! Auto-pagination starts fetching the next page while the caller still
//! works through the current one; the sync API needs a handle for that.

use std::sync::Mutex;

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use tokio::task::JoinHandle;

use crate::call::{Call, Finished};
use crate::exit_gate::Attached;
use crate::outcome::Outcome;
use crate::process;
use crate::runtime;

#[pyclass(frozen, module = "emqx_platform._core")]
pub struct PendingResponse {
    /// Taken by the first `wait`; a second `wait` is a usage error.
    task: Mutex<Option<JoinHandle<Finished>>>,
}

impl PendingResponse {
    pub fn start(call: Call) -> Self {
        Self {
            task: Mutex::new(Some(runtime::runtime().spawn(call.run()))),
        }
    }
}

#[pymethods]
impl PendingResponse {
    /// Wait for the answer (GIL released, Ctrl-C honoured) and return it as
    /// `Transport.request` would, or raise its exception.
    fn wait<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let mut attached = Attached::enter(py);
        let task = self
            .task
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .ok_or_else(|| PyRuntimeError::new_err("this response was already collected"))?;
        let abort = task.abort_handle();
        let main_thread = process::on_main_thread(py, runtime::generation());
        let joined = match runtime::wait(py, &mut attached, task, main_thread) {
            Ok(joined) => joined,
            Err(interrupted) => {
                // Ctrl-C while waiting: the request is not wanted any more.
                abort.abort();
                return Err(interrupted);
            }
        };
        let result =
            joined.map_err(|e| PyRuntimeError::new_err(format!("request task failed: {e}")))?;
        Outcome(result).into_pyobject(py)
    }

    /// Cancel the request if it is still running (also done when dropped).
    fn cancel(&self) {
        if let Some(task) = self.task.lock().unwrap_or_else(|e| e.into_inner()).take() {
            task.abort();
        }
    }
}

impl Drop for PendingResponse {
    fn drop(&mut self) {
        if let Some(task) = self
            .task
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .take()
        {
            task.abort();
        }
    }
}
