//! `Transport`: the pyclass the Python clients hold, one per endpoint and
//! credentials. It prepares each request with the GIL, then runs it on the
//! runtime: blocking (with the GIL released) or as an asyncio future.

use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use bytes::Bytes;
use pyo3::IntoPyObjectExt;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use reqwest::header::HeaderValue;
use reqwest::{Method, Url};

use crate::asyncio::inbox;
use crate::client::config::{self, Policy, PoolConfig, Verify};
use crate::client::pool::{Pool, Route};
use crate::client::proxy::{self, ProxyArg};
use crate::py::pending::PendingResponse;
use crate::request::call::Call;
use crate::request::logging;
use crate::request::outcome::Outcome;
use crate::rt::exit_gate::Attached;
use crate::sync::thread_driver;

/// The `User-Agent` token of this SDK.
const SDK_USER_AGENT: &str = concat!("emqx-platform-python/", env!("CARGO_PKG_VERSION"));

/// The default of `max_response_bytes`: 64 MiB, far above any EMQX answer.
const DEFAULT_MAX_RESPONSE_BYTES: i64 = 64 << 20;

/// `verify=` as Python passes it: a flag, or the path of a CA bundle.
#[derive(FromPyObject)]
pub enum VerifyArg {
    Flag(bool),
    Path(String),
}

#[pyclass(frozen, module = "emqx_platform._core")]
pub struct Transport {
    /// The base URL as given (checked), without a trailing '/'.
    base_url: String,
    /// The parsed base URL, and its path without a trailing '/': request
    /// URLs are this with the request path appended, so the host is parsed
    /// (IDNA and all) once, not per request.
    base: Url,
    base_path: String,
    username: String,
    /// `Basic base64(user:password)`, marked sensitive so it never prints.
    auth: HeaderValue,
    policy: Policy,
    pool: Arc<Pool>,
}

#[pymethods]
impl Transport {
    #[new]
    #[pyo3(signature = (
        base_url, username, password, *, timeout = 30.0, connect_timeout = 5.0,
        max_retries = 2, verify = VerifyArg::Flag(true), user_agent = None,
        allow_insecure_http = false, proxy = ProxyArg::Flag(true),
        max_response_bytes = DEFAULT_MAX_RESPONSE_BYTES,
    ))]
    // Spelled out because the defaults of `verify` and `proxy` render as `...` otherwise.
    #[pyo3(text_signature = "(base_url, username, password, *, timeout=30.0, \
        connect_timeout=5.0, max_retries=2, verify=True, user_agent=None, allow_insecure_http=False, \
        proxy=True, max_response_bytes=67108864)")]
    #[allow(clippy::too_many_arguments)]
    fn new(
        base_url: &str,
        username: &str,
        password: &str,
        timeout: f64,
        connect_timeout: f64,
        max_retries: i64,
        verify: VerifyArg,
        user_agent: Option<&str>,
        allow_insecure_http: bool,
        proxy: ProxyArg,
        max_response_bytes: i64,
    ) -> PyResult<Self> {
        let url = config::base_url(base_url, allow_insecure_http)?;
        let verify = match verify {
            VerifyArg::Flag(true) => Verify::System,
            VerifyArg::Flag(false) => Verify::Disabled,
            VerifyArg::Path(path) => Verify::CaBundle(path),
        };
        let pool = Pool::new(PoolConfig {
            connect_timeout: config::seconds("connect_timeout", connect_timeout)?,
            verify,
            user_agent: full_user_agent(user_agent)?,
            proxy: proxy::resolve(proxy)?,
        })?;
        Ok(Self {
            base_url: url.as_str().trim_end_matches('/').to_owned(),
            base_path: url.path().trim_end_matches('/').to_owned(),
            base: url,
            username: username.to_owned(),
            auth: basic_auth(username, password)?,
            policy: Policy {
                timeout: config::seconds("timeout", timeout)?,
                max_retries: config::max_retries(max_retries)?,
                max_response_bytes: config::max_response_bytes(max_response_bytes)?,
            },
            pool: Arc::new(pool),
        })
    }

    #[getter]
    fn base_url(&self) -> &str {
        &self.base_url
    }

    #[getter]
    fn username(&self) -> &str {
        &self.username
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
        timeout: Option<f64>,
        connect_timeout: Option<f64>,
        max_retries: Option<i64>,
        user_agent: Option<&str>,
        max_response_bytes: Option<i64>,
    ) -> PyResult<Self> {
        let mut pool_config = self.pool.config.clone();
        if let Some(seconds) = connect_timeout {
            pool_config.connect_timeout = config::seconds("connect_timeout", seconds)?;
        }
        if let Some(agent) = user_agent {
            pool_config.user_agent = full_user_agent(Some(agent))?;
        }
        // Pool settings are fixed when the pool is built: share the pool
        // unless one of them changes.
        let pool = if pool_config == self.pool.config {
            Arc::clone(&self.pool)
        } else {
            Arc::new(Pool::new(pool_config)?)
        };
        Ok(Self {
            base_url: self.base_url.clone(),
            base: self.base.clone(),
            base_path: self.base_path.clone(),
            username: self.username.clone(),
            auth: self.auth.clone(),
            policy: Policy {
                timeout: match timeout {
                    Some(seconds) => config::seconds("timeout", seconds)?,
                    None => self.policy.timeout,
                },
                max_retries: match max_retries {
                    Some(n) => config::max_retries(n)?,
                    None => self.policy.max_retries,
                },
                max_response_bytes: match max_response_bytes {
                    Some(n) => config::max_response_bytes(n)?,
                    None => self.policy.max_response_bytes,
                },
            },
            pool,
        })
    }

    #[pyo3(signature = (method, path, params = None, json = None, timeout = None))]
    fn request<'py>(
        &self,
        py: Python<'py>,
        method: &str,
        path: &str,
        params: Option<Vec<(String, String)>>,
        json: Option<&Bound<'py, PyAny>>,
        timeout: Option<f64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let mut attached = Attached::enter(py);
        let prepare = |route| self.prepare(py, route, method, path, params, json, timeout);
        Outcome(thread_driver::run(py, &mut attached, &self.pool, prepare)?).into_pyobject(py)
    }

    #[pyo3(signature = (method, path, params = None, json = None, timeout = None))]
    fn start(
        &self,
        py: Python<'_>,
        method: &str,
        path: &str,
        params: Option<Vec<(String, String)>>,
        json: Option<&Bound<'_, PyAny>>,
        timeout: Option<f64>,
    ) -> PyResult<PendingResponse> {
        let _attached = Attached::enter(py);
        let call = self.prepare(py, Route::Overlapping, method, path, params, json, timeout)?;
        Ok(PendingResponse::start(call))
    }

    #[pyo3(signature = (method, path, params = None, json = None, timeout = None))]
    fn request_future<'py>(
        &self,
        py: Python<'py>,
        method: &str,
        path: &str,
        params: Option<Vec<(String, String)>>,
        json: Option<&Bound<'py, PyAny>>,
        timeout: Option<f64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let _attached = Attached::enter(py);
        let prepare = |route| self.prepare(py, route, method, path, params, json, timeout);
        inbox::future_of_call(py, prepare)
    }

    fn __repr__(&self) -> String {
        format!(
            "Transport(base_url={:?}, username={:?})",
            self.base_url,
            mask(&self.username)
        )
    }
}

impl Transport {
    /// Check the arguments and build the call, before anything is sent.
    #[allow(clippy::too_many_arguments)]
    fn prepare(
        &self,
        py: Python<'_>,
        route: Route,
        method: &str,
        path: &str,
        params: Option<Vec<(String, String)>>,
        json: Option<&Bound<'_, PyAny>>,
        timeout: Option<f64>,
    ) -> PyResult<Call> {
        Ok(Call {
            pool: Arc::clone(&self.pool),
            route,
            auth: self.auth.clone(),
            method: parse_method(method)?,
            url: self.url(path, params.as_deref())?,
            body: json
                .map(crate::request::json::encode)
                .transpose()?
                .map(Bytes::from),
            timeout: match timeout {
                Some(seconds) => config::seconds("timeout", seconds)?,
                None => self.policy.timeout,
            },
            max_retries: self.policy.max_retries,
            max_response_bytes: self.policy.max_response_bytes,
            log_level: logging::current_level(py),
        })
    }

    fn url(&self, path: &str, params: Option<&[(String, String)]>) -> PyResult<Url> {
        if !path.starts_with('/') {
            return Err(PyValueError::new_err(format!(
                "path must start with '/', got {path:?}"
            )));
        }
        if path.contains(['?', '#']) {
            return Err(PyValueError::new_err(format!(
                "path {path:?} contains '?' or '#': pass query parameters as params=, \
                 and percent-encode path segments"
            )));
        }
        if path.contains(|c: char| c == '\\' || c.is_ascii_control()) {
            // URL parsing turns a backslash into '/' and drops tabs and newlines,
            // which would address another resource than the one given.
            return Err(PyValueError::new_err(format!(
                "path {path:?} contains a backslash or a control character: \
                 percent-encode path segments with quote_path()"
            )));
        }
        if path.split('/').any(is_dot_segment) {
            // URL parsing resolves "." and ".." (even percent-encoded), which
            // would silently address another resource.
            return Err(PyValueError::new_err(format!(
                "path {path:?} has a '.' or '..' segment, which URLs cannot carry"
            )));
        }
        let mut url = self.base.clone();
        // Parsed as the path of a full URL would be (percent-encoding
        // included), and never touching the host.
        url.set_path(&format!("{}{path}", self.base_path));
        if let Some(pairs) = params.filter(|p| !p.is_empty()) {
            url.query_pairs_mut().extend_pairs(pairs);
        }
        // The checks above should make this impossible; it is checked anyway
        // because a request outside the base path must never be sent.
        let under_base = url
            .path()
            .strip_prefix(self.base_path.as_str())
            .is_some_and(|rest| rest.starts_with('/'));
        if !under_base {
            return Err(PyValueError::new_err(format!(
                "path {path:?} does not stay under the base URL's path {:?}",
                self.base_path
            )));
        }
        if url.as_str().len() > MAX_URL_LEN {
            return Err(PyValueError::new_err(format!(
                "the request URL would be {} bytes long, over the limit of {MAX_URL_LEN}: \
                 split the request (e.g. fewer params values per call)",
                url.as_str().len()
            )));
        }
        Ok(url)
    }
}

/// The longest URL the HTTP client can send (the `http` crate's URI limit).
const MAX_URL_LEN: usize = u16::MAX as usize - 1;

fn is_dot_segment(segment: &str) -> bool {
    let lower = segment.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "." | ".." | "%2e" | "%2e%2e" | ".%2e" | "%2e."
    )
}

/// The methods the EMQX APIs use (any case is accepted).
fn parse_method(method: &str) -> PyResult<Method> {
    const METHODS: [Method; 6] = [
        Method::DELETE,
        Method::GET,
        Method::HEAD,
        Method::PATCH,
        Method::POST,
        Method::PUT,
    ];
    METHODS
        .into_iter()
        .find(|known| known.as_str().eq_ignore_ascii_case(method))
        .ok_or_else(|| {
            PyValueError::new_err(format!(
                "unsupported HTTP method {method:?}: use one of DELETE, GET, HEAD, PATCH, POST, PUT"
            ))
        })
}

fn basic_auth(username: &str, password: &str) -> PyResult<HeaderValue> {
    if username.is_empty() || password.is_empty() {
        return Err(PyValueError::new_err("credentials must not be empty"));
    }
    if username.contains(':') {
        // Basic auth separates user and password with the first ':'.
        return Err(PyValueError::new_err(
            "the API key / App ID must not contain ':'",
        ));
    }
    let token = BASE64.encode(format!("{username}:{password}"));
    let mut value = HeaderValue::from_str(&format!("Basic {token}"))
        .map_err(|_| PyTypeError::new_err("credentials must be text"))?;
    value.set_sensitive(true);
    Ok(value)
}

fn full_user_agent(extra: Option<&str>) -> PyResult<String> {
    let agent = match extra.map(str::trim).filter(|s| !s.is_empty()) {
        Some(extra) => format!("{extra} {SDK_USER_AGENT}"),
        None => SDK_USER_AGENT.to_owned(),
    };
    HeaderValue::from_str(&agent)
        .map_err(|_| PyValueError::new_err(format!("invalid user_agent {agent:?}")))?;
    Ok(agent)
}

/// The first four characters, the rest hidden.
pub fn mask(key: &str) -> String {
    if key.chars().count() < 8 {
        return "****".to_owned();
    }
    let head: String = key.chars().take(4).collect();
    format!("{head}****")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_segments_are_recognised_encoded_or_not() {
        for segment in [".", "..", "%2e", "%2E%2e", ".%2E", "%2e."] {
            assert!(is_dot_segment(segment), "{segment}");
        }
        for segment in ["", "...", "a.b", ".hidden", "%2e%2e%2e"] {
            assert!(!is_dot_segment(segment), "{segment}");
        }
    }

    fn transport_to(base_url: &str) -> Transport {
        Transport::new(
            base_url,
            "key",
            "secret",
            30.0,
            5.0,
            2,
            VerifyArg::Flag(true),
            None,
            false,
            ProxyArg::Flag(false),
            1 << 20,
        )
        .unwrap()
    }

    #[test]
    fn paths_that_url_parsing_would_change_are_refused() {
        Python::initialize();
        let transport = transport_to("https://example.com/api/v5");
        for path in [
            "/clients/..\\..\\admin",
            "/clients/.\t./admin",
            "/clients/a\r\nb",
            "/clients/a\u{0}b",
            "/clients/a\u{7f}b",
        ] {
            assert!(transport.url(path, None).is_err(), "{path:?}");
        }
        let url = transport.url("/clients/a%2Fb", None).unwrap();
        assert_eq!(url.path(), "/api/v5/clients/a%2Fb");
    }

    #[test]
    fn urls_the_http_client_cannot_send_are_refused() {
        Python::initialize();
        let transport = transport_to("https://example.com");
        let fits = [(
            "a".to_owned(),
            "x".repeat(MAX_URL_LEN - "https://example.com/q?a=".len()),
        )];
        assert_eq!(
            transport.url("/q", Some(&fits)).unwrap().as_str().len(),
            MAX_URL_LEN
        );
        let over = [("a".to_owned(), "x".repeat(MAX_URL_LEN))];
        assert!(transport.url("/q", Some(&over)).is_err());
    }

    #[test]
    fn keys_are_masked() {
        assert_eq!(mask("abcdefgh123"), "abcd****");
        assert_eq!(mask("short"), "****");
    }

    #[test]
    fn the_auth_header_is_basic_and_sensitive() {
        Python::initialize();
        let value = basic_auth("key", "secret").unwrap();
        assert_eq!(value.to_str().unwrap(), "Basic a2V5OnNlY3JldA==");
        assert!(value.is_sensitive());
        assert!(!format!("{value:?}").contains("a2V5"));
        assert!(basic_auth("a:b", "c").is_err());
        assert!(basic_auth("", "c").is_err());
    }
}
