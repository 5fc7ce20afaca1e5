//! A value built once per process, read without a lock.
//!
//! A forked child inherits the parent's memory but not its threads, so a
//! value tied to them must be built again there: a client whose connections
//! the parent's runtime drives, request slots held by the parent's requests.
//! The parent's value is leaked in the child, never dropped: dropping it
//! there could touch what only the parent's threads may (a runtime, sockets
//! the parent still uses).
//!
//! No lock, because a fork can happen while another thread holds one: a
//! `RwLock` read-locked by a parent's thread at that instant stays locked
//! forever in the child, whose rebuild would then wait forever. Instead the
//! value carries the process id that built it, behind one atomic pointer
//! that a rebuild swaps. Two threads of a new process may both build; one
//! value wins and the other is dropped.

use std::convert::Infallible;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicPtr, Ordering};

use crate::rt::process;

pub struct PerProcess<T> {
    /// Null until the first build.
    current: AtomicPtr<Built<T>>,
    /// Owns a `T`: `Send` and `Sync` only where `T` is (an `AtomicPtr`
    /// alone would be both for any `T`).
    _owns: PhantomData<T>,
}

struct Built<T> {
    /// The process (`process::id`) that built `value`.
    pid: u32,
    value: T,
}

impl<T> PerProcess<T> {
    pub const fn new() -> Self {
        Self {
            current: AtomicPtr::new(std::ptr::null_mut()),
            _owns: PhantomData,
        }
    }

    /// This process's value, built by `build` if it has none yet.
    pub fn get_or_build(&self, build: impl FnOnce() -> T) -> &T {
        match self.get_or_try_build(|| Ok::<_, Infallible>(build())) {
            Ok(value) => value,
        }
    }

    /// This process's value, built by `build` if it has none yet; a failed
    /// build is tried again on the next call.
    pub fn get_or_try_build<E>(&self, build: impl FnOnce() -> Result<T, E>) -> Result<&T, E> {
        let pid = process::id();
        let seen = self.current.load(Ordering::Acquire);
        // SAFETY: a published value is freed only by `drop`, which takes
        // `&mut self`, so it outlives the `&self` this borrow is tied to.
        if let Some(built) = unsafe { seen.as_ref() }
            && built.pid == pid
        {
            return Ok(&built.value);
        }
        let fresh = Box::into_raw(Box::new(Built {
            pid,
            value: build()?,
        }));
        match self
            .current
            .compare_exchange(seen, fresh, Ordering::AcqRel, Ordering::Acquire)
        {
            // `seen` (null, or the parent's value) is leaked: see the module
            // comment.
            // SAFETY: just published, freed only by `drop` (as above).
            Ok(_) => Ok(unsafe { &(*fresh).value }),
            Err(winner) => {
                // SAFETY: `fresh` was never published; this thread owns it.
                drop(unsafe { Box::from_raw(fresh) });
                // SAFETY: published by the thread that won, as above; it
                // built for this process, since ours is the only pid here.
                Ok(unsafe { &(*winner).value })
            }
        }
    }
}

impl<T> Drop for PerProcess<T> {
    fn drop(&mut self) {
        let current = *self.current.get_mut();
        // SAFETY: `&mut self`: no borrow of the value is left.
        if let Some(built) = unsafe { current.as_ref() }
            && built.pid == process::id()
        {
            // SAFETY: built in this process and published once; nothing else
            // frees it.
            drop(unsafe { Box::from_raw(current) });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_once_per_process() {
        let value = PerProcess::new();
        let mut builds = 0;
        for _ in 0..3 {
            let got = value.get_or_try_build(|| {
                builds += 1;
                Ok::<_, ()>(42)
            });
            assert_eq!(got, Ok(&42));
        }
        assert_eq!(builds, 1);
    }

    #[test]
    fn a_failed_build_is_tried_again() {
        let value = PerProcess::new();
        assert_eq!(value.get_or_try_build(|| Err("no")), Err("no"));
        assert_eq!(value.get_or_try_build(|| Ok::<_, &str>(7)), Ok(&7));
    }

    #[test]
    fn threads_racing_to_build_all_get_the_one_that_won() {
        let value = &PerProcess::new();
        let got: Vec<usize> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..8)
                .map(|n| scope.spawn(move || *value.get_or_try_build(|| Ok::<_, ()>(n)).unwrap()))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert!(got.windows(2).all(|pair| pair[0] == pair[1]), "{got:?}");
    }
}
