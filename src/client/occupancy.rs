//! Telling sequential calls from overlapping ones.
//!
//! Sequential calls are cheapest over HTTP/1.1 (and, for sync calls, driven
//! on the caller's thread); overlapping calls are cheapest multiplexed over
//! one HTTP/2 connection on the shared runtime. A call counts as sequential
//! when nothing else is in flight and the call before it was alone too: a
//! burst of concurrent calls has gaps where everything just finished, and
//! sending the first call after such a gap another way would cost a second
//! connection, and a slower mix of the two.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering};

/// The calls in flight in one scope (the process, or one event loop).
pub struct Occupancy {
    /// The process counting: a forked child starts from zero (calls that
    /// were in flight on other threads at the fork never end there).
    pid: AtomicU32,
    in_flight: AtomicUsize,
    /// Whether the last call to start found nothing else in flight; true
    /// before the first call, so that a script's first and second calls
    /// share a connection (over a WAN each new one costs TLS round trips).
    last_was_alone: AtomicBool,
}

impl Default for Occupancy {
    fn default() -> Self {
        Self {
            pid: AtomicU32::new(crate::rt::process::id()),
            in_flight: AtomicUsize::new(0),
            last_was_alone: AtomicBool::new(true),
        }
    }
}

/// A call in flight, counted until it is dropped (also when its task is
/// aborted, which drops it).
pub struct InFlight {
    occupancy: Arc<Occupancy>,
    /// See the module comment.
    pub sequential: bool,
}

impl Occupancy {
    /// Count a call of process `pid` (`process::id`) in.
    pub fn enter(self: &Arc<Self>, pid: u32) -> InFlight {
        if self.pid.swap(pid, Ordering::AcqRel) != pid {
            self.in_flight.store(0, Ordering::Release);
        }
        let alone = self.in_flight.fetch_add(1, Ordering::AcqRel) == 0;
        let last_was_alone = self.last_was_alone.swap(alone, Ordering::AcqRel);
        InFlight {
            occupancy: Arc::clone(self),
            sequential: alone && last_was_alone,
        }
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        // Saturating: after a reset in a forked child, a call entered before
        // the fork must not wrap the count around.
        let _ = self
            .occupancy
            .in_flight
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_is_sequential_when_it_and_the_one_before_ran_alone() {
        let occupancy = Arc::new(Occupancy::default());
        let pid = std::process::id();
        assert!(occupancy.enter(pid).sequential, "the first call");
        assert!(occupancy.enter(pid).sequential);
        assert!(occupancy.enter(pid).sequential);
        let first = occupancy.enter(pid);
        let second = occupancy.enter(pid);
        assert!(first.sequential);
        assert!(!second.sequential, "overlaps the first");
        drop((first, second));
        assert!(
            !occupancy.enter(pid).sequential,
            "the call before it overlapped"
        );
        assert!(occupancy.enter(pid).sequential);
    }
}
