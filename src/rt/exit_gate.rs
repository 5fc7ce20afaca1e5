//! No thread ends inside this crate's frames at interpreter exit.
//!
//! On CPython 3.10-3.13, a thread that takes the GIL once the interpreter is
//! finalizing is ended on the spot with `pthread_exit`, which unwinds its
//! stack; unwinding through Rust frames aborts the process. A thread holding
//! the GIL inside our frames can lose it whenever it runs Python code (an
//! import, a logging handler writing to a file, any Python function the
//! interpreter switches threads in), and a thread waiting with the GIL
//! released takes it back when its answer arrives. So, as CPython 3.14 does
//! for every thread: once the process is exiting, a daemon thread that would
//! take the GIL inside our frames parks for ever instead (the process is
//! ending anyway).
//!
//! The exit is known from an `atexit` callback, which CPython runs before it
//! starts finalizing and after it has joined the non-daemon threads. The
//! callback raises the flag, then waits (with the GIL released, briefly) for
//! the threads that hold the GIL inside our frames to leave them: each such
//! span is counted, and a thread counts itself before it reads the flag,
//! while the callback raises the flag before it reads the count, so either
//! the callback waits for the thread or the thread sees the flag.

use std::cell::Cell;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyCFunction;
use pyo3::wrap_pyfunction;

use crate::rt::process;

/// The process whose interpreter is exiting (0: none). A process id, so
/// that a child forked during the exit is not taken for exiting itself.
static EXITING: AtomicU32 = AtomicU32::new(0);

/// Threads holding the GIL inside our frames: the process id in the high
/// half, the count in the low half (a forked child starts from zero, since
/// the threads counted in its parent do not exist there).
static ATTACHED: AtomicU64 = AtomicU64::new(0);

/// How long the exit waits for threads to leave our frames: they hold the
/// GIL for microseconds, unless a logging handler is slow.
const EXIT_WAIT_LIMIT: Duration = Duration::from_secs(1);

static CURRENT_THREAD: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

thread_local! {
    /// Whether this thread is a daemon thread, read on its first call.
    static DAEMON: Cell<Option<bool>> = const { Cell::new(None) };
    /// Whether this thread runs the exit (its later `atexit` callbacks may
    /// still make calls).
    static RUNS_THE_EXIT: Cell<bool> = const { Cell::new(false) };
}

/// Register the exit callback, at module import.
pub fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = module.py();
    CURRENT_THREAD.get_or_try_init(py, || {
        py.import("threading")?
            .getattr("current_thread")
            .map(Bound::unbind)
    })?;
    let callback: Bound<'_, PyCFunction> = wrap_pyfunction!(interpreter_exiting, module)?;
    py.import("atexit")?.call_method1("register", (callback,))?;
    Ok(())
}

/// The `atexit` callback: see the module comment.
#[pyfunction]
fn interpreter_exiting(py: Python<'_>) {
    let pid = process::id();
    RUNS_THE_EXIT.set(true);
    EXITING.store(pid, Ordering::SeqCst);
    py.detach(|| {
        let deadline = Instant::now() + EXIT_WAIT_LIMIT;
        while attached_count(pid) > 0 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(1));
        }
    });
}

/// A thread holding the GIL inside our frames, counted while it lives.
/// Every entry point that may run Python code or release the GIL takes one
/// first; waits go through [`Attached::detach`].
pub struct Attached {
    /// Counted for this thread: neither `Send` nor `Sync`.
    _thread: PhantomData<*const ()>,
}

impl Attached {
    /// Count this thread in; if the process is exiting and this is a daemon
    /// thread, release the GIL and park for ever instead.
    pub fn enter(py: Python<'_>) -> Self {
        let pid = process::id();
        add(pid, 1);
        if EXITING.load(Ordering::SeqCst) == pid {
            // Read with the GIL held and counted in, so the exit waits for it.
            let daemon = is_daemon_thread(py);
            if daemon && !RUNS_THE_EXIT.get() {
                add(pid, -1);
                py.detach(park_for_ever)
            }
        }
        Self {
            _thread: PhantomData,
        }
    }

    /// `py.detach(f)`, uncounted while `f` runs; a daemon thread whose `f`
    /// ends once the process is exiting parks for ever instead of taking
    /// the GIL back.
    pub fn detach<T, F>(&mut self, py: Python<'_>, f: F) -> T
    where
        F: Send + FnOnce() -> T,
        T: Send,
    {
        let pid = process::id();
        // Read now: coming back, without the GIL, needs it.
        is_daemon_thread(py);
        add(pid, -1);
        py.detach(|| {
            // Counted in again even if `f` panics, as the drop of `self`
            // will count this thread out.
            let output = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
            come_back(pid);
            output.unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    }
}

impl Drop for Attached {
    fn drop(&mut self) {
        add(process::id(), -1);
    }
}

/// `Python::attach(f)` from a thread of ours that released the GIL inside
/// our frames (to run signal handlers while it waits), with the same rule.
pub fn attach<T>(f: impl for<'py> FnOnce(Python<'py>) -> T) -> T {
    let pid = process::id();
    come_back(pid);
    let output = Python::attach(f);
    add(pid, -1);
    output
}

/// Count a thread in that is about to take the GIL back, or park it.
fn come_back(pid: u32) {
    add(pid, 1);
    if EXITING.load(Ordering::SeqCst) == pid && DAEMON.get().unwrap_or(true) && !RUNS_THE_EXIT.get()
    {
        add(pid, -1);
        park_for_ever();
    }
}

/// Whether the calling thread is a daemon thread (read once per thread;
/// threads not started by `threading` count as daemons, as Python does).
fn is_daemon_thread(py: Python<'_>) -> bool {
    if let Some(daemon) = DAEMON.get() {
        return daemon;
    }
    let daemon = CURRENT_THREAD
        .get(py)
        .and_then(|current| current.bind(py).call0().ok())
        .and_then(|thread| thread.getattr("daemon").ok())
        .and_then(|daemon| daemon.extract::<bool>().ok())
        .unwrap_or(true);
    DAEMON.set(Some(daemon));
    daemon
}

fn park_for_ever() -> ! {
    loop {
        std::thread::park();
    }
}

fn attached_count(pid: u32) -> u64 {
    let word = ATTACHED.load(Ordering::SeqCst);
    if word >> 32 == u64::from(pid) {
        word & u64::from(u32::MAX)
    } else {
        0
    }
}

fn add(pid: u32, delta: i64) {
    let _ = ATTACHED.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |word| {
        let count = if word >> 32 == u64::from(pid) {
            word & u64::from(u32::MAX)
        } else {
            0
        };
        let count = count.saturating_add_signed(delta).min(u64::from(u32::MAX));
        Some(u64::from(pid) << 32 | count)
    });
}
