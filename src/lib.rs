//! Native core of the `emqx_platform` Python package: module registration only.
//!
//! The crate is in layers, each a folder; a layer imports only the layers
//! listed before it (`scripts/check_layers` checks this):
//!
//! 1. `rt`: the process-wide runtime, the process id, fork and exit handling.
//! 2. `client`: configuration, connection pools, HTTP/1.1 vs HTTP/2, request slots.
//! 3. `request`: one call (attempts, retries, errors, JSON), no threads or loops.
//! 4. `sync`: how a blocking call waits (main-thread driver or shared runtime).
//! 5. `asyncio`: how a call completes an awaitable on an event loop.
//! 6. `certificates`: the checks of a TLS upload (PEM, X.509, key match);
//!    imports nothing of the crate.
//! 7. `py`: the pyclasses, the only place that reads Python arguments.

mod asyncio;
mod certificates;
mod client;
mod py;
mod request;
mod rt;
mod sync;

use pyo3::prelude::*;

#[pymodule(gil_used = false)]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    py::register(m)
}
