//! `_core.wait_scale` / `_core.set_wait_scale`: the share of each retry wait
//! that is slept, for tests (`emqx_platform.testing.fast_waits`).

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::request::retry;

/// The share of each retry wait (backoff, `Retry-After`) that is slept.
#[pyfunction]
pub fn wait_scale() -> f64 {
    retry::wait_scale()
}

/// Sleep `scale` of each retry wait from now on, in every client of the process.
#[pyfunction]
pub fn set_wait_scale(scale: f64) -> PyResult<()> {
    if !(scale.is_finite() && scale > 0.0 && scale <= 1.0) {
        return Err(PyValueError::new_err(format!(
            "the wait scale must be above 0 and at most 1, got {scale}"
        )));
    }
    retry::set_wait_scale(scale);
    Ok(())
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(wait_scale, m)?)?;
    m.add_function(wrap_pyfunction!(set_wait_scale, m)?)?;
    Ok(())
}
