//! A pool's HTTP/2 client, replaced before h2 closes its connection over
//! answers to abandoned requests.
//!
//! h2 resets the stream of a request that timed out or was cancelled, and
//! remembers the reset for about a second. An answer arriving later (a slow
//! server) counts as a "local error reset", and at 1,024 of those in the
//! life of a connection h2 closes it with a GOAWAY, failing every request in
//! flight on it. reqwest does not expose hyper's setting for that limit, so
//! each client counts the requests abandoned on it (timed out after being
//! sent, or cancelled, which may count one never sent: it only brings the
//! replacement closer) and, past half the limit (h2 counts other resets
//! too), new requests get a new client. The old one carries its requests in
//! flight to their end and is dropped with the last of them.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use arc_swap::ArcSwap;

use crate::client::config::PoolConfig;

/// Abandoned requests after which a client is replaced.
pub const REPLACE_AFTER_ABANDONED: usize = 512;

/// The current HTTP/2 client of a pool in this process.
pub struct Http2Clients {
    current: ArcSwap<Http2Client>,
}

pub struct Http2Client {
    pub client: reqwest::Client,
    abandoned: AtomicUsize,
}

/// A request out on an HTTP/2 client. Dropped without [`Sent::answered`]
/// (cancelled, or timed out) it counts as abandoned.
pub struct Sent<'a> {
    clients: &'a Http2Clients,
    config: &'a PoolConfig,
    pub on: Arc<Http2Client>,
    answered: bool,
}

impl Http2Clients {
    pub fn new(client: reqwest::Client) -> Self {
        Self {
            current: ArcSwap::from_pointee(Http2Client::new(client)),
        }
    }

    /// A request about to go out on the current client; `config` builds
    /// the next one when this one is replaced.
    pub fn send<'a>(&'a self, config: &'a PoolConfig) -> Sent<'a> {
        Sent {
            clients: self,
            config,
            on: self.current.load_full(),
            answered: false,
        }
    }

    /// Count a request abandoned on `client`, replacing it at the threshold
    /// (once: the count passes it only once).
    fn abandoned(
        &self,
        client: &Arc<Http2Client>,
        build: impl FnOnce() -> Result<reqwest::Client, String>,
    ) {
        if client.abandoned.fetch_add(1, Ordering::Relaxed) + 1 != REPLACE_AFTER_ABANDONED {
            return;
        }
        // A failed build (the CA bundle became unreadable) leaves the old
        // client going; this runs on a runtime thread, with no call to log on.
        if let Ok(next) = build() {
            self.current
                .compare_and_swap(client, Arc::new(Http2Client::new(next)));
        }
    }
}

impl Http2Client {
    fn new(client: reqwest::Client) -> Self {
        Self {
            client,
            abandoned: AtomicUsize::new(0),
        }
    }
}

impl Sent<'_> {
    /// An answer, or a failure that is not ours: nothing was abandoned.
    pub fn answered(mut self) {
        self.answered = true;
    }
}

impl Drop for Sent<'_> {
    fn drop(&mut self) {
        if !self.answered {
            let config = self.config;
            self.clients.abandoned(&self.on, || {
                crate::client::build::try_build_client(
                    config,
                    &crate::client::build::Protocols::Http2,
                )
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> PoolConfig {
        PoolConfig {
            connect_timeout: std::time::Duration::from_secs(1),
            verify: crate::client::config::Verify::System,
            user_agent: "test".to_owned(),
            proxy: None,
        }
    }

    fn client() -> reqwest::Client {
        crate::client::build::try_build_client(&config(), &crate::client::build::Protocols::Http2)
            .unwrap()
    }

    #[test]
    fn a_client_is_replaced_once_past_the_threshold() {
        let clients = Http2Clients::new(client());
        let first = clients.current.load_full();
        let mut builds = 0;
        for _ in 0..REPLACE_AFTER_ABANDONED - 1 {
            clients.abandoned(&first, || panic!("replaced too early"));
        }
        assert!(Arc::ptr_eq(&first, &clients.current.load_full()));
        for _ in 0..3 {
            clients.abandoned(&first, || {
                builds += 1;
                Ok(client())
            });
        }
        assert_eq!(builds, 1);
        let second = clients.current.load_full();
        assert!(
            !Arc::ptr_eq(&first, &second),
            "new requests get a new client"
        );
        assert_eq!(second.abandoned.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn answered_requests_do_not_count() {
        let config = config();
        let clients = Http2Clients::new(client());
        clients.send(&config).answered();
        drop(clients.send(&config));
        assert_eq!(clients.current.load().abandoned.load(Ordering::Relaxed), 1);
    }
}
