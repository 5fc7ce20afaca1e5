//! What a transport is configured with, and the HTTP clients it sends over.
//!
//! Every bound and default of the options; the pool of reqwest clients, the
//! choice between HTTP/1.1 and HTTP/2 (learned from the server's ALPN); proxy
//! policy; request slots; and whether calls overlap. Imports `rt` only.

pub mod auth;
pub mod build;
pub mod config;
pub mod http2_client;
pub mod learn_alpn;
pub mod occupancy;
pub mod pool;
pub mod proxy;
pub mod route;
pub mod server_protocol;
pub mod slots;
