//! The process-wide tokio runtime, and the interruptible blocking wait.
//!
//! One multi-thread runtime serves every client (sync and async). A child
//! process created by `fork()` inherits the runtime's memory but not its worker
//! threads, so using it there would hang forever: the runtime is keyed by the
//! process id and rebuilt in a child. The parent's runtime is leaked in the
//! child on purpose, because dropping it would try to join threads that do
//! not exist there. Exactly one thread builds it (see `exclusive_per_process`).

use std::future::Future;
use std::sync::{OnceLock, mpsc};
use std::time::Duration;

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use tokio::runtime::Runtime;

use crate::rt::exclusive_per_process::ExclusivePerProcess;
use crate::rt::exit_gate::{self, Attached};

static RUNTIME: ExclusivePerProcess<Runtime> = ExclusivePerProcess::new();

/// Run by each worker before it parks, if a layer above set it (the asyncio
/// layer sends the event-loop wake-ups its workers held back). Set at module
/// init, before the runtime is first built.
static PARK_HOOK: OnceLock<fn()> = OnceLock::new();

/// Set the park hook (see [`PARK_HOOK`]); only the first call counts.
pub fn on_worker_park(hook: fn()) {
    let _ = PARK_HOOK.set(hook);
}

/// How often a blocked sync call wakes to let Python handle signals (Ctrl-C).
pub const SIGNAL_CHECK_INTERVAL: Duration = Duration::from_millis(50);

/// The runtime of this process, built on first use (and again after a fork).
pub fn runtime() -> &'static Runtime {
    RUNTIME.get_or_build(|| {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .thread_name("emqx-platform")
            .on_thread_park(|| {
                if let Some(hook) = PARK_HOOK.get() {
                    hook();
                }
            })
            .build()
            .expect("cannot start the tokio runtime")
    })
}

/// The id of the process that owns the current runtime; changes after a fork.
pub fn generation() -> u32 {
    crate::rt::process::id()
}

/// Run `fut` to completion on the shared runtime with the GIL released.
/// On Python's main thread (`main_thread`), the wait wakes to run signal
/// handlers (see [`interruptibly`]), and dropping the future on interrupt
/// cancels the request. Other threads never run signal handlers, so they
/// skip that timer: with 64 threads calling at once it was a measurable
/// share of each call.
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
