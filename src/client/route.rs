//! Which HTTP client a call's attempts take: the one place that names the
//! choice for every way a call runs. Each runner sets its call's [`Route`]
//! from the table below; `Pool::lane` turns the route, and what is known of
//! the server's protocol, into a client for each attempt.
//!
//! | runner                                   | route                         |
//! |------------------------------------------|-------------------------------|
//! | sync call, main thread, alone in flight  | `ThreadClient` (HTTP/1.1)     |
//! | sync batch, main thread, HTTP/2 server   | `ThreadHttp2`                 |
//! | other sync calls (`sync::thread_driver`) | `by_occupancy` of sync calls  |
//! | asyncio, loop inbox (`asyncio::inbox`)   | `by_occupancy` of the loop's  |
//! | asyncio, generic bridge                  | `Overlapping`                 |
//! | page prefetch (`py::pending`)            | `Overlapping`                 |
//!
//! Sequential calls go over HTTP/1.1 and overlapping ones over HTTP/2 when
//! the server speaks it (see `pool`); a call whose HTTP/1.1 attempt was
//! refused switches to `AfterHttp1Refused` (see `request::call`).

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
    /// A call of a sync batch of the main thread, over the HTTP/2 client of
    /// that thread's own runtime, once the server is known to speak it (see
    /// `thread_driver::http2_client`).
    ThreadHttp2(reqwest::Client),
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
