//! The id of this process, read once, and again after a `fork()`; and
//! whether the calling thread is Python's main thread in it.
//!
//! Every call checks it (a forked child must not use the parent's runtime,
//! clients or threads), and `getpid` is a real system call, too costly to
//! make several times per request. So the id is cached, and a
//! `pthread_atfork` handler clears the cache in every child, whoever forks
//! (`os.fork`, `multiprocessing`, a C library). This is the one name of the
//! process id in the crate: values tied to a process keep the `id()` that
//! built them.

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

use pyo3::prelude::*;

/// The cached id; 0 means "not read yet in this process".
static PID: AtomicU32 = AtomicU32::new(0);

/// The id of the calling process.
pub fn id() -> u32 {
    let pid = PID.load(Ordering::Relaxed);
    if pid != 0 {
        return pid;
    }
    // The handler goes in before the read: a fork from here on clears what
    // is stored below in the child, and the parent keeps its own id.
    let cacheable = watching_forks();
    let pid = std::process::id();
    if cacheable {
        PID.store(pid, Ordering::Relaxed);
    }
    pid
}

/// Whether a fork clears the cache (so that caching is safe).
#[cfg(unix)]
fn watching_forks() -> bool {
    static WATCHING: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    extern "C" fn in_child() {
        // Async-signal-safe: one atomic store.
        PID.store(0, Ordering::Relaxed);
    }
    // SAFETY: registers a handler that only stores to an atomic. It fails
    // only without memory; the id is then read afresh on every call.
    *WATCHING.get_or_init(|| unsafe { libc::pthread_atfork(None, None, Some(in_child)) } == 0)
}

/// No `fork()` elsewhere: the id never changes.
#[cfg(not(unix))]
fn watching_forks() -> bool {
    true
}

/// Python's main thread in this process: its `threading` ident, and the
/// process it was read in (a fork from another thread makes that thread the
/// child's main thread). Atomics, not a lock: reading the ident runs Python
/// code, which may switch threads, and a lock held across that would
/// deadlock with a thread waiting for it while holding the GIL.
static MAIN_THREAD_IDENT: AtomicU64 = AtomicU64::new(0);
static MAIN_THREAD_PID: AtomicU32 = AtomicU32::new(0);

/// Whether the caller is Python's main thread.
pub fn on_main_thread(py: Python<'_>, pid: u32) -> bool {
    let ident = if MAIN_THREAD_PID.load(Ordering::Acquire) == pid {
        MAIN_THREAD_IDENT.load(Ordering::Acquire)
    } else {
        let Ok(ident) = main_thread_ident(py) else {
            return false;
        };
        MAIN_THREAD_IDENT.store(ident, Ordering::Release);
        MAIN_THREAD_PID.store(pid, Ordering::Release);
        ident
    };
    // SAFETY: a plain query of the calling thread's id; the GIL is held.
    let current = unsafe { pyo3::ffi::PyThread_get_thread_ident() };
    #[allow(clippy::useless_conversion)] // `c_ulong` is 32 bits on Windows
    let current = u64::from(current);
    ident == current
}

fn main_thread_ident(py: Python<'_>) -> PyResult<u64> {
    py.import("threading")?
        .call_method0("main_thread")?
        .getattr("ident")?
        .extract()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_is_the_process_id() {
        assert_eq!(id(), std::process::id());
        assert_eq!(id(), std::process::id(), "cached");
    }
}
