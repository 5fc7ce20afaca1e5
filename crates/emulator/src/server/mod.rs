//! The HTTPS server: the TLS listener, one task per connection, and the
//! request pipeline (see `pipeline`) with the state it shares between
//! requests, the faults to inject and the request log.

mod body;
pub(crate) mod faults;
mod pipeline;
pub(crate) mod requests_log;
pub(crate) mod state;
pub(crate) mod tls;

use std::convert::Infallible;
use std::io;
use std::net::{SocketAddr, TcpListener};
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use axum::body::Body;
use axum_server::tls_rustls::RustlsConfig;
use futures_util::FutureExt as _;
use http::{Request, Response};
use hyper::body::Incoming;
use rustls::ServerConfig;

use crate::rest::errors::internal_error;
use pipeline::{DropConnection, pipeline};
use state::Shared;

pub(crate) fn spawn(
    rt: &tokio::runtime::Handle,
    shared: Arc<Shared>,
    listener: TcpListener,
    tls: Arc<ServerConfig>,
) -> io::Result<axum_server::Handle<SocketAddr>> {
    let handle = axum_server::Handle::new();
    // `from_tcp_rustls` registers the socket with the runtime's reactor.
    let server = {
        let _guard = rt.enter();
        axum_server::from_tcp_rustls(listener, RustlsConfig::from_config(tls))?
    }
    .map(NoDelay)
    .handle(handle.clone());
    let make_service = tower::service_fn(move |_peer: SocketAddr| {
        let shared = shared.clone();
        async move {
            Ok::<_, Infallible>(tower::service_fn(move |req: Request<Incoming>| {
                serve_request(shared.clone(), req)
            }))
        }
    });
    rt.spawn(async move {
        if let Err(e) = server.serve(make_service).await {
            log::error!("emqx emulator server stopped: {e}");
        }
    });
    Ok(handle)
}

/// Turns Nagle's algorithm off on each accepted connection before TLS. With
/// it on, a response larger than one segment (a page of clients) waits about
/// 40 ms for the client's delayed ACK.
#[derive(Clone)]
struct NoDelay<A>(A);

impl<S, A> axum_server::accept::Accept<tokio::net::TcpStream, S> for NoDelay<A>
where
    A: axum_server::accept::Accept<tokio::net::TcpStream, S>,
{
    type Stream = A::Stream;
    type Service = A::Service;
    type Future = A::Future;

    fn accept(&self, stream: tokio::net::TcpStream, service: S) -> Self::Future {
        let _ = stream.set_nodelay(true);
        self.0.accept(stream, service)
    }
}

/// One request. A panic in a handler becomes a 500 `INTERNAL_ERROR` answer.
async fn serve_request(
    shared: Arc<Shared>,
    req: Request<Incoming>,
) -> Result<Response<Body>, DropConnection> {
    match AssertUnwindSafe(pipeline(shared, req)).catch_unwind().await {
        Ok(result) => result,
        Err(_) => Ok(internal_error("The emulator failed to handle this request").into_response()),
    }
}
