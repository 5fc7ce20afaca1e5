//! Validated transport settings: base URL, TLS trust, proxy, timeouts,
//! retries, response size, user agent; every default and every bound of
//! them (the one place they are written down: Python reads the defaults
//! from `_core`).
//!
//! Everything here is checked when a client is built (or copied, or given a
//! per-request timeout), so bad input raises `ValueError` before any request
//! is sent; `py::options` checks the types first.

use std::fmt::Display;
use std::net::IpAddr;
use std::time::Duration;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use reqwest::header::HeaderValue;
use url::{Host, Url};

use crate::client::proxy::ProxyConfig;

/// Which certificates the client trusts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verify {
    /// The operating system's trust store.
    System,
    /// Only the CA certificates of this PEM bundle (like `requests`' `verify=path`).
    CaBundle(String),
    /// No verification at all (the Python layer warns).
    Disabled,
}

/// Settings that live in the connection pool (changing them needs a new pool).
#[derive(Clone, Debug, PartialEq)]
pub struct PoolConfig {
    pub connect_timeout: Duration,
    pub verify: Verify,
    pub user_agent: String,
    /// The proxy for HTTPS requests, if any (see `proxy`).
    pub proxy: Option<ProxyConfig>,
}

/// Settings applied per request.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Policy {
    pub timeout: Duration,
    pub max_retries: u32,
    /// The largest response body a call reads (see `body`).
    pub max_response_bytes: usize,
}

/// The defaults of the options, used when Python passes `None` (exported
/// to Python as `_core.DEFAULT_*` for signatures and docs).
pub const DEFAULT_TIMEOUT: f64 = 30.0;
pub const DEFAULT_CONNECT_TIMEOUT: f64 = 5.0;
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// 64 MiB, far above any EMQX answer.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 64 << 20;

/// The longest timeout: a call that needs more is stuck, not slow.
pub const MAX_SECONDS: f64 = 86_400.0;

/// The most retries a caller may ask for; more would only hide an outage.
pub const MAX_RETRIES_LIMIT: u32 = 10;

/// Bounds of `max_response_bytes`: an EMQX error body must fit under the
/// smallest, and a whole body is held in memory (then decoded into Python
/// objects several times its size), so the largest stays well within RAM.
pub const MIN_RESPONSE_BYTES: i64 = 1024;
pub const MAX_RESPONSE_BYTES: i64 = 1 << 30;

/// A positive, finite number of seconds, as a `Duration`.
pub fn seconds(name: &str, value: f64) -> PyResult<Duration> {
    if value.is_finite() && value > 0.0 && value <= MAX_SECONDS {
        Ok(Duration::from_secs_f64(value))
    } else {
        Err(PyValueError::new_err(format!(
            "{name} must be a positive number of seconds (at most one day), got {value}"
        )))
    }
}

pub fn max_retries(value: i64) -> PyResult<u32> {
    u32::try_from(value)
        .ok()
        .filter(|n| *n <= MAX_RETRIES_LIMIT)
        .ok_or_else(|| max_retries_out_of_range(value))
}

/// The error of a `max_retries` out of range (also one too large for `i64`).
pub fn max_retries_out_of_range(got: impl Display) -> PyErr {
    PyValueError::new_err(format!(
        "max_retries must be between 0 and {MAX_RETRIES_LIMIT}, got {got}"
    ))
}

pub fn max_response_bytes(value: i64) -> PyResult<usize> {
    if (MIN_RESPONSE_BYTES..=MAX_RESPONSE_BYTES).contains(&value) {
        // Cannot fail: at most 1 GiB.
        Ok(usize::try_from(value).unwrap_or(usize::MAX))
    } else {
        Err(max_response_bytes_out_of_range(value))
    }
}

/// The error of a `max_response_bytes` out of range (also one too large for `i64`).
pub fn max_response_bytes_out_of_range(got: impl Display) -> PyErr {
    PyValueError::new_err(format!(
        "max_response_bytes must be between {MIN_RESPONSE_BYTES} and \
         {MAX_RESPONSE_BYTES} (1 GiB), got {got}"
    ))
}

/// The `User-Agent` token of this SDK.
const SDK_USER_AGENT: &str = concat!("emqx-platform-python/", env!("CARGO_PKG_VERSION"));

/// The `User-Agent` header: the caller's text (if any) before this SDK's token.
pub fn user_agent(extra: Option<&str>) -> PyResult<String> {
    let agent = match extra.map(str::trim).filter(|s| !s.is_empty()) {
        Some(extra) => format!("{extra} {SDK_USER_AGENT}"),
        None => SDK_USER_AGENT.to_owned(),
    };
    HeaderValue::from_str(&agent)
        .map_err(|_| PyValueError::new_err(format!("invalid user_agent {agent:?}")))?;
    Ok(agent)
}

/// Parse and check a base URL: `https://`, or `http://` to a loopback host when
/// the caller explicitly allowed it. No credentials, query or fragment.
pub fn base_url(raw: &str, allow_insecure_http: bool) -> PyResult<Url> {
    let url = Url::parse(raw.trim())
        .map_err(|e| PyValueError::new_err(format!("invalid base_url {raw:?}: {e}")))?;
    match url.scheme() {
        "https" => {}
        "http" if allow_insecure_http && is_loopback(&url) => {}
        "http" if allow_insecure_http => {
            return Err(PyValueError::new_err(format!(
                "plain http:// is allowed only to a loopback host, not {:?}",
                url.host_str().unwrap_or_default()
            )));
        }
        "http" => {
            return Err(PyValueError::new_err(
                "base_url must use https://; plain http:// is allowed only to a loopback \
                 host and only with allow_insecure_http=True",
            ));
        }
        other => {
            return Err(PyValueError::new_err(format!(
                "base_url must use https://, not {other}://"
            )));
        }
    }
    if url.host().is_none() {
        return Err(PyValueError::new_err("base_url has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        // Credentials in a URL end up in logs and exception messages.
        return Err(PyValueError::new_err(
            "base_url must not contain credentials; pass them as arguments",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(PyValueError::new_err(
            "base_url must not contain a query or fragment",
        ));
    }
    Ok(url)
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_is_accepted_and_http_needs_loopback_and_consent() {
        assert!(base_url("https://example.com/api/v5", false).is_ok());
        Python::initialize();
        assert!(base_url("http://127.0.0.1:8080", false).is_err());
        assert!(base_url("http://127.0.0.1:8080", true).is_ok());
        assert!(base_url("http://localhost", true).is_ok());
        assert!(base_url("http://[::1]:1", true).is_ok());
        assert!(base_url("http://example.com", true).is_err());
        assert!(base_url("ftp://example.com", true).is_err());
        assert!(base_url("https://u:p@example.com", false).is_err());
        assert!(base_url("https://example.com/?a=b", false).is_err());
    }

    #[test]
    fn durations_and_retries_are_bounded() {
        Python::initialize();
        assert_eq!(seconds("t", 1.5).unwrap(), Duration::from_millis(1500));
        assert!(seconds("t", 0.0).is_err());
        assert!(seconds("t", f64::NAN).is_err());
        assert!(seconds("t", f64::INFINITY).is_err());
        assert_eq!(max_retries(2).unwrap(), 2);
        assert!(max_retries(-1).is_err());
        assert!(max_retries(11).is_err());
        assert_eq!(max_response_bytes(1024).unwrap(), 1024);
        assert_eq!(max_response_bytes(1 << 30).unwrap(), 1 << 30);
        assert!(max_response_bytes(1023).is_err());
        assert!(max_response_bytes((1 << 30) + 1).is_err());
        assert!(max_response_bytes(-1).is_err());
    }
}
