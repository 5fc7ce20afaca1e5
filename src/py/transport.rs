//! `Transport`: the pyclass the Python clients hold, one per endpoint and
//! credentials. Its three ways to run a request (`request`, `start`,
//! `request_future`) check their arguments once, in [`Transport::prepare`],
//! and hand the prepared call to `sync`, `PendingResponse` or `asyncio`.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use pyo3::IntoPyObjectExt;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyList;
use reqwest::header::HeaderValue;

use crate::asyncio;
use crate::client::auth;
use crate::client::config::{self, Policy, PoolConfig, Verify};
use crate::client::pool::Pool;
use crate::client::proxy::{self, ProxyArg};
use crate::client::route::Route;
use crate::client::slots;
use crate::py::options::{self, Overrides};
use crate::py::pending::PendingResponse;
use crate::request::call::{Call, JSON};
use crate::request::logging;
use crate::request::outcome::Outcome;
use crate::request::url::{BaseUrl, parse_method};
use crate::rt::exit_gate::Attached;
use crate::sync::batch::{self, StopAt};
use crate::sync::thread_driver;

/// One request of `request_many`: method, path, query pairs, body, timeout, accept.
type RequestArgs<'py> = (
    String,
    String,
    Option<Vec<(String, String)>>,
    Option<Bound<'py, PyAny>>,
    Option<Bound<'py, PyAny>>,
    Option<String>,
);

/// `verify=` as Python passes it: a flag, or the path of a CA bundle.
#[derive(FromPyObject)]
pub enum VerifyArg {
    Flag(bool),
    Path(String),
}

#[pyclass(frozen, module = "emqx_platform._core")]
pub struct Transport {
    base: BaseUrl,
    username: String,
    /// `Basic base64(user:password)`, marked sensitive so it never prints.
    auth: HeaderValue,
    policy: Policy,
    pool: Arc<Pool>,
}

#[pymethods]
impl Transport {
    /// Options left as `None` take their defaults (`config::DEFAULT_*`).
    #[new]
    #[pyo3(signature = (
        base_url, username, password, *, timeout = None, connect_timeout = None,
        max_retries = None, verify = VerifyArg::Flag(true), user_agent = None,
        allow_insecure_http = false, proxy = ProxyArg::Flag(true), max_response_bytes = None,
    ))]
    // Spelled out because the defaults of `verify` and `proxy` render as `...` otherwise.
    #[pyo3(text_signature = "(base_url, username, password, *, timeout=None, \
        connect_timeout=None, max_retries=None, verify=True, user_agent=None, \
        allow_insecure_http=False, proxy=True, max_response_bytes=None)")]
    #[allow(clippy::too_many_arguments)]
    fn new(
        base_url: &str,
        username: &str,
        password: &str,
        timeout: Option<&Bound<'_, PyAny>>,
        connect_timeout: Option<&Bound<'_, PyAny>>,
        max_retries: Option<&Bound<'_, PyAny>>,
        verify: VerifyArg,
        user_agent: Option<&Bound<'_, PyAny>>,
        allow_insecure_http: bool,
        proxy: ProxyArg,
        max_response_bytes: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        // The options first, then the base URL: the first bad one is named.
        let given = Overrides::check(
            timeout,
            connect_timeout,
            max_retries,
            user_agent,
            max_response_bytes,
        )?;
        let url = config::base_url(base_url, allow_insecure_http)?;
        let verify = match verify {
            VerifyArg::Flag(true) => Verify::System,
            VerifyArg::Flag(false) => Verify::Disabled,
            VerifyArg::Path(path) => Verify::CaBundle(path),
        };
        let pool = Pool::new(PoolConfig {
            connect_timeout: given
                .connect_timeout
                .unwrap_or(Duration::from_secs_f64(config::DEFAULT_CONNECT_TIMEOUT)),
            verify,
            user_agent: config::user_agent(given.user_agent.as_deref())?,
            proxy: proxy::resolve(proxy)?,
        })?;
        Ok(Self {
            base: BaseUrl::new(url),
            username: username.to_owned(),
            auth: auth::basic_auth(username, password)?,
            policy: Policy {
                timeout: given
                    .timeout
                    .unwrap_or(Duration::from_secs_f64(config::DEFAULT_TIMEOUT)),
                max_retries: given.max_retries.unwrap_or(config::DEFAULT_MAX_RETRIES),
                max_response_bytes: given
                    .max_response_bytes
                    .unwrap_or(config::DEFAULT_MAX_RESPONSE_BYTES),
            },
            pool: Arc::new(pool),
        })
    }

    #[getter]
    fn base_url(&self) -> &str {
        self.base.display()
    }

    #[getter]
    fn username(&self) -> &str {
        &self.username
    }

    /// The user name as a `repr` may show it (see `auth::mask`).
    #[getter]
    fn masked_username(&self) -> String {
        auth::mask(&self.username)
    }

    #[getter]
    fn timeout(&self) -> f64 {
        self.policy.timeout.as_secs_f64()
    }

    #[getter]
    fn connect_timeout(&self) -> f64 {
        self.pool.config.connect_timeout.as_secs_f64()
    }

    #[getter]
    fn max_retries(&self) -> u32 {
        self.policy.max_retries
    }

    #[getter]
    fn verify<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.pool.config.verify {
            Verify::System => true.into_bound_py_any(py),
            Verify::Disabled => false.into_bound_py_any(py),
            Verify::CaBundle(path) => path.into_bound_py_any(py),
        }
    }

    #[getter]
    fn user_agent(&self) -> &str {
        &self.pool.config.user_agent
    }

    /// The proxy URL without its credentials, or `None`.
    #[getter]
    fn proxy(&self) -> Option<&str> {
        self.pool.config.proxy.as_ref().map(|p| p.display_url())
    }

    #[getter]
    fn max_response_bytes(&self) -> usize {
        self.policy.max_response_bytes
    }

    #[pyo3(signature = (
        *, timeout = None, connect_timeout = None, max_retries = None, user_agent = None,
        max_response_bytes = None,
    ))]
    fn with_options(
        &self,
        timeout: Option<&Bound<'_, PyAny>>,
        connect_timeout: Option<&Bound<'_, PyAny>>,
        max_retries: Option<&Bound<'_, PyAny>>,
        user_agent: Option<&Bound<'_, PyAny>>,
        max_response_bytes: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let given = Overrides::check(
            timeout,
            connect_timeout,
            max_retries,
            user_agent,
            max_response_bytes,
        )?;
        let mut pool_config = self.pool.config.clone();
        if let Some(seconds) = given.connect_timeout {
            pool_config.connect_timeout = seconds;
        }
        if let Some(agent) = given.user_agent {
            pool_config.user_agent = config::user_agent(Some(&agent))?;
        }
        // Pool settings are fixed when the pool is built: share the pool
        // unless one of them changes.
        let pool = if pool_config == self.pool.config {
            Arc::clone(&self.pool)
        } else {
            Arc::new(Pool::new(pool_config)?)
        };
        Ok(Self {
            base: self.base.clone(),
            username: self.username.clone(),
            auth: self.auth.clone(),
            policy: Policy {
                timeout: given.timeout.unwrap_or(self.policy.timeout),
                max_retries: given.max_retries.unwrap_or(self.policy.max_retries),
                max_response_bytes: given
                    .max_response_bytes
                    .unwrap_or(self.policy.max_response_bytes),
            },
            pool,
        })
    }

    /// Send a request and wait for it (see `sync`).
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (method, path, params = None, json = None, timeout = None, accept = None))]
    fn request<'py>(
        &self,
        py: Python<'py>,
        method: &str,
        path: &str,
        params: Option<Vec<(String, String)>>,
        json: Option<&Bound<'py, PyAny>>,
        timeout: Option<&Bound<'py, PyAny>>,
        accept: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let mut attached = Attached::enter(py);
        let call = self.prepare(py, method, path, params, json, timeout, accept)?;
        Outcome(thread_driver::run(py, &mut attached, call)?).into_pyobject(py)
    }

    /// Send many requests, at most `concurrency` in flight, and wait for all
    /// of them at once (see `sync::batch`). Each request is a tuple of
    /// `request`'s arguments; every one is checked before any is sent.
    /// `stop_at_error_code` makes an answer with an in-body error code end
    /// the batch too (with `stop_at_first_error`; the v4 clients).
    #[pyo3(signature = (requests, concurrency, stop_at_first_error, stop_at_error_code = false))]
    fn request_many<'py>(
        &self,
        py: Python<'py>,
        requests: Vec<RequestArgs<'py>>,
        concurrency: usize,
        stop_at_first_error: bool,
        stop_at_error_code: bool,
    ) -> PyResult<Bound<'py, PyList>> {
        if !(1..=slots::MAX_IN_FLIGHT).contains(&concurrency) {
            return Err(PyValueError::new_err(format!(
                "concurrency must be between 1 and {} (the requests a client lets out at once), \
                 not {concurrency}",
                slots::MAX_IN_FLIGHT
            )));
        }
        let stop = match (stop_at_first_error, stop_at_error_code) {
            (false, _) => StopAt::Nothing,
            (true, false) => StopAt::Failure,
            (true, true) => StopAt::FailureOrErrorCode,
        };
        let mut attached = Attached::enter(py);
        let calls = requests
            .into_iter()
            .map(|(method, path, params, json, timeout, accept)| {
                let (json, timeout) = (json.as_ref(), timeout.as_ref());
                self.prepare(py, &method, &path, params, json, timeout, accept.as_deref())
            })
            .collect::<PyResult<Vec<Call>>>()?;
        batch_results(py, batch::run(py, &mut attached, calls, concurrency, stop)?)
    }

    /// Check a request's arguments as `request` would, without sending it:
    /// an async batch checks every call before it sends the first.
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (method, path, params = None, json = None, timeout = None, accept = None))]
    fn check(
        &self,
        py: Python<'_>,
        method: &str,
        path: &str,
        params: Option<Vec<(String, String)>>,
        json: Option<&Bound<'_, PyAny>>,
        timeout: Option<&Bound<'_, PyAny>>,
        accept: Option<&str>,
    ) -> PyResult<()> {
        self.prepare(py, method, path, params, json, timeout, accept)
            .map(drop)
    }

    /// Send a request in the background, collected later (page prefetch).
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (method, path, params = None, json = None, timeout = None, accept = None))]
    fn start(
        &self,
        py: Python<'_>,
        method: &str,
        path: &str,
        params: Option<Vec<(String, String)>>,
        json: Option<&Bound<'_, PyAny>>,
        timeout: Option<&Bound<'_, PyAny>>,
        accept: Option<&str>,
    ) -> PyResult<PendingResponse> {
        let _attached = Attached::enter(py);
        let call = self.prepare(py, method, path, params, json, timeout, accept)?;
        Ok(PendingResponse::start(call))
    }

    /// Send a request as an asyncio future of the running loop (see `asyncio`).
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (method, path, params = None, json = None, timeout = None, accept = None))]
    fn request_future<'py>(
        &self,
        py: Python<'py>,
        method: &str,
        path: &str,
        params: Option<Vec<(String, String)>>,
        json: Option<&Bound<'py, PyAny>>,
        timeout: Option<&Bound<'py, PyAny>>,
        accept: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let _attached = Attached::enter(py);
        let call = self.prepare(py, method, path, params, json, timeout, accept)?;
        asyncio::future_of_call(py, call)
    }

    fn __repr__(&self) -> String {
        format!(
            "Transport(base_url={:?}, username={:?})",
            self.base.display(),
            auth::mask(&self.username)
        )
    }
}

impl Transport {
    /// Check a request's arguments and build its call, before anything is
    /// sent. The runner then sets the call's route (see `Route`).
    #[allow(clippy::too_many_arguments)]
    fn prepare(
        &self,
        py: Python<'_>,
        method: &str,
        path: &str,
        params: Option<Vec<(String, String)>>,
        json: Option<&Bound<'_, PyAny>>,
        timeout: Option<&Bound<'_, PyAny>>,
        accept: Option<&str>,
    ) -> PyResult<Call> {
        // The timeout first, as the constructor checks the options before the rest.
        let timeout = options::seconds("timeout", timeout)?.unwrap_or(self.policy.timeout);
        let accept = match accept {
            None => JSON.clone(),
            Some(text) => HeaderValue::from_str(text)
                .ok()
                .filter(|_| !text.is_empty())
                .ok_or_else(|| {
                    PyValueError::new_err(format!(
                        "accept must be a media type such as 'text/plain', not {text:?}"
                    ))
                })?,
        };
        Ok(Call {
            pool: Arc::clone(&self.pool),
            route: Route::Overlapping,
            auth: self.auth.clone(),
            method: parse_method(method)?,
            url: self.base.join(path, params.as_deref())?,
            body: json
                .map(crate::request::json::encode)
                .transpose()?
                .map(Bytes::from),
            accept,
            timeout,
            max_retries: self.policy.max_retries,
            max_response_bytes: self.policy.max_response_bytes,
            log_level: logging::current_level(py),
        })
    }
}

/// A batch's answers in order, exceptions in place of the calls that failed.
/// A batch stopped early gives the answer that stopped it (an exception, or
/// the answer with its error code) and `None` for every other call: their
/// answers are not wanted, only their log records.
fn batch_results<'py>(py: Python<'py>, ran: batch::Ran) -> PyResult<Bound<'py, PyList>> {
    let results = PyList::empty(py);
    for (index, slot) in ran.slots.into_iter().enumerate() {
        let item = match slot {
            None => py.None().into_bound(py),
            Some(finished) if ran.stopped_at.is_some_and(|stopper| stopper != index) => {
                finished.log.emit(py)?;
                py.None().into_bound(py)
            }
            Some(finished) => match Outcome(finished).into_pyobject(py) {
                Ok(answer) => answer,
                Err(err) => err.into_value(py).into_bound(py).into_any(),
            },
        };
        results.append(item)?;
    }
    Ok(results)
}

/// The defaults and upper bounds of the options, for Python's signatures and docs.
pub fn add_option_constants(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("MAX_SECONDS", config::MAX_SECONDS)?;
    m.add("MAX_RETRIES", config::MAX_RETRIES_LIMIT)?;
    m.add("MAX_RESPONSE_BYTES", config::MAX_RESPONSE_BYTES)?;
    m.add("DEFAULT_TIMEOUT", config::DEFAULT_TIMEOUT)?;
    m.add("DEFAULT_CONNECT_TIMEOUT", config::DEFAULT_CONNECT_TIMEOUT)?;
    m.add("DEFAULT_MAX_RETRIES", config::DEFAULT_MAX_RETRIES)?;
    m.add(
        "DEFAULT_MAX_RESPONSE_BYTES",
        config::DEFAULT_MAX_RESPONSE_BYTES,
    )?;
    Ok(())
}

/// Whether URL parsing would resolve this encoded path segment away.
#[pyfunction]
pub fn is_dot_segment(segment: &str) -> bool {
    crate::request::url::is_dot_segment(segment)
}
