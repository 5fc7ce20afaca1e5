//! A value built by exactly one thread per process, read without a lock.
//!
//! Like `per_process`, but two threads never both build: some values must
//! not be built twice and the loser dropped (a tokio runtime dropped inside
//! an async context panics). So one atomic word holds the process that
//! claimed the build and how far it got. A racing thread of the same process
//! waits for the winner. A forked child that finds a build claimed by
//! another process (its parent, which may have been building when it forked:
//! that thread does not exist in the child) takes it over. No lock, since a
//! lock held by a parent's thread at the fork stays locked in the child.

use std::marker::PhantomData;
use std::sync::atomic::{AtomicPtr, AtomicU64, Ordering};
use std::time::Duration;

use crate::rt::process;

/// The low bits of the state word: how far the claiming process got.
const BUILDING: u64 = 1;
const BUILT: u64 = 2;

/// How long a thread sleeps between looks at a build another thread runs.
const BUILD_POLL: Duration = Duration::from_micros(100);

pub struct ExclusivePerProcess<T> {
    /// `pid << 2 | phase` of the last claim; 0 before any.
    state: AtomicU64,
    /// The value, published before the state says [`BUILT`]. A parent's
    /// value is leaked in a child, never dropped (see `per_process`).
    value: AtomicPtr<T>,
    /// Owns a `T`: `Send` and `Sync` only where `T` is.
    _owns: PhantomData<T>,
}

impl<T> ExclusivePerProcess<T> {
    pub const fn new() -> Self {
        Self {
            state: AtomicU64::new(0),
            value: AtomicPtr::new(std::ptr::null_mut()),
            _owns: PhantomData,
        }
    }

    /// This process's value, built by `build` in the first thread to ask.
    pub fn get_or_build(&self, build: impl FnOnce() -> T) -> &T {
        let pid = u64::from(process::id());
        let building = pid << 2 | BUILDING;
        let built = pid << 2 | BUILT;
        let mut build = Some(build);
        loop {
            let seen = self.state.load(Ordering::Acquire);
            if seen == built {
                // SAFETY: published (Release) before the state said BUILT,
                // and never freed.
                return unsafe { &*self.value.load(Ordering::Acquire) };
            }
            if seen == building {
                std::thread::sleep(BUILD_POLL);
                continue;
            }
            // Never built, or built or being built by another process.
            if self
                .state
                .compare_exchange(seen, building, Ordering::AcqRel, Ordering::Acquire)
                .is_err()
            {
                continue;
            }
            let release_on_panic = ReleaseClaim(&self.state);
            let build = build.take().expect("only the claiming thread builds");
            let value = Box::into_raw(Box::new(build()));
            std::mem::forget(release_on_panic);
            self.value.store(value, Ordering::Release);
            self.state.store(built, Ordering::Release);
            // SAFETY: just published, never freed.
            return unsafe { &*value };
        }
    }
}

/// Gives a claim up if the build panics, so that waiting threads do not
/// wait for ever (the next one to ask builds).
struct ReleaseClaim<'a>(&'a AtomicU64);

impl Drop for ReleaseClaim<'_> {
    fn drop(&mut self) {
        self.0.store(0, Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicUsize;
    #[cfg(unix)]
    use std::sync::mpsc;
    #[cfg(unix)]
    use std::time::Instant;

    use super::*;

    #[test]
    fn racing_threads_wait_for_the_one_build() {
        let value = &ExclusivePerProcess::new();
        let builds = &AtomicUsize::new(0);
        let got: Vec<usize> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..8)
                .map(|n| {
                    scope.spawn(move || {
                        *value.get_or_build(|| {
                            builds.fetch_add(1, Ordering::SeqCst);
                            std::thread::sleep(Duration::from_millis(20));
                            n
                        })
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert_eq!(builds.load(Ordering::SeqCst), 1);
        assert!(got.windows(2).all(|pair| pair[0] == pair[1]), "{got:?}");
    }

    #[test]
    fn a_panicking_build_lets_the_next_caller_build() {
        let value = ExclusivePerProcess::new();
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            value.get_or_build(|| panic!("no"));
        }));
        assert!(panicked.is_err());
        assert_eq!(*value.get_or_build(|| 7), 7);
    }

    /// The child of a fork made while another thread builds must build its
    /// own value instead of waiting for a thread it does not have.
    #[cfg(unix)]
    #[test]
    fn a_child_forked_during_a_build_builds_its_own() {
        static VALUE: ExclusivePerProcess<&str> = ExclusivePerProcess::new();
        let (started, building) = mpsc::channel();
        let builder = std::thread::spawn(move || {
            *VALUE.get_or_build(|| {
                started.send(()).unwrap();
                std::thread::sleep(Duration::from_millis(500));
                "parent"
            })
        });
        building.recv().unwrap();
        // SAFETY: the child only reads atomics, allocates (glibc's malloc
        // is safe after a fork) and leaves with `_exit`.
        let child = unsafe { libc::fork() };
        assert!(child >= 0, "fork failed");
        if child == 0 {
            let got = *VALUE.get_or_build(|| "child");
            // SAFETY: ends the child without running the test harness's code.
            unsafe { libc::_exit(if got == "child" { 0 } else { 1 }) };
        }
        let status = wait_for_child(child, Duration::from_secs(10));
        assert_eq!(builder.join().unwrap(), "parent");
        assert_eq!(status, Some(0), "the child hung or built nothing");
    }

    /// The child's exit status, or `None` if it was still running after
    /// `limit` (it is killed then).
    #[cfg(unix)]
    fn wait_for_child(child: libc::pid_t, limit: Duration) -> Option<i32> {
        let deadline = Instant::now() + limit;
        let mut status = 0;
        while Instant::now() < deadline {
            // SAFETY: waits for our own child, without blocking.
            match unsafe { libc::waitpid(child, &mut status, libc::WNOHANG) } {
                0 => std::thread::sleep(Duration::from_millis(10)),
                _ if libc::WIFEXITED(status) => return Some(libc::WEXITSTATUS(status)),
                _ => return Some(-1),
            }
        }
        // SAFETY: our own child, which we then reap.
        unsafe {
            libc::kill(child, libc::SIGKILL);
            libc::waitpid(child, &mut status, 0);
        }
        None
    }
}
