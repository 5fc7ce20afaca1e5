//! Building a reqwest client from a pool's configuration, for one set of
//! HTTP versions; and the text of a reqwest error.

use std::sync::Arc;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use reqwest::redirect;

use crate::client::config::{PoolConfig, Verify};
use crate::client::learn_alpn::LearnAlpn;
use crate::client::proxy;
use crate::client::server_protocol::ServerProtocol;
use crate::rt::runtime;

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
        // reqwest's own retries cover HTTP/2 refusals only (REFUSED_STREAM,
        // a graceful GOAWAY), which HTTP/1.1 cannot have; without them it
        // no longer copies every request in case it is sent again.
        Protocols::Http1 => builder
            .http1_only()
            .retry(reqwest::retry::never().max_retries_per_request(0)),
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
    builder
        .build()
        .map_err(|e| format!("cannot set up the HTTPS client: {}", describe(&e)))
}

/// A one-line description of a transport error, with its causes.
///
/// reqwest's own `Display` hides the cause ("error sending request"); the
/// useful part (e.g. `invalid peer certificate: UnknownIssuer`) is deeper in
/// the `source()` chain.
pub fn describe(err: &reqwest::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut source: Option<&dyn std::error::Error> = std::error::Error::source(err);
    while let Some(cause) = source {
        let text = cause.to_string();
        if !parts.iter().any(|seen| seen.contains(&text)) {
            parts.push(text);
        }
        source = cause.source();
    }
    if parts.is_empty() {
        // Without a cause the top-level message is all there is.
        return err.to_string();
    }
    parts.join(": ")
}
