//! The URL and method of a request: a path under the transport's base URL,
//! refused when URL parsing would make it address another resource.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use reqwest::{Method, Url};

/// The longest URL the HTTP client can send (the `http` crate's URI limit).
pub const MAX_URL_LEN: usize = u16::MAX as usize - 1;

/// A checked base URL that request paths are appended to.
#[derive(Clone)]
pub struct BaseUrl {
    /// Parsed once, so the host (IDNA and all) is not parsed per request.
    url: Url,
    /// Its path without a trailing '/'.
    path: String,
    /// The URL as shown (`Transport.base_url`, `repr`): without a trailing '/'.
    display: String,
}

impl BaseUrl {
    pub fn new(url: Url) -> Self {
        Self {
            path: url.path().trim_end_matches('/').to_owned(),
            display: url.as_str().trim_end_matches('/').to_owned(),
            url,
        }
    }

    /// The base URL as given, without a trailing '/'.
    pub fn display(&self) -> &str {
        &self.display
    }

    /// `path` (already percent-encoded) under this base, with `params` as
    /// its query; a `ValueError` for a path that would not stay there.
    pub fn join(&self, path: &str, params: Option<&[(String, String)]>) -> PyResult<Url> {
        check_path(path)?;
        let mut url = self.url.clone();
        // Parsed as the path of a full URL would be (percent-encoding
        // included), and never touching the host.
        let mut full = String::with_capacity(self.path.len() + path.len());
        full.push_str(&self.path);
        full.push_str(path);
        url.set_path(&full);
        if let Some(pairs) = params.filter(|p| !p.is_empty()) {
            url.query_pairs_mut().extend_pairs(pairs);
        }
        // The checks above should make this impossible; it is checked anyway
        // because a request outside the base path must never be sent.
        let under_base = url
            .path()
            .strip_prefix(self.path.as_str())
            .is_some_and(|rest| rest.starts_with('/'));
        if !under_base {
            return Err(PyValueError::new_err(format!(
                "path {path:?} does not stay under the base URL's path {:?}",
                self.path
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

fn check_path(path: &str) -> PyResult<()> {
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
    Ok(())
}

/// Whether URL parsing would resolve this (encoded) path segment away; the
/// one rule for dot segments (`quote_path` asks it too).
pub fn is_dot_segment(segment: &str) -> bool {
    // Without allocating: this runs for every segment of every request.
    [".", "..", "%2e", "%2e%2e", ".%2e", "%2e."]
        .iter()
        .any(|dot| segment.eq_ignore_ascii_case(dot))
}

/// The methods the EMQX APIs use (any case is accepted).
pub fn parse_method(method: &str) -> PyResult<Method> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn base(url: &str) -> BaseUrl {
        BaseUrl::new(Url::parse(url).unwrap())
    }

    #[test]
    fn dot_segments_are_recognised_encoded_or_not() {
        for segment in [".", "..", "%2e", "%2E%2e", ".%2E", "%2e."] {
            assert!(is_dot_segment(segment), "{segment}");
        }
        for segment in ["", "...", "a.b", ".hidden", "%2e%2e%2e"] {
            assert!(!is_dot_segment(segment), "{segment}");
        }
    }

    #[test]
    fn paths_that_url_parsing_would_change_are_refused() {
        Python::initialize();
        let base = base("https://example.com/api/v5");
        for path in [
            "/clients/..\\..\\admin",
            "/clients/.\t./admin",
            "/clients/a\r\nb",
            "/clients/a\u{0}b",
            "/clients/a\u{7f}b",
        ] {
            assert!(base.join(path, None).is_err(), "{path:?}");
        }
        let url = base.join("/clients/a%2Fb", None).unwrap();
        assert_eq!(url.path(), "/api/v5/clients/a%2Fb");
    }

    #[test]
    fn urls_the_http_client_cannot_send_are_refused() {
        Python::initialize();
        let base = base("https://example.com");
        let fits = [(
            "a".to_owned(),
            "x".repeat(MAX_URL_LEN - "https://example.com/q?a=".len()),
        )];
        assert_eq!(
            base.join("/q", Some(&fits)).unwrap().as_str().len(),
            MAX_URL_LEN
        );
        let over = [("a".to_owned(), "x".repeat(MAX_URL_LEN))];
        assert!(base.join("/q", Some(&over)).is_err());
    }
}
