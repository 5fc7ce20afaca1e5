//! `EmulatorServer`: the emulator crate's handle, for `emqx_platform.testing`.
//!
//! The server runs on the SDK's own runtime, so one process needs one
//! runtime for clients and emulator alike. Values cross as JSON-shaped
//! Python objects (pythonize), which keeps this binding thin.

use std::time::Duration;

use emqx_emulator::{Emulator, EmulatorConfig, EmulatorHandle, FaultSpec};
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde_json::Value;

use crate::client::config;
use crate::rt::runtime;

#[pyclass(frozen, module = "emqx_platform._core")]
pub struct EmulatorServer {
    handle: EmulatorHandle,
}

fn to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(pythonize::pythonize(py, value)?)
}

fn from_py(value: &Bound<'_, PyAny>) -> PyResult<Value> {
    Ok(pythonize::depythonize(value)?)
}

fn emulator_error(err: emqx_emulator::Error) -> PyErr {
    match err {
        emqx_emulator::Error::Io(e) => PyOSError::new_err(e.to_string()),
        other => PyValueError::new_err(other.to_string()),
    }
}

#[pymethods]
impl EmulatorServer {
    #[new]
    #[pyo3(signature = (host = "127.0.0.1", port = 0, *, transition_seconds = 2.0, rate_limits = true))]
    fn new(
        py: Python<'_>,
        host: &str,
        port: u16,
        transition_seconds: f64,
        rate_limits: bool,
    ) -> PyResult<Self> {
        let transition = if transition_seconds == 0.0 {
            Duration::ZERO
        } else {
            config::seconds("transition_seconds", transition_seconds)?
        };
        let config = EmulatorConfig {
            transition,
            rate_limits,
            ..EmulatorConfig::default()
        };
        let listener = py
            .detach(|| std::net::TcpListener::bind((host, port)))
            .map_err(|e| PyOSError::new_err(format!("cannot listen on {host}:{port}: {e}")))?;
        let handle = Emulator::start_on(runtime::runtime().handle(), config, listener)
            .map_err(emulator_error)?;
        Ok(Self { handle })
    }

    /// `(host, port)` the server listens on.
    #[getter]
    fn address(&self) -> (String, u16) {
        let addr = self.handle.addr();
        (addr.ip().to_string(), addr.port())
    }

    #[getter]
    fn base_url(&self) -> &str {
        self.handle.base_url()
    }

    #[getter]
    fn ca_cert_pem(&self) -> &str {
        self.handle.ca_cert_pem()
    }

    #[getter]
    fn platform_base_url(&self) -> String {
        self.handle.platform_base_url()
    }

    /// `(api_key, api_secret)` of the Platform API.
    #[getter]
    fn platform_credentials(&self) -> (String, String) {
        self.handle.platform_credentials()
    }

    /// The seeded deployments as dicts (with their App Secrets).
    fn deployments<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        self.handle
            .deployments()
            .iter()
            .map(|d| to_py(py, &d.to_json()))
            .collect()
    }

    #[pyo3(signature = (deployment_id, clientid, username = None, attrs = None))]
    fn connect_client<'py>(
        &self,
        py: Python<'py>,
        deployment_id: &str,
        clientid: &str,
        username: Option<&str>,
        attrs: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let attrs = match attrs {
            Some(dict) => match from_py(dict.as_any())? {
                Value::Object(map) => map,
                _ => unreachable!("a dict depythonizes to an object"),
            },
            None => serde_json::Map::new(),
        };
        let client = self
            .handle
            .connect_client(deployment_id, clientid, username, attrs)
            .map_err(emulator_error)?;
        to_py(py, &client)
    }

    fn disconnect_client(&self, deployment_id: &str, clientid: &str) -> PyResult<bool> {
        self.handle
            .disconnect_client(deployment_id, clientid)
            .map_err(emulator_error)
    }

    #[pyo3(signature = (
        path, *, method = None, status = None, body = None, delay = None,
        drop_connection = false, retry_after = None, times = Some(1),
    ))]
    // Spelled out because the default of `times` renders as `...` otherwise.
    #[pyo3(
        text_signature = "(self, /, path, *, method=None, status=None, body=None, delay=None, \
        drop_connection=False, retry_after=None, times=1)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn inject_fault(
        &self,
        path: String,
        method: Option<String>,
        status: Option<u16>,
        body: Option<&Bound<'_, PyAny>>,
        delay: Option<f64>,
        drop_connection: bool,
        retry_after: Option<String>,
        times: Option<u32>,
    ) -> PyResult<()> {
        let fault = FaultSpec {
            path,
            method,
            status,
            body: body.map(from_py).transpose()?,
            delay: delay.map(|s| config::seconds("delay", s)).transpose()?,
            drop_connection,
            retry_after,
            times,
        };
        self.handle.inject_fault(fault).map_err(emulator_error)
    }

    fn clear_faults(&self) {
        self.handle.clear_faults();
    }

    /// The requests received so far (credentials never recorded), as dicts.
    fn requests<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        self.handle
            .requests()
            .iter()
            .map(|r| to_py(py, &r.to_json()))
            .collect()
    }

    fn published<'py>(
        &self,
        py: Python<'py>,
        deployment_id: &str,
    ) -> PyResult<Vec<Bound<'py, PyAny>>> {
        self.handle
            .published(deployment_id)
            .map_err(emulator_error)?
            .iter()
            .map(|m| to_py(py, &m.to_json()))
            .collect()
    }

    fn reset(&self) {
        self.handle.reset();
    }

    fn shutdown(&self) {
        self.handle.shutdown();
    }

    /// Open connections (to check that clients pool them).
    fn connection_count(&self) -> usize {
        self.handle.connection_count()
    }

    fn __repr__(&self) -> String {
        format!("EmulatorServer(base_url={:?})", self.handle.base_url())
    }
}
