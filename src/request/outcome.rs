//! A finished call as a Python object: decoded JSON, text, bytes, `None`,
//! or a raised exception; and, before that, whether the object an answer
//! becomes reports an error in its body.

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

use crate::request::call::{BodyKind, Finished, Success};
use crate::request::errors::{CallError, Failed};
use crate::request::json;

/// The result of `Call::run`, converted once the GIL is held (by the sync
/// caller, or by the async bridge when it completes the asyncio future),
/// after the call's log records are emitted.
pub struct Outcome(pub Finished);

impl Success {
    /// Whether this answer becomes a dict whose `code` is a non-zero
    /// integer (EMQX 4's errors), read from the bytes without the GIL.
    pub fn reports_error_code(&self) -> bool {
        matches!(self.kind, BodyKind::Json | BodyKind::Unknown)
            && json::reports_error_code(&self.body)
    }
}

impl<'py> IntoPyObject<'py> for Outcome {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let Finished { result, log } = self.0;
        log.emit(py)?;
        let success = result.map_err(|failed| failed.into_pyerr(py))?;
        let text = || PyString::new(py, &String::from_utf8_lossy(&success.body)).into_any();
        match success.kind {
            BodyKind::Text => Ok(text()),
            BodyKind::Binary => Ok(PyBytes::new(py, &success.body).into_any()),
            BodyKind::Unknown => Ok(json::decode(py, &success.body).unwrap_or_else(|_| text())),
            BodyKind::Json => json::decode(py, &success.body).map_err(|reason| {
                Failed {
                    method: success.method.to_string(),
                    url: success.url.to_string(),
                    error: CallError::InvalidJson {
                        reason,
                        body: success.body.clone(),
                    },
                }
                .into_pyerr(py)
            }),
        }
    }
}
