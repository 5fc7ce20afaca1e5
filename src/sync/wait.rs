//! Waiting for a call on the shared runtime with the GIL released, waking
//! to run Python's signal handlers on the main thread (Ctrl-C).

use std::future::Future;
use std::sync::mpsc;
use std::time::Duration;

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

use crate::rt::exit_gate::{self, Attached};
use crate::rt::runtime::runtime;

/// How often a blocked sync call wakes to let Python handle signals (Ctrl-C).
pub const SIGNAL_CHECK_INTERVAL: Duration = Duration::from_millis(50);

/// Run `fut` to completion on the shared runtime with the GIL released.
/// On Python's main thread (`main_thread`), the wait wakes to run signal
/// handlers (see [`interruptibly`]), and dropping the future on interrupt
/// cancels the request. Other threads never run signal handlers, so they
/// skip that timer, which costs each call a little when many threads call
/// at once.
///
/// This never touches asyncio, so it also works inside a running event loop.
/// On a thread that is already inside a tokio runtime (a signal handler
/// calling while this thread waits for another call, or a thread of some
/// other tokio-based extension) blocking on a runtime would panic, so the
/// future is spawned instead and its result awaited over a channel.
pub fn wait<F>(
    py: Python<'_>,
    attached: &mut Attached,
    fut: F,
    main_thread: bool,
) -> PyResult<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    if tokio::runtime::Handle::try_current().is_ok() {
        return wait_from_inside_a_runtime(py, attached, fut);
    }
    let runtime = runtime();
    if main_thread {
        attached.detach(py, || runtime.block_on(interruptibly(fut)))
    } else {
        Ok(attached.detach(py, || runtime.block_on(fut)))
    }
}

fn wait_from_inside_a_runtime<F>(
    py: Python<'_>,
    attached: &mut Attached,
    fut: F,
) -> PyResult<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    let (sender, receiver) = mpsc::sync_channel(1);
    let task = runtime().spawn(async move {
        let _ = sender.send(fut.await);
    });
    let output = attached.detach(py, move || {
        loop {
            match receiver.recv_timeout(SIGNAL_CHECK_INTERVAL) {
                Ok(output) => return Ok(output),
                Err(mpsc::RecvTimeoutError::Timeout) => exit_gate::attach(|py| py.check_signals())?,
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    return Err(PyRuntimeError::new_err("the task ended without an answer"));
                }
            }
        }
    });
    if output.is_err() {
        task.abort();
    }
    output
}

/// `fut`, waking every [`SIGNAL_CHECK_INTERVAL`] to run Python's signal
/// handlers, so that Ctrl-C (and Jupyter's interrupt) raises
/// `KeyboardInterrupt` promptly instead of after the request.
pub async fn interruptibly<F: Future>(fut: F) -> PyResult<F::Output> {
    let mut fut = std::pin::pin!(fut);
    loop {
        tokio::select! {
            biased;
            output = &mut fut => return Ok(output),
            () = tokio::time::sleep(SIGNAL_CHECK_INTERVAL) => {
                exit_gate::attach(|py| py.check_signals())?;
            }
        }
    }
}
