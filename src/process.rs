//! The id of this process, read once, and again after a `fork()`.
//!
//! Every call checks it (a forked child must not use the parent's runtime,
//! clients or threads), and `getpid` is a real system call: three of them
//! per request showed up in profiles of 64 threads calling at once. So the
//! id is cached, and a `pthread_atfork` handler clears the cache in every
//! child, whoever forks (`os.fork`, `multiprocessing`, a C library).

use std::sync::atomic::{AtomicU32, Ordering};

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_is_the_process_id() {
        assert_eq!(id(), std::process::id());
        assert_eq!(id(), std::process::id(), "cached");
    }
}
