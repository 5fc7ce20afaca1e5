//! The benchmark's floor of a sync call (cargo feature `bench-floors`,
//! built by `bench/run` only, never in a release).
//!
//! With 64 threads in flight on one core, a sync call costs more than
//! reqwest's own work: its thread releases the GIL, sleeps until the runtime
//! answers, wakes, takes the GIL back and decodes the answer. `_floor_sync`
//! is exactly that, with no HTTP in between, so `bench/harness.py --budget`
//! can set it beside what a target leaves outside reqwest.

use bytes::Bytes;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use tokio::sync::oneshot;

use crate::request::json;
use crate::rt::exit_gate::Attached;
use crate::rt::{process, runtime};
use crate::sync::wait;

/// Block this thread until a task on the runtime hands `body` back as a
/// JSON answer, then decode it, as a sync call off the main thread does.
#[pyfunction]
fn _floor_sync<'py>(py: Python<'py>, body: &[u8]) -> PyResult<Bound<'py, PyAny>> {
    let mut attached = Attached::enter(py);
    let body = Bytes::copy_from_slice(body);
    let main_thread = process::on_main_thread(py, process::id());
    let answer = async move {
        let (sender, receiver) = oneshot::channel();
        runtime::runtime().spawn(async move {
            // One yield, so that the answer comes from a later turn of the
            // worker, as a response does.
            tokio::task::yield_now().await;
            let _ = sender.send(body);
        });
        receiver.await.expect("the floor task answers")
    };
    let body = wait::wait(py, &mut attached, answer, main_thread)?;
    // The decoder a JSON answer goes through, without the `Outcome` around
    // it, whose request details (a parsed URL) only an error would need.
    json::decode(py, &body).map_err(PyValueError::new_err)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_floor_sync, m)?)
}
