//! HTTP Basic authentication with the EMQX 5 error answers (section 2a of the notes).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use http::HeaderMap;
use http::header::AUTHORIZATION;

use crate::rest::errors::{ApiError, unauthorized};

/// Checks `Authorization: Basic base64(key:secret)` against one key pair.
///
/// - no header, or a scheme other than basic/bearer: `AUTHORIZATION_HEADER_ERROR`;
/// - a bearer token (API-key-only deployments know none): `BAD_TOKEN`;
/// - anything else that does not match: `BAD_API_KEY_OR_SECRET` (the server never says
///   which half was wrong).
pub(crate) fn check_basic(headers: &HeaderMap, key: &str, secret: &str) -> Result<(), ApiError> {
    let header_error = || {
        unauthorized(
            "AUTHORIZATION_HEADER_ERROR",
            "Support authorization: basic/bearer ",
        )
    };
    let value = headers.get(AUTHORIZATION).ok_or_else(header_error)?;
    let value = value.to_str().map_err(|_| header_error())?.trim();
    let (scheme, rest) = value.split_once(' ').unwrap_or((value, ""));
    if scheme.eq_ignore_ascii_case("bearer") {
        return Err(unauthorized("BAD_TOKEN", "Get a token by POST /login"));
    }
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(header_error());
    }
    let bad = || unauthorized("BAD_API_KEY_OR_SECRET", "Check api_key/api_secret");
    let decoded = STANDARD.decode(rest.trim()).map_err(|_| bad())?;
    let decoded = std::str::from_utf8(&decoded).map_err(|_| bad())?;
    match decoded.split_once(':') {
        Some((k, s)) if k == key && s == secret => Ok(()),
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn headers(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(AUTHORIZATION, HeaderValue::from_str(v).unwrap());
        h
    }

    #[test]
    fn basic_auth_outcomes() {
        let good = format!("Basic {}", STANDARD.encode("k:s"));
        assert!(check_basic(&headers(&good), "k", "s").is_ok());
        let wrong = format!("basic {}", STANDARD.encode("k:x"));
        assert_eq!(
            check_basic(&headers(&wrong), "k", "s").unwrap_err().code,
            "BAD_API_KEY_OR_SECRET"
        );
        assert_eq!(
            check_basic(&HeaderMap::new(), "k", "s").unwrap_err().code,
            "AUTHORIZATION_HEADER_ERROR"
        );
        assert_eq!(
            check_basic(&headers("Digest x"), "k", "s")
                .unwrap_err()
                .code,
            "AUTHORIZATION_HEADER_ERROR"
        );
        assert_eq!(
            check_basic(&headers("Bearer t"), "k", "s")
                .unwrap_err()
                .code,
            "BAD_TOKEN"
        );
        assert_eq!(
            check_basic(&headers("Basic !!!"), "k", "s")
                .unwrap_err()
                .code,
            "BAD_API_KEY_OR_SECRET"
        );
    }
}
