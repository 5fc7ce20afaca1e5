//! The reqwest client (connection pool and TLS setup) behind a transport.
//!
//! Transports made by `with_options` share one `Pool`, hence one set of
//! connections. Connections belong to the runtime that opened them, so a
//! forked child (which gets a new runtime) also gets a new client.

use std::sync::RwLock;

use reqwest::redirect;

use crate::config::{PoolConfig, Verify};
use crate::runtime;

pub struct Pool {
    pub config: PoolConfig,
    slot: RwLock<(u32, reqwest::Client)>,
}

/// Which HTTP versions a client may speak.
#[derive(Clone, Copy)]
pub enum Protocols {
    /// HTTP/2 when the server offers it (ALPN), else HTTP/1.1: the shared
    /// client, where one HTTP/2 connection carries many concurrent calls.
    Negotiated,
    /// HTTP/1.1 only: a thread's own client (see `thread_driver`), which
    /// runs one call at a time, where HTTP/1.1 costs less per request.
    Http1,
}

impl Pool {
    /// Build the pool; errors are user errors (e.g. an unreadable CA bundle).
    pub fn new(config: PoolConfig) -> Result<Self, String> {
        let client = build_client(&config, Protocols::Negotiated)?;
        Ok(Self {
            config,
            slot: RwLock::new((runtime::generation(), client)),
        })
    }

    /// The client for this process (reqwest clients are cheap `Arc` clones).
    pub fn client(&self) -> Result<reqwest::Client, String> {
        let generation = runtime::generation();
        {
            let slot = self.slot.read().unwrap_or_else(|e| e.into_inner());
            if slot.0 == generation {
                return Ok(slot.1.clone());
            }
        }
        let mut slot = self.slot.write().unwrap_or_else(|e| e.into_inner());
        if slot.0 != generation {
            let fresh = build_client(&self.config, Protocols::Negotiated)?;
            // The parent's client must not be dropped here: its connections
            // refer to the parent's runtime, which does not run in this process.
            std::mem::forget(std::mem::replace(&mut slot.1, fresh));
            slot.0 = generation;
        }
        Ok(slot.1.clone())
    }
}

pub fn build_client(config: &PoolConfig, protocols: Protocols) -> Result<reqwest::Client, String> {
    let mut builder = reqwest::Client::builder()
        .connect_timeout(config.connect_timeout)
        .user_agent(config.user_agent.as_str())
        // The EMQX APIs never redirect; following one would send the
        // credentials somewhere nobody asked for.
        .redirect(redirect::Policy::none())
        .tcp_nodelay(true);
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
