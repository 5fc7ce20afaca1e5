//! What a pool's server speaks, learned from ALPN, and the gate that holds
//! a cold burst back until it is known.
//!
//! A client cannot know a server speaks HTTP/2 before ALPN completes on a
//! first connection, so every request of a burst on a cold negotiating
//! client starts a TLS connection of its own. So while the protocol is
//! unknown, one overlapping request of the process goes alone over the
//! negotiating client (the probe), and the others wait at the gate until its
//! connection tells the protocol (see `learn_alpn`), or until it fails (they
//! then go as they are, and the next burst probes again). Once it is known,
//! overlapping calls take a client made for it (see `pool`): over HTTP/2,
//! one whose hyper pool lets a single connection attempt out at a time, so
//! the gate never needs to close again, whether the connection later closed
//! while idle, hit a GOAWAY or was replaced.
//!
//! An HTTP/1.1-only request to a server that speaks HTTP/2 alone gets HTTP/2
//! frames back: the server did not process it. Once the negotiating client
//! confirms the server chose HTTP/2, every call goes over HTTP/2
//! (`NeedsHttp2`).
//!
//! The protocol is a fact about the server, so a forked child keeps what
//! its parent learned; the gate is per process, since a probe of the parent
//! never ends in the child.

use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

use tokio::sync::Notify;

use crate::rt::per_process::PerProcess;

/// What the server is known to speak.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Known {
    /// The negotiating client has not connected yet.
    Unknown,
    /// ALPN chose HTTP/1.1.
    Http1,
    /// ALPN chose HTTP/2; HTTP/1.1 works too.
    Http2,
    /// HTTP/1.1 requests fail, and ALPN chose HTTP/2.
    NeedsHttp2,
}

const UNKNOWN: u8 = 0;
const HTTP1: u8 = 1;
const HTTP2: u8 = 2;
const NEEDS_HTTP2: u8 = 3;

pub struct ServerProtocol {
    known: AtomicU8,
    gate: PerProcess<Gate>,
}

#[derive(Default)]
struct Gate {
    /// A probe is out.
    probing: AtomicBool,
    /// Woken when the protocol is learned, and when the probe ends.
    probe_ended: Notify,
}

/// The request that learns the protocol; ending it (dropped: answered,
/// failed or cancelled) lets the requests at the gate go.
pub struct Probe<'a> {
    protocol: &'a ServerProtocol,
}

/// How an overlapping request may go while the protocol is unknown.
pub enum Pass<'a> {
    /// Alone, to learn the protocol.
    Probe(Probe<'a>),
    /// The protocol became known meanwhile.
    Known(Known),
    /// The probe ended without a connection telling (it failed, or was
    /// cancelled): go as before, over the negotiating client (a server that
    /// cannot be reached gains nothing from more waiting).
    Unlearned,
}

impl Default for ServerProtocol {
    fn default() -> Self {
        Self {
            known: AtomicU8::new(UNKNOWN),
            gate: PerProcess::new(),
        }
    }
}

impl ServerProtocol {
    /// One atomic load: this is on every call's path.
    pub fn known(&self) -> Known {
        match self.known.load(Ordering::Acquire) {
            UNKNOWN => Known::Unknown,
            HTTP1 => Known::Http1,
            HTTP2 => Known::Http2,
            _ => Known::NeedsHttp2,
        }
    }

    /// A connection of the negotiating client is ready; ALPN chose HTTP/2
    /// (`h2`) or not.
    pub fn negotiated(&self, h2: bool) {
        let learned = if h2 { HTTP2 } else { HTTP1 };
        // Never overrides "needs HTTP/2", which an HTTP/1.1 request proved.
        let _ = self
            .known
            .compare_exchange(UNKNOWN, learned, Ordering::AcqRel, Ordering::Acquire);
        self.open_gate();
    }

    /// An HTTP/1.1-only request could not parse the answer, and ALPN
    /// chose HTTP/2.
    pub fn refused_http1(&self) {
        self.known.store(NEEDS_HTTP2, Ordering::Release);
        self.open_gate();
    }

    fn open_gate(&self) {
        self.gate().probe_ended.notify_waiters();
    }

    fn gate(&self) -> &Gate {
        self.gate.get_or_build(Gate::default)
    }

    /// Pass the gate, waiting for the probe if one is out; `None` when the
    /// deadline passed first, or less than `min_left` of it is left once
    /// the probe ends (as with a request slot, see `slots`).
    pub async fn pass_before(
        &self,
        deadline: tokio::time::Instant,
        min_left: std::time::Duration,
    ) -> Option<Pass<'_>> {
        let gate = self.gate();
        let ended = gate.probe_ended.notified();
        let mut ended = std::pin::pin!(ended);
        // Registered before the checks below, so an end between them and the
        // wait is not missed.
        ended.as_mut().enable();
        match self.known() {
            Known::Unknown => {}
            known => return Some(Pass::Known(known)),
        }
        if gate
            .probing
            .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
        {
            return Some(Pass::Probe(Probe { protocol: self }));
        }
        tokio::time::timeout_at(deadline, ended).await.ok()?;
        if deadline.saturating_duration_since(tokio::time::Instant::now()) < min_left {
            return None;
        }
        Some(match self.known() {
            Known::Unknown => Pass::Unlearned,
            known => Pass::Known(known),
        })
    }
}

impl Drop for Probe<'_> {
    fn drop(&mut self) {
        let gate = self.protocol.gate();
        gate.probing.store(false, Ordering::Release);
        gate.probe_ended.notify_waiters();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn far_off() -> tokio::time::Instant {
        tokio::time::Instant::now() + Duration::from_secs(60)
    }

    #[tokio::test]
    async fn one_request_probes_and_the_others_wait_until_it_learns() {
        let protocol = ServerProtocol::default();
        let Some(Pass::Probe(probe)) = protocol.pass_before(far_off(), Duration::ZERO).await else {
            panic!("the first request probes");
        };
        let waiting = protocol.pass_before(far_off(), Duration::ZERO);
        let mut waiting = std::pin::pin!(waiting);
        assert!(
            futures_poll_once(waiting.as_mut()).await.is_none(),
            "waits while the probe is out"
        );
        protocol.negotiated(true);
        drop(probe);
        assert!(matches!(waiting.await, Some(Pass::Known(Known::Http2))));
        assert_eq!(protocol.known(), Known::Http2);
    }

    #[tokio::test]
    async fn a_failed_probe_lets_the_others_go_unlearned() {
        let protocol = ServerProtocol::default();
        let Some(Pass::Probe(probe)) = protocol.pass_before(far_off(), Duration::ZERO).await else {
            panic!("the first request probes");
        };
        let waiting = protocol.pass_before(far_off(), Duration::ZERO);
        let mut waiting = std::pin::pin!(waiting);
        assert!(futures_poll_once(waiting.as_mut()).await.is_none());
        drop(probe);
        assert!(matches!(waiting.await, Some(Pass::Unlearned)));
        assert!(
            matches!(
                protocol.pass_before(far_off(), Duration::ZERO).await,
                Some(Pass::Probe(_))
            ),
            "the next burst probes again"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn waiting_at_the_gate_ends_at_the_deadline() {
        let protocol = ServerProtocol::default();
        let _probe = protocol.pass_before(far_off(), Duration::ZERO).await;
        let deadline = tokio::time::Instant::now() + Duration::from_secs(2);
        assert!(
            protocol
                .pass_before(deadline, Duration::ZERO)
                .await
                .is_none()
        );
        assert_eq!(tokio::time::Instant::now(), deadline);
    }

    #[tokio::test(start_paused = true)]
    async fn a_probe_that_ends_too_late_sends_no_one() {
        let protocol: &'static ServerProtocol = Box::leak(Box::default());
        let Some(Pass::Probe(probe)) = protocol.pass_before(far_off(), Duration::ZERO).await else {
            panic!("the first request probes");
        };
        let deadline = tokio::time::Instant::now() + Duration::from_secs(1);
        let waiter = tokio::spawn(async move {
            protocol
                .pass_before(deadline, Duration::from_millis(100))
                .await
                .is_some()
        });
        tokio::time::sleep(Duration::from_millis(950)).await;
        drop(probe);
        assert!(!waiter.await.unwrap(), "passed with 50 ms left of 100");
    }

    #[test]
    fn needing_http2_is_never_unlearned() {
        let protocol = ServerProtocol::default();
        protocol.refused_http1();
        protocol.negotiated(false);
        assert_eq!(protocol.known(), Known::NeedsHttp2);
    }

    /// `Some(output)` if `fut` is ready at its first poll.
    async fn futures_poll_once<F: std::future::Future + Unpin>(fut: F) -> Option<F::Output> {
        let mut fut = fut;
        std::future::poll_fn(|cx| {
            std::task::Poll::Ready(match std::pin::Pin::new(&mut fut).poll(cx) {
                std::task::Poll::Ready(output) => Some(output),
                std::task::Poll::Pending => None,
            })
        })
        .await
    }
}
