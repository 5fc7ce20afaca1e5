//! Native core of the `emqx_platform` Python package: module registration only.

mod async_bridge;
mod body;
mod call;
mod certificates;
mod config;
mod emulator;
mod errors;
mod exclusive_per_process;
mod exit_gate;
#[cfg(feature = "bench-floors")]
mod floors;
mod http2_client;
mod json;
mod learn_alpn;
mod logging;
mod loop_bridge;
mod loop_future;
mod loop_wake;
mod occupancy;
mod outcome;
mod pending;
mod per_process;
mod pool;
mod process;
mod proxy;
mod retry;
mod runtime;
mod server_protocol;
mod slots;
mod thread_driver;
mod transport;

use pyo3::prelude::*;

#[pymodule(gil_used = false)]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    // What a call would otherwise import on first use: an import releases
    // the GIL, which must not happen inside a call at interpreter exit
    // (see `exit_gate`).
    logging::import_at_init(py)?;
    json::import_at_init(py);
    errors::import_at_init(py)?;
    exit_gate::register(m)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<transport::Transport>()?;
    m.add_class::<pending::PendingResponse>()?;
    m.add_class::<loop_future::RequestFuture>()?;
    m.add_class::<emulator::EmulatorServer>()?;
    certificates::py::register(m)?;
    #[cfg(feature = "bench-floors")]
    floors::register(m)?;
    Ok(())
}
