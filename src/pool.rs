//! The reqwest client (connection pool and TLS setup) behind a transport.
//!
//! Transports made by `with_options` share one `Pool`, hence one set of
//! connections. Connections belong to the runtime that opened them, so a
//! forked child (which gets a new runtime) also gets new clients.
//!
//! A pool has two clients on the shared runtime. Calls that overlap go to
//! one that negotiates HTTP/2, where one connection multiplexes them all
//! (measured: 64 async requests in flight cost 25 µs of CPU each over
//! HTTP/2, 31 µs over HTTP/1.1). Sequential calls (see `occupancy`) go to
//! an HTTP/1.1 one, which costs less per request when there is nothing to
//! multiplex (about 10% less CPU for sequential async requests).
//!
//! A pool also lets only so many requests out at once (see `slots`).

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use reqwest::redirect;

use crate::config::{PoolConfig, Verify};
use crate::per_process::PerProcess;
use crate::proxy;
use crate::runtime;
use crate::slots::RequestSlots;

pub struct Pool {
    pub config: PoolConfig,
    negotiated: ClientSlot,
    http1: ClientSlot,
    /// Shared by every request of the pool, over either client.
    pub slots: RequestSlots,
}

/// Which HTTP versions a client may speak.
#[derive(Clone, Copy)]
pub enum Protocols {
    /// HTTP/2 when the server offers it (ALPN), else HTTP/1.1: the shared
    /// client, where one HTTP/2 connection carries many concurrent calls.
    Negotiated,
    /// HTTP/1.1 only: for sequential calls (see the module comment and
    /// `thread_driver`).
    Http1,
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
        let pool = Self {
            config,
            negotiated: ClientSlot::new(Protocols::Negotiated),
            http1: ClientSlot::new(Protocols::Http1),
            slots: RequestSlots::default(),
        };
        pool.client()?;
        Ok(pool)
    }

    /// The client for calls that may overlap (reqwest clients are cheap
    /// `Arc` clones).
    pub fn client(&self) -> PyResult<reqwest::Client> {
        self.negotiated.get(&self.config)
    }

    /// The client for a call, by whether it is sequential (see `occupancy`).
    pub fn client_for(&self, sequential: bool) -> PyResult<reqwest::Client> {
        if sequential {
            self.http1.get(&self.config)
        } else {
            self.client()
        }
    }
}

impl ClientSlot {
    fn new(protocols: Protocols) -> Self {
        Self {
            protocols,
            client: PerProcess::new(),
        }
    }

    fn get(&self, config: &PoolConfig) -> PyResult<reqwest::Client> {
        self.client
            .get_or_try_build(|| build_client(config, self.protocols))
            .cloned()
    }
}

/// Errors are the user's (e.g. an unreadable CA bundle), hence `ValueError`.
pub fn build_client(config: &PoolConfig, protocols: Protocols) -> PyResult<reqwest::Client> {
    try_build_client(config, protocols).map_err(PyValueError::new_err)
}

fn try_build_client(config: &PoolConfig, protocols: Protocols) -> Result<reqwest::Client, String> {
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
    if let Protocols::Http1 = protocols {
        builder = builder.http1_only();
    }
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
            crate::errors::describe(&e)
        )
    })
}
