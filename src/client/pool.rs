//! The reqwest clients (connection pools and TLS setup) behind a transport,
//! and which one each attempt of a call goes over.
//!
//! Transports made by `with_options` share one `Pool`, hence one set of
//! connections. Connections belong to the runtime that opened them, so a
//! forked child (which gets a new runtime) also gets new clients.
//!
//! Calls that overlap go over HTTP/2 when the server speaks it, where one
//! connection multiplexes them all for less CPU per request than HTTP/1.1.
//! Sequential calls (see `occupancy`) go over HTTP/1.1, which costs less per
//! request when there is nothing to multiplex, unless the server speaks
//! HTTP/2 only. Which the server
//! speaks is learned from ALPN (see `server_protocol`), so a pool has three
//! clients on the shared runtime, each built when first needed: HTTP/1.1
//! only; negotiating, to learn; HTTP/2 only, whose hyper pool opens one
//! connection at a time (see `http2_client`).
//!
//! A pool also lets only so many requests out at once (see `slots`).

use std::sync::Arc;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::client::build::{Protocols, try_build_client};
use crate::client::config::PoolConfig;
use crate::client::http2_client::{Http2Clients, Sent};
use crate::client::route::Route;
use crate::client::server_protocol::{Known, Pass, Probe, ServerProtocol};
use crate::client::slots::RequestSlots;
use crate::rt::per_process::PerProcess;

pub struct Pool {
    pub config: PoolConfig,
    negotiated: ClientSlot,
    http1: ClientSlot,
    http2: PerProcess<Http2Clients>,
    /// Also watched by the negotiating client (see `learn_alpn`).
    pub protocol: Arc<ServerProtocol>,
    /// Shared by every request of the pool, over any client.
    pub slots: RequestSlots,
}

/// The client of one attempt, and what its outcome teaches the pool.
pub enum Lane<'a> {
    Http1(&'a reqwest::Client),
    /// A thread's own HTTP/2 client (`Route::ThreadHttp2`): its one
    /// connection is that thread's, so there is nothing to account for.
    ThreadHttp2(&'a reqwest::Client),
    /// While the protocol is unknown, or to confirm the server needs
    /// HTTP/2; `_probe` is `Some` for the request that learns it.
    Negotiated {
        client: &'a reqwest::Client,
        protocol: &'a ServerProtocol,
        _probe: Option<Probe<'a>>,
        after_http1_refused: bool,
    },
    Http2(Sent<'a>),
}

impl Lane<'_> {
    pub fn client(&self) -> &reqwest::Client {
        match self {
            Lane::Http1(client) | Lane::ThreadHttp2(client) | Lane::Negotiated { client, .. } => {
                client
            }
            Lane::Http2(sent) => &sent.on.client,
        }
    }

    /// The attempt ended as `end` says. An HTTP/2 request that timed out
    /// after being sent is abandoned, and its answer may come late. An
    /// answer after an HTTP/1.1 refusal, over a client that negotiated
    /// HTTP/2, confirms the server needs it.
    pub fn ended(self, end: AttemptEnd) {
        match self {
            Lane::Http2(sent) if end != AttemptEnd::TimedOutAfterSending => sent.answered(),
            Lane::Negotiated {
                protocol,
                after_http1_refused: true,
                ..
            } if end == AttemptEnd::Answered && protocol.known() == Known::Http2 => {
                protocol.refused_http1();
            }
            _ => {}
        }
    }
}

/// How an attempt ended, as far as its lane cares.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum AttemptEnd {
    /// The server answered (any status).
    Answered,
    /// The request was sent, and the answer did not come in time.
    TimedOutAfterSending,
    /// Any other failure.
    Failed,
}

/// A client of the shared runtime, built when first needed in a process
/// (a forked child builds its own: see `per_process`).
struct ClientSlot {
    protocols: Protocols,
    client: PerProcess<reqwest::Client>,
}

impl Pool {
    /// Build the pool; errors are user errors (e.g. an unreadable CA bundle),
    /// so the negotiating client is built now to report them at once.
    pub fn new(config: PoolConfig) -> PyResult<Self> {
        let protocol = Arc::new(ServerProtocol::default());
        let pool = Self {
            config,
            negotiated: ClientSlot::new(Protocols::Negotiated(Arc::clone(&protocol))),
            http1: ClientSlot::new(Protocols::Http1),
            http2: PerProcess::new(),
            protocol,
            slots: RequestSlots::default(),
        };
        pool.negotiated
            .get(&pool.config)
            .map_err(PyValueError::new_err)?;
        Ok(pool)
    }

    /// The client for the next attempt on `route`. An overlapping call
    /// may wait at the gate until `deadline` (see `server_protocol`):
    /// `Ok(None)` when that passed first, or left less than `min_left`.
    /// `Err` only when a client cannot be built (its CA bundle became
    /// unreadable since the pool was made).
    pub async fn lane<'a>(
        &'a self,
        route: &'a Route,
        deadline: tokio::time::Instant,
        min_left: std::time::Duration,
    ) -> Result<Option<Lane<'a>>, String> {
        // One atomic load on the common path.
        let known = self.protocol.known();
        let lane = match (route, known) {
            (Route::ThreadClient(client), _) => Lane::Http1(client),
            (Route::ThreadHttp2(client), _) => Lane::ThreadHttp2(client),
            (Route::AfterHttp1Refused, _) => self.negotiated_lane(None, true)?,
            (_, Known::NeedsHttp2) | (Route::Overlapping, Known::Http2) => self.http2_lane()?,
            (Route::Sequential, _) | (Route::Overlapping, Known::Http1) => {
                Lane::Http1(self.http1.get(&self.config)?)
            }
            (Route::Overlapping, Known::Unknown) => {
                let Some(pass) = self.protocol.pass_before(deadline, min_left).await else {
                    return Ok(None);
                };
                match pass {
                    Pass::Known(Known::Http1) => Lane::Http1(self.http1.get(&self.config)?),
                    Pass::Known(_) => self.http2_lane()?,
                    Pass::Probe(probe) => self.negotiated_lane(Some(probe), false)?,
                    Pass::Unlearned => self.negotiated_lane(None, false)?,
                }
            }
        };
        Ok(Some(lane))
    }

    /// Whether a call may go over a thread's own HTTP/1.1 client (see
    /// `Route::ThreadClient`): not once the server is known to need HTTP/2,
    /// whose connection stays on the shared runtime.
    pub fn thread_client_allowed(&self) -> bool {
        self.protocol.known() != Known::NeedsHttp2
    }

    /// Whether the server is known to speak HTTP/2 (ALPN chose it), so that
    /// a client may use it with prior knowledge.
    pub fn speaks_http2(&self) -> bool {
        matches!(self.protocol.known(), Known::Http2 | Known::NeedsHttp2)
    }

    fn negotiated_lane<'a>(
        &'a self,
        probe: Option<Probe<'a>>,
        after_http1_refused: bool,
    ) -> Result<Lane<'a>, String> {
        Ok(Lane::Negotiated {
            client: self.negotiated.get(&self.config)?,
            protocol: &self.protocol,
            _probe: probe,
            after_http1_refused,
        })
    }

    fn http2_lane(&self) -> Result<Lane<'_>, String> {
        let clients = self.http2.get_or_try_build(|| {
            try_build_client(&self.config, &Protocols::Http2).map(Http2Clients::new)
        })?;
        Ok(Lane::Http2(clients.send(&self.config)))
    }
}

impl ClientSlot {
    fn new(protocols: Protocols) -> Self {
        Self {
            protocols,
            client: PerProcess::new(),
        }
    }

    fn get(&self, config: &PoolConfig) -> Result<&reqwest::Client, String> {
        self.client
            .get_or_try_build(|| try_build_client(config, &self.protocols))
    }
}
