//! The pyclasses and the module's contents: the only place that reads
//! Python arguments. Imports every other layer.

pub mod certificates;
pub mod emulator;
#[cfg(feature = "bench-floors")]
pub mod floors;
pub mod options;
pub mod pending;
pub mod transport;
pub mod waits;

use pyo3::prelude::*;

use crate::request::{errors, json, logging};
use crate::rt::exit_gate;

/// Fill the `_core` module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    crate::asyncio::install();
    // What a call would otherwise import on first use: an import releases
    // the GIL, which must not happen inside a call at interpreter exit
    // (see `exit_gate`).
    logging::import_at_init(py)?;
    json::import_at_init(py);
    errors::import_at_init(py)?;
    exit_gate::register(m)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    transport::add_option_constants(m)?;
    m.add_function(wrap_pyfunction!(transport::is_dot_segment, m)?)?;
    m.add_class::<transport::Transport>()?;
    m.add_class::<pending::PendingResponse>()?;
    m.add_class::<crate::asyncio::future::RequestFuture>()?;
    m.add_class::<emulator::EmulatorServer>()?;
    certificates::register(m)?;
    waits::register(m)?;
    #[cfg(feature = "bench-floors")]
    floors::register(m)?;
    Ok(())
}
