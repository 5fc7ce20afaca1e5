//! Failed calls, and the Python exceptions they become.
//!
//! The exception classes are defined in Python (`emqx_platform._exceptions`)
//! so users can read, subclass and pickle them; Rust picks the class from the
//! status and fills in the attributes.

use bytes::Bytes;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyString};
use reqwest::header::HeaderMap;

use crate::request::json;

/// Response headers whose values are secrets; they show as `"<redacted>"`.
const REDACTED_HEADERS: [&str; 4] = [
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
];

/// What went wrong with a call, before it meets Python.
#[derive(Debug)]
pub enum CallError {
    /// The server answered with a status other than 2xx.
    Status {
        status: u16,
        headers: HeaderMap,
        body: Bytes,
    },
    /// No usable response: refused, reset, TLS failure, truncated body, ...
    /// `unsent` is true when it failed while connecting, so the server
    /// cannot have seen the request.
    Connection { message: String, unsent: bool },
    /// An attempt took longer than its timeout (`unsent`: while connecting).
    Timeout { message: String, unsent: bool },
    /// A 2xx answer whose body says it is JSON but does not parse.
    InvalidJson { reason: String, body: Bytes },
    /// A body larger than `max_response_bytes`, left unread (see `body`).
    /// `announced` is its `Content-Length`, when that is what said so.
    TooLarge {
        status: u16,
        limit: usize,
        announced: Option<u64>,
    },
}

/// A failed call with the request it belongs to (for messages and attributes).
#[derive(Debug)]
pub struct Failed {
    pub method: String,
    /// The request URL; base URLs never carry credentials (see `config`).
    pub url: String,
    pub error: CallError,
}

static EXCEPTIONS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// Import the exception classes, at module import (see `lib.rs`).
pub fn import_at_init(py: Python<'_>) -> PyResult<()> {
    exceptions_module(py).map(drop)
}

fn exceptions_module(py: Python<'_>) -> PyResult<&Py<PyModule>> {
    EXCEPTIONS.get_or_try_init(py, || {
        py.import("emqx_platform._exceptions").map(Bound::unbind)
    })
}

fn exception_class<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    exceptions_module(py)?.bind(py).getattr(name)
}

/// The exception class for a non-2xx status.
pub fn status_class_name(status: u16) -> &'static str {
    match status {
        400 => "BadRequestError",
        401 => "AuthenticationError",
        403 => "PermissionDeniedError",
        404 => "NotFoundError",
        409 => "ConflictError",
        422 => "UnprocessableEntityError",
        429 => "RateLimitError",
        500.. => "InternalServerError",
        _ => "APIStatusError",
    }
}

/// An error body as Python sees it: decoded JSON, else text, else `None`.
fn body_object<'py>(py: Python<'py>, body: &[u8]) -> Bound<'py, PyAny> {
    json::decode(py, body)
        .unwrap_or_else(|_| PyString::new(py, &String::from_utf8_lossy(body)).into_any())
}

fn headers_dict<'py>(py: Python<'py>, headers: &HeaderMap) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (name, value) in headers {
        let name = name.as_str();
        let value = if REDACTED_HEADERS.contains(&name) {
            "<redacted>".into()
        } else {
            String::from_utf8_lossy(value.as_bytes())
        };
        // Repeated headers are joined as HTTP allows (RFC 9110 5.3).
        let joined = match dict.get_item(name)? {
            Some(previous) => format!("{}, {value}", previous.extract::<String>()?),
            None => value.into_owned(),
        };
        dict.set_item(name, joined)?;
    }
    Ok(dict)
}

impl Failed {
    /// Build the Python exception for this failure.
    pub fn into_pyerr(self, py: Python<'_>) -> PyErr {
        match self.build(py) {
            Ok(exception) => PyErr::from_value(exception),
            Err(err) => err,
        }
    }

    fn build<'py>(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let kwargs = PyDict::new(py);
        kwargs.set_item("method", &self.method)?;
        kwargs.set_item("url", &self.url)?;
        match self.error {
            CallError::Status {
                status,
                headers,
                body,
            } => {
                kwargs.set_item("status_code", status)?;
                kwargs.set_item("body", body_object(py, &body))?;
                let request_id = headers
                    .get("x-request-id")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned);
                kwargs.set_item("request_id", request_id)?;
                kwargs.set_item("headers", headers_dict(py, &headers)?)?;
                exception_class(py, status_class_name(status))?.call((), Some(&kwargs))
            }
            CallError::Connection { message, unsent } => {
                let message = connection_message(&self.url, &message, unsent);
                exception_class(py, "APIConnectionError")?.call((message,), Some(&kwargs))
            }
            CallError::Timeout { message, .. } => {
                let message = format!("{message} (server {})", peer(&self.url));
                exception_class(py, "APITimeoutError")?.call((message,), Some(&kwargs))
            }
            CallError::InvalidJson { reason, body } => {
                kwargs.set_item("body", String::from_utf8_lossy(&body))?;
                let message = format!("the response body is not valid JSON: {reason}");
                exception_class(py, "APIError")?.call((message,), Some(&kwargs))
            }
            CallError::TooLarge {
                status,
                limit,
                announced,
            } => {
                kwargs.set_item("status_code", status)?;
                kwargs.set_item("max_response_bytes", limit)?;
                let message = too_large_message(status, limit, announced);
                exception_class(py, "ResponseTooLargeError")?.call((message,), Some(&kwargs))
            }
        }
    }
}

/// `host:port` of a request URL, for messages (the URL path is in them already).
fn peer(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(url) => match (url.host_str(), url.port_or_known_default()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_owned(),
            _ => url.to_string(),
        },
        Err(_) => url.to_owned(),
    }
}

/// A connection failure in words: which server, what failed, and, when the
/// server's certificate is signed by a CA the client does not trust, how to
/// trust it.
pub fn connection_message(url: &str, message: &str, unsent: bool) -> String {
    let peer = peer(url);
    let mut text = if unsent {
        format!("cannot connect to {peer}: {message}")
    } else {
        format!("the connection to {peer} failed: {message}")
    };
    if message.contains("UnknownIssuer") {
        text.push_str(
            ". The server's certificate is signed by a CA this client does not trust: \
             pass the CA's PEM file as verify=\"/path/to/ca.pem\" or set EMQX_CA_BUNDLE",
        );
    }
    text
}

/// What was too large, and how to accept it.
pub fn too_large_message(status: u16, limit: usize, announced: Option<u64>) -> String {
    let what = match announced {
        Some(length) => format!(
            "is {length} bytes (its Content-Length), over max_response_bytes={limit}; \
             it was not read"
        ),
        None => format!("is over max_response_bytes={limit}; reading stopped there"),
    };
    format!(
        "the body of the {status} response {what}. Pass a larger max_response_bytes \
         to the client or to with_options() to accept it"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_their_classes() {
        let expected = [
            (400, "BadRequestError"),
            (401, "AuthenticationError"),
            (403, "PermissionDeniedError"),
            (404, "NotFoundError"),
            (409, "ConflictError"),
            (422, "UnprocessableEntityError"),
            (429, "RateLimitError"),
            (500, "InternalServerError"),
            (503, "InternalServerError"),
            (599, "InternalServerError"),
            (405, "APIStatusError"),
            (418, "APIStatusError"),
            (302, "APIStatusError"),
        ];
        for (status, name) in expected {
            assert_eq!(status_class_name(status), name, "status {status}");
        }
    }

    #[test]
    fn a_connection_error_names_the_server_and_an_untrusted_ca_the_way_out() {
        let refused = connection_message("https://127.0.0.1:1/api/v5/clients", "refused", true);
        assert_eq!(refused, "cannot connect to 127.0.0.1:1: refused");
        let default_port = connection_message("https://example.com/x", "reset", false);
        assert_eq!(
            default_port,
            "the connection to example.com:443 failed: reset"
        );
        let untrusted = connection_message(
            "https://[::1]:8443/",
            "invalid peer certificate: UnknownIssuer",
            true,
        );
        assert!(
            untrusted.starts_with("cannot connect to [::1]:8443: "),
            "{untrusted}"
        );
        assert!(untrusted.contains("verify="), "{untrusted}");
        assert!(untrusted.contains("EMQX_CA_BUNDLE"), "{untrusted}");
    }

    #[test]
    fn a_too_large_body_names_the_limit_and_the_way_out() {
        let announced = too_large_message(200, 1024, Some(4096));
        assert!(announced.contains("4096 bytes"), "{announced}");
        let streamed = too_large_message(503, 1024, None);
        for message in [announced, streamed] {
            assert!(message.contains("max_response_bytes=1024"), "{message}");
            assert!(message.contains("with_options()"), "{message}");
        }
    }
}
