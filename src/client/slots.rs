//! How many requests of a pool are out at once, and when a cancelled one
//! frees its place.
//!
//! Past the server's limit on concurrent HTTP/2 streams, h2 queues requests
//! itself and, for those cancelled while queued, later sends HEADERS followed
//! at once by RST_STREAM. Servers take a burst of those for the "rapid reset"
//! attack (CVE-2023-44487) and close the connection, failing every request
//! on it; hyper's own server does so with its default limit of 200 streams.
//! So a pool lets at most [`MAX_IN_FLIGHT`] requests out;
//! the others wait for a slot here, where a cancelled one was never sent.
//!
//! A cancelled request gives its slot back only after
//! [`CANCELLED_SLOT_DELAY`]. Cancellations come in bursts (a task group
//! failing, a timeout around `gather`): given back at once, each slot would
//! go to a waiting request of the same burst, which would be sent and then
//! cancelled a moment later, the same HEADERS-then-RST_STREAM pattern.
//!
//! A forked child gets slots of its own: the parent's threads whose requests
//! held slots at the fork do not exist there to give them back.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

use crate::rt::per_process::PerProcess;

/// The lowest limit on concurrent HTTP/2 streams that common servers
/// advertise (HAProxy's default; RFC 9113 recommends allowing at least 100).
pub const MAX_IN_FLIGHT: usize = 100;

/// Long enough for a burst of cancellations, which Python issues in one
/// turn of the event loop, to have reached every request it cancels.
pub const CANCELLED_SLOT_DELAY: Duration = Duration::from_millis(50);

/// The request slots of one pool (clones share them).
#[derive(Clone)]
pub struct RequestSlots {
    capacity: usize,
    /// Each process has its own (see the module comment).
    semaphore: Arc<PerProcess<Arc<Semaphore>>>,
}

impl Default for RequestSlots {
    fn default() -> Self {
        Self::with_capacity(MAX_IN_FLIGHT)
    }
}

/// A slot, held while a request is out. Dropped without [`Slot::end`] (the
/// request was cancelled), it frees its place after [`CANCELLED_SLOT_DELAY`].
pub struct Slot(Option<OwnedSemaphorePermit>);

impl RequestSlots {
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            capacity,
            semaphore: Arc::new(PerProcess::new()),
        }
    }

    /// A slot, waiting for one until `deadline` at most; `None` if none
    /// came free by then, or one did with less than `min_left` to go: such
    /// a request would time out on the wire and be reset, the pattern these
    /// slots are there to avoid, and a POST would then count as maybe sent.
    pub async fn take_before(&self, deadline: Instant, min_left: Duration) -> Option<Slot> {
        let semaphore = self.of_this_process();
        // A free slot is the common case: no timer for it.
        if let Ok(permit) = Arc::clone(semaphore).try_acquire_owned() {
            return Some(Slot(Some(permit)));
        }
        let permit = tokio::time::timeout_at(deadline, Arc::clone(semaphore).acquire_owned()).await;
        // The semaphore is never closed, so `acquire_owned` cannot fail.
        let slot = Slot(Some(permit.ok()?.ok()?));
        if deadline.saturating_duration_since(Instant::now()) < min_left {
            slot.end();
            return None;
        }
        Some(slot)
    }

    /// The semaphore of this process, all free when it is a new one.
    fn of_this_process(&self) -> &Arc<Semaphore> {
        self.semaphore
            .get_or_build(|| Arc::new(Semaphore::new(self.capacity)))
    }

    /// Slots free right now.
    #[cfg(test)]
    fn available(&self) -> usize {
        self.of_this_process().available_permits()
    }
}

impl Slot {
    /// The request ended (answered or failed): the slot is free at once.
    pub fn end(mut self) {
        drop(self.0.take());
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let Some(permit) = self.0.take() else {
            return;
        };
        // On the shared runtime, whose workers always run: a thread's own
        // runtime (`thread_driver`) runs only while that thread is in a call.
        crate::rt::runtime::runtime().spawn(async move {
            tokio::time::sleep(CANCELLED_SLOT_DELAY).await;
            drop(permit);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn far_off() -> Instant {
        Instant::now() + Duration::from_secs(60)
    }

    #[tokio::test]
    async fn an_ended_request_frees_its_slot_at_once() {
        let slots = RequestSlots::with_capacity(1);
        let slot = slots
            .take_before(far_off(), Duration::ZERO)
            .await
            .expect("a free slot");
        assert_eq!(slots.available(), 0);
        slot.end();
        assert_eq!(slots.available(), 1);
    }

    #[tokio::test]
    async fn a_cancelled_request_frees_its_slot_after_the_delay() {
        let slots = RequestSlots::with_capacity(1);
        let cancelled_at = std::time::Instant::now();
        drop(
            slots
                .take_before(far_off(), Duration::ZERO)
                .await
                .expect("a free slot"),
        );
        assert_eq!(slots.available(), 0, "freed at once");
        let next = slots
            .take_before(far_off(), Duration::ZERO)
            .await
            .expect("freed later");
        assert!(cancelled_at.elapsed() >= CANCELLED_SLOT_DELAY);
        next.end();
    }

    #[tokio::test(start_paused = true)]
    async fn waiting_for_a_slot_ends_at_the_deadline() {
        let slots = RequestSlots::with_capacity(1);
        let held = slots
            .take_before(far_off(), Duration::ZERO)
            .await
            .expect("a free slot");
        let deadline = Instant::now() + Duration::from_secs(2);
        assert!(slots.take_before(deadline, Duration::ZERO).await.is_none());
        assert_eq!(Instant::now(), deadline);
        held.end();
    }

    #[tokio::test(start_paused = true)]
    async fn a_slot_that_comes_too_late_is_passed_on() {
        let slots = RequestSlots::with_capacity(1);
        let held = slots
            .take_before(far_off(), Duration::ZERO)
            .await
            .expect("free");
        let deadline = Instant::now() + Duration::from_secs(1);
        let waiter = tokio::spawn({
            let slots = slots.clone();
            async move {
                slots
                    .take_before(deadline, Duration::from_millis(100))
                    .await
                    .is_some()
            }
        });
        tokio::time::sleep(Duration::from_millis(950)).await;
        held.end();
        assert!(!waiter.await.unwrap(), "taken with 50 ms left of 100");
        assert_eq!(slots.available(), 1);
    }
}
