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
//! HTTP/2 only (`bench/RESULTS.md` has the measurements). Which the server
//! speaks is learned from ALPN (see `server_protocol`), so a pool has three
//! clients on the shared runtime, each built when first needed: HTTP/1.1
//! only; negotiating, to learn; HTTP/2 only, whose hyper pool opens one
//! connection at a time (see `http2_client`).
//!
//! A pool also lets only so many requests out at once (see `slots`).

use std::sync::Arc;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use reqwest::redirect;

use crate::client::config::{PoolConfig, Verify};
use crate::client::http2_client::{Http2Clients, Sent};
use crate::client::learn_alpn::LearnAlpn;
use crate::client::proxy;
use crate::client::server_protocol::{Known, Pass, Probe, ServerProtocol};
use crate::client::slots::RequestSlots;
use crate::request::errors::CallError;
use crate::rt::per_process::PerProcess;
use crate::rt::runtime;

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

/// Which HTTP versions a client may speak.
#[derive(Clone)]
pub enum Protocols {
    /// HTTP/2 when the server offers it (ALPN), else HTTP/1.1; each
    /// connection tells `ServerProtocol` which.
    Negotiated(Arc<ServerProtocol>),
    /// HTTP/1.1 only.
    Http1,
    /// HTTP/2 only (ALPN offers just `h2`): for servers known to speak it.
    Http2,
}

/// How a call's attempts choose their client.
#[derive(Clone)]
pub enum Route {
    /// Alone in flight (see `occupancy`).
    Sequential,
    /// Overlapping others.
    Overlapping,
    /// A sequential sync call of the main thread, over the HTTP/1.1 client
    /// of that thread's own runtime (see `thread_driver`).
    ThreadClient(reqwest::Client),
    /// An HTTP/1.1 attempt of this call got an answer it could not parse,
    /// as from a server that speaks HTTP/2 only: the next attempts go over
    /// the negotiating client, whose answer tells (see `server_protocol`).
    AfterHttp1Refused,
}

impl Route {
    pub fn by_occupancy(sequential: bool) -> Self {
        if sequential {
            Self::Sequential
        } else {
            Self::Overlapping
        }
    }
}

/// The client of one attempt, and what its outcome teaches the pool.
pub enum Lane<'a> {
    Http1(&'a reqwest::Client),
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
            Lane::Http1(client) | Lane::Negotiated { client, .. } => client,
            Lane::Http2(sent) => &sent.on.client,
        }
    }

    /// The attempt ended with `outcome`. An HTTP/2 request that timed out
    /// after being sent is abandoned, and its answer may come late. An
    /// answer after an HTTP/1.1 refusal, over a client that negotiated
    /// HTTP/2, confirms the server needs it.
    pub fn ended<T>(self, outcome: &Result<T, CallError>) {
        let answered = matches!(outcome, Ok(_) | Err(CallError::Status { .. }));
        match self {
            Lane::Http2(sent)
                if !matches!(outcome, Err(CallError::Timeout { unsent: false, .. })) =>
            {
                sent.answered();
            }
            Lane::Negotiated {
                protocol,
                after_http1_refused: true,
                ..
            } if answered && protocol.known() == Known::Http2 => protocol.refused_http1(),
            _ => {}
        }
    }
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

/// Errors are the user's (e.g. an unreadable CA bundle), hence `ValueError`.
pub fn build_client(config: &PoolConfig, protocols: &Protocols) -> PyResult<reqwest::Client> {
    try_build_client(config, protocols).map_err(PyValueError::new_err)
}

pub fn try_build_client(
    config: &PoolConfig,
    protocols: &Protocols,
) -> Result<reqwest::Client, String> {
    let mut builder = reqwest::Client::builder()
        .connect_timeout(config.connect_timeout)
        .user_agent(config.user_agent.as_str())
        // The EMQX APIs never redirect; following one would send the
        // credentials somewhere nobody asked for.
        .redirect(redirect::Policy::none())
        .tcp_nodelay(true);
    // The proxy policy decides which requests use this proxy; the system's
    // proxy settings are never used behind its back.
    builder = proxy::configure(builder, config.proxy.as_ref())?;
    builder = match protocols {
        Protocols::Negotiated(protocol) => builder.connector_layer(LearnAlpn {
            protocol: Arc::clone(protocol),
        }),
        Protocols::Http1 => builder.http1_only(),
        // Also makes hyper open one connection at a time: requests arriving
        // while it connects wait for it instead of opening their own.
        Protocols::Http2 => builder.http2_prior_knowledge(),
    };
    builder = match &config.verify {
        Verify::System => builder,
        Verify::CaBundle(path) => {
            let pem = std::fs::read(path)
                .map_err(|e| format!("cannot read the CA bundle {path:?}: {e}"))?;
            let certs = reqwest::Certificate::from_pem_bundle(&pem)
                .map_err(|e| format!("the CA bundle {path:?} is not valid PEM: {e}"))?;
            if certs.is_empty() {
                return Err(format!("the CA bundle {path:?} holds no certificate"));
            }
            builder.tls_certs_only(certs)
        }
        Verify::Disabled => builder.tls_danger_accept_invalid_certs(true),
    };
    // Building the TLS config may touch the runtime (platform verifier).
    let _guard = runtime::runtime().enter();
    builder.build().map_err(|e| {
        format!(
            "cannot set up the HTTPS client: {}",
            crate::request::errors::describe(&e)
        )
    })
}
