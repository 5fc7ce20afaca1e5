//! A connector layer of the negotiating client: each TLS connection it opens
//! tells the pool which protocol ALPN chose (see `server_protocol`).
//!
//! Learning it when the connection is ready, not when the first answer
//! arrives, opens the gate of a cold burst after one handshake, however long
//! the server takes to answer that first request.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use hyper_util::client::legacy::connect::Connection;

use crate::client::server_protocol::ServerProtocol;

#[derive(Clone)]
pub struct LearnAlpn {
    pub protocol: Arc<ServerProtocol>,
}

#[derive(Clone)]
pub struct Learning<S> {
    inner: S,
    protocol: Arc<ServerProtocol>,
}

impl<S> tower::Layer<S> for LearnAlpn {
    type Service = Learning<S>;

    fn layer(&self, inner: S) -> Learning<S> {
        Learning {
            inner,
            protocol: Arc::clone(&self.protocol),
        }
    }
}

type Connecting<C, E> = Pin<Box<dyn Future<Output = Result<C, E>> + Send>>;

impl<S, Target> tower::Service<Target> for Learning<S>
where
    S: tower::Service<Target>,
    S::Response: Connection + Send + 'static,
    S::Error: Send + 'static,
    S::Future: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Connecting<S::Response, S::Error>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, target: Target) -> Self::Future {
        let connecting = self.inner.call(target);
        let protocol = Arc::clone(&self.protocol);
        // One allocation per connection, not per request.
        Box::pin(async move {
            let connection = connecting.await?;
            protocol.negotiated(connection.connected().is_negotiated_h2());
            Ok(connection)
        })
    }
}
