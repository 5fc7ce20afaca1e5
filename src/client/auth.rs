//! The credentials of a transport: the Basic-auth header, and the key as
//! it may be shown (in a `repr`).

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use reqwest::header::HeaderValue;

/// `Basic base64(user:password)`, marked sensitive so it never prints.
pub fn basic_auth(username: &str, password: &str) -> PyResult<HeaderValue> {
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

/// The first four characters of a key of eight or more, the rest hidden;
/// nothing of a shorter one (four characters would be half of it).
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
