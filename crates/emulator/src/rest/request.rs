//! The parsed request handed to API handlers: the path parameters the route
//! table matched, the query pairs and the JSON body. Parsing happens once, in `server/pipeline.rs`.

use percent_encoding::percent_decode_str;
use serde_json::Value;

use crate::rest::errors::{ApiError, bad_request};
use crate::rest::routing::Params;

/// Query string pairs, decoded, in order. Repeated keys are kept (`clientid=a&clientid=b`).
#[derive(Debug, Default, Clone)]
pub(crate) struct Query {
    pub pairs: Vec<(String, String)>,
}

impl Query {
    pub fn parse(raw: Option<&str>) -> Self {
        let pairs = raw
            .unwrap_or("")
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (form_decode(k), form_decode(v))
            })
            .collect();
        Self { pairs }
    }

    /// The last value of `key` (the server keeps the last one for scalar params).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// `key` as a boolean: absent, `true` or `false`; anything else is a 400.
    pub fn get_bool(&self, key: &str) -> Result<Option<bool>, ApiError> {
        match self.get(key) {
            None => Ok(None),
            Some("true") => Ok(Some(true)),
            Some("false") => Ok(Some(false)),
            Some(v) => Err(bad_request(format!(
                "the value of {key} must be a boolean, got {v:?}"
            ))),
        }
    }

    pub fn get_all(&self, key: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// Query strings use form encoding: `+` is a space there (never in paths).
fn form_decode(s: &str) -> String {
    if s.contains('+') {
        percent_decode_str(&s.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned()
    } else {
        percent_decode_str(s).decode_utf8_lossy().into_owned()
    }
}

/// Splits a raw (still percent-encoded) path into decoded segments.
///
/// Splitting happens *before* decoding, so `a%2Fb` stays one segment `a/b`: client
/// ids and topics contain `/`. `+` is literal in paths.
pub(crate) fn split_path(raw: &str) -> Vec<String> {
    raw.split('/')
        .filter(|s| !s.is_empty())
        .map(|s| percent_decode_str(s).decode_utf8_lossy().into_owned())
        .collect()
}

/// One request, as the API handlers see it.
pub(crate) struct Req<'a> {
    /// The path parameters the route table matched, by template name.
    pub params: Params<'a>,
    pub query: &'a Query,
    /// The parsed JSON body, if one was sent.
    pub body: Option<&'a Value>,
    /// The raw body (multipart imports need it).
    pub raw_body: &'a [u8],
    pub content_type: Option<&'a str>,
    /// The `Accept` header: the Prometheus endpoints answer JSON only for `application/json`.
    pub accept: Option<&'a str>,
}

impl<'a> Req<'a> {
    /// The path parameter `name` of the matched template. Every handler in a
    /// route table names only its own template's parameters (a unit test
    /// runs each one), so a missing name is a bug in the table.
    pub fn param(&self, name: &str) -> &str {
        match self.params.iter().find(|(n, _)| *n == name) {
            Some((_, value)) => value,
            None => panic!("the route template has no parameter {{{name}}}"),
        }
    }

    /// A request with these path parameters and no body, for tests that run
    /// a handler on its own template.
    #[cfg(test)]
    pub fn without_body(params: Params<'a>, query: &'a Query) -> Self {
        Self {
            params,
            query,
            body: None,
            raw_body: &[],
            content_type: None,
            accept: None,
        }
    }

    /// The JSON body, or a 400 if the operation needs one and none came.
    pub fn json(&self) -> Result<&Value, ApiError> {
        self.body
            .ok_or_else(|| bad_request("Request body required"))
    }
}
