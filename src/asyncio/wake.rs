//! Waking an event loop from the runtime's workers, once per batch.
//!
//! A finished async request must wake its loop (a byte on a pipe the loop
//! watches). Written at once, that byte makes the loop thread runnable while
//! the worker still has other answers to finish; where both share a core the
//! kernel switches to the loop at once, which takes one or two answers and
//! goes back to sleep. So a worker holds the wake-up back until it runs out
//! of work (the runtime calls [`send_owed_wakes`] before a worker parks): the
//! loop then finds everything the worker finished in one batch, with far
//! fewer context switches. A worker that stays busy sends the wake-up from
//! a timer of [`OWED_WAKE_LIMIT`] (fired once the worker next checks its
//! timers), so no answer waits for an idle moment; the park that sends a
//! batch's wake-up also cancels that batch's timer, so a worker that went
//! idle is not woken again, a millisecond later, for nothing.

use std::cell::RefCell;
use std::io::{PipeReader, PipeWriter, Write};
use std::os::fd::{AsRawFd, RawFd};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::task::AbortHandle;

/// How long a busy worker holds a loop's wake-up back (see the module doc).
pub const OWED_WAKE_LIMIT: Duration = Duration::from_millis(1);

/// The writing end of a loop's wake-up pipe.
pub struct LoopWake {
    /// A pipe, not a socketpair: a one-byte write and read cost less (no
    /// socket buffer to allocate per write).
    pipe: PipeWriter,
    /// A copy of the read end, never read: the pipe always has a reader, so
    /// a late write for a collected loop cannot raise SIGPIPE (which kills
    /// a process that restored its default action).
    _reader: PipeReader,
    /// A worker holds this loop's wake-up back (see the module doc).
    owed: AtomicBool,
    /// How long a busy worker may hold it: [`OWED_WAKE_LIMIT`].
    limit: Duration,
}

/// A wake-up a worker holds back, with the timer of the batch it started
/// (`None` if another worker's batch of the same loop started it).
type Owed = (Arc<LoopWake>, Option<AbortHandle>);

thread_local! {
    /// On a runtime worker (known from its first park on): the loops whose
    /// wake-up it holds back. Other threads wake at once.
    static OWED: RefCell<Option<Vec<Owed>>> = const { RefCell::new(None) };
}

/// A non-blocking pipe: the end the loop watches, and the end that wakes it.
pub fn pipe() -> std::io::Result<(PipeReader, Arc<LoopWake>)> {
    pipe_with_limit(OWED_WAKE_LIMIT)
}

fn pipe_with_limit(limit: Duration) -> std::io::Result<(PipeReader, Arc<LoopWake>)> {
    let (reader, writer) = std::io::pipe()?;
    // Neither end may block: not the loop in its callback, nor a worker
    // writing to a full pipe (full means a wake-up is pending anyway).
    set_nonblocking(reader.as_raw_fd())?;
    set_nonblocking(writer.as_raw_fd())?;
    let wake = LoopWake {
        pipe: writer,
        _reader: reader.try_clone()?,
        owed: AtomicBool::new(false),
        limit,
    };
    Ok((reader, Arc::new(wake)))
}

fn set_nonblocking(fd: RawFd) -> std::io::Result<()> {
    // SAFETY: plain fcntl calls on a descriptor `pipe` just created.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if flags < 0 || unsafe { libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK) } < 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

impl LoopWake {
    /// Wake the loop for a batch that has just begun: at once, or, on a
    /// runtime worker, when the worker runs out of work (see the module doc).
    pub fn wake_soon(self: &Arc<Self>) {
        OWED.with_borrow_mut(|owed| {
            let Some(owed) = owed.as_mut() else {
                self.wake();
                return;
            };
            // Already owed: a timer for it is running, which is enough.
            let timer = (!self.owed.swap(true, Ordering::AcqRel)).then(|| {
                // On a worker, so inside the runtime: the deadline for a
                // worker that stays busy.
                let wake = Arc::clone(self);
                tokio::spawn(async move {
                    tokio::time::sleep(wake.limit).await;
                    wake.send_owed();
                })
                .abort_handle()
            });
            match owed.iter_mut().find(|(held, _)| Arc::ptr_eq(held, self)) {
                Some((_, held_timer)) => *held_timer = timer.or(held_timer.take()),
                None => owed.push((Arc::clone(self), timer)),
            }
        });
    }

    fn send_owed(&self) {
        if self.owed.swap(false, Ordering::AcqRel) {
            self.wake();
        }
    }

    fn wake(&self) {
        // A full pipe means a wake-up is pending already: nothing is lost.
        let _ = (&self.pipe).write(&[1]);
    }
}

/// Before a runtime worker parks: send the wake-ups it held back. The first
/// call also marks the thread as a worker that may hold them back.
pub fn send_owed_wakes() {
    OWED.with_borrow_mut(|owed| {
        for (wake, timer) in owed.get_or_insert_with(Vec::new).drain(..) {
            wake.send_owed();
            // Its deadline is met: it would only wake this worker later.
            if let Some(timer) = timer {
                timer.abort();
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use std::io::{ErrorKind, Read};
    use std::time::Instant;

    use super::*;

    /// Long enough that, within a test, only a park can send a held byte.
    const NEVER: Duration = Duration::from_secs(3600);

    /// One worker, marked as one that holds wake-ups back.
    fn runtime() -> tokio::runtime::Runtime {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .on_thread_park(send_owed_wakes)
            .build()
            .unwrap();
        runtime
            .block_on(runtime.spawn(async { send_owed_wakes() }))
            .unwrap();
        runtime
    }

    /// The bytes waiting in the pipe, read one at a time.
    fn bytes_waiting(reader: &mut PipeReader) -> usize {
        let mut count = 0;
        loop {
            match reader.read(&mut [0; 1]) {
                Ok(1) => count += 1,
                Ok(_) => return count,
                Err(err) if err.kind() == ErrorKind::WouldBlock => return count,
                Err(err) => panic!("{err}"),
            }
        }
    }

    /// Wait up to 10 s for the pipe to become readable.
    fn readable_within_10s(reader: &PipeReader) -> bool {
        let mut poll = libc::pollfd {
            fd: reader.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd for the duration of the call.
        unsafe { libc::poll(&mut poll, 1, 10_000) == 1 }
    }

    #[test]
    fn outside_a_worker_the_wake_is_immediate() {
        let (mut reader, wake) = pipe().unwrap();
        wake.wake_soon();
        assert_eq!(bytes_waiting(&mut reader), 1);
    }

    #[test]
    fn a_worker_holds_the_wake_back_while_it_works() {
        let runtime = runtime();
        let (mut reader, wake) = pipe_with_limit(NEVER).unwrap();
        let waiting = runtime.block_on(async move {
            tokio::spawn(async move {
                wake.wake_soon();
                wake.wake_soon();
                bytes_waiting(&mut reader)
            })
            .await
            .unwrap()
        });
        assert_eq!(waiting, 0, "woke before the worker ran out of work");
    }

    #[test]
    fn the_parking_worker_sends_one_byte_per_batch() {
        let runtime = runtime();
        // No timer can send it: only the park does.
        let (mut reader, wake) = pipe_with_limit(NEVER).unwrap();
        runtime.block_on(async move {
            tokio::spawn(async move {
                wake.wake_soon();
                wake.wake_soon();
            })
            .await
            .unwrap();
        });
        assert!(readable_within_10s(&reader), "no wake-up after the batch");
        assert_eq!(bytes_waiting(&mut reader), 1);
    }

    #[test]
    fn the_park_cancels_the_batch_timer() {
        let runtime = runtime();
        let (mut reader, wake) = pipe_with_limit(NEVER).unwrap();
        runtime.block_on(async move {
            tokio::spawn(async move { wake.wake_soon() }).await.unwrap();
        });
        assert!(readable_within_10s(&reader), "no wake-up after the batch");
        assert_eq!(bytes_waiting(&mut reader), 1);
        // The timer task would otherwise sleep for an hour.
        let metrics = runtime.metrics();
        let started = Instant::now();
        while metrics.num_alive_tasks() > 0 {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "the timer still runs"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    #[test]
    fn a_busy_worker_wakes_after_the_limit() {
        let runtime = runtime();
        let (mut reader, wake) = pipe().unwrap();
        let started = Instant::now();
        let waited = runtime.block_on(async move {
            tokio::spawn(async move {
                wake.wake_soon();
                // Busy and never idle: yielding keeps this task runnable,
                // so the worker never parks, for up to 10 s.
                while started.elapsed() < Duration::from_secs(10) {
                    if bytes_waiting(&mut reader) > 0 {
                        return Some(started.elapsed());
                    }
                    tokio::task::yield_now().await;
                }
                None
            })
            .await
            .unwrap()
        });
        let waited = waited.expect("no wake-up while the worker stayed busy");
        assert!(waited >= OWED_WAKE_LIMIT, "woke after {waited:?}");
    }
}
