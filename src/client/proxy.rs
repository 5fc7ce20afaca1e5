//! The proxy policy: which requests go through a proxy, and which proxy.
//!
//! - Only HTTPS requests are proxied, tunnelled with `CONNECT`: the proxy
//!   sees the host name, never the credentials or the traffic. A plain
//!   `http://` request (loopback only, see `config`) never is, since the
//!   proxy would read its `Authorization` header in clear.
//! - Loopback hosts (`localhost`, 127.0.0.0/8, ::1) never are: a proxy on
//!   another machine cannot reach them.
//! - The proxy is the one passed, else the first of `EMQX_PROXY`,
//!   `HTTPS_PROXY`, `https_proxy`, `ALL_PROXY`, `all_proxy` that is set.
//!   `HTTP_PROXY` is never used (it is for plain-HTTP requests).
//!   `NO_PROXY` (or `no_proxy`) lists hosts to reach directly, as in curl.
//! - The environment is read once, when the transport is built, so a forked
//!   child or a later rebuild of its clients uses the same proxy.
//! - Credentials in the proxy URL become the `Proxy-Authorization` header
//!   of the `CONNECT` (marked sensitive) and are removed from the URL, so
//!   they never show in messages, `repr` or logs.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use percent_encoding::percent_decode_str;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use reqwest::header::HeaderValue;
use url::Url;

/// Hosts never sent through a proxy, in `NO_PROXY` syntax (a name also
/// covers its subdomains, as `*.localhost` is loopback too).
const LOOPBACK: &str = "localhost, 127.0.0.0/8, ::1, ::ffff:127.0.0.0/104";

/// Where the proxy URL comes from, most specific first.
const PROXY_VARIABLES: [&str; 5] = [
    "EMQX_PROXY",
    "HTTPS_PROXY",
    "https_proxy",
    "ALL_PROXY",
    "all_proxy",
];
const NO_PROXY_VARIABLES: [&str; 2] = ["NO_PROXY", "no_proxy"];

/// `proxy=` as Python passes it: from the environment (`True`), none
/// (`False`), or a proxy URL.
#[derive(FromPyObject)]
pub enum ProxyArg {
    Flag(bool),
    Url(String),
}

/// A proxy to use for HTTPS requests, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct ProxyConfig {
    /// The proxy's URL without credentials (safe to show).
    url: Url,
    /// `Proxy-Authorization` of the `CONNECT`, marked sensitive (its `Debug`
    /// prints `Sensitive`).
    auth: Option<HeaderValue>,
    /// The hosts to reach directly: `NO_PROXY`, then loopback.
    no_proxy: String,
}

impl ProxyConfig {
    /// The proxy URL without its credentials.
    pub fn display_url(&self) -> &str {
        self.url.as_str()
    }
}

/// The proxy for `proxy=`, reading the environment as described above.
pub fn resolve(arg: ProxyArg) -> PyResult<Option<ProxyConfig>> {
    resolve_with(arg, |name| std::env::var(name).ok()).map_err(PyValueError::new_err)
}

/// [`resolve`] with the environment passed in (for tests).
fn resolve_with(
    arg: ProxyArg,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Option<ProxyConfig>, String> {
    let (source, raw) = match arg {
        ProxyArg::Flag(false) => return Ok(None),
        ProxyArg::Flag(true) => match first_set(&PROXY_VARIABLES, &env) {
            Some((name, value)) => (format!("{name} (environment variable)"), value),
            None => return Ok(None),
        },
        ProxyArg::Url(url) => ("proxy".to_owned(), url),
    };
    let (url, auth) = parse(&raw).map_err(|problem| format!("{source}: {problem}"))?;
    let no_proxy = match first_set(&NO_PROXY_VARIABLES, &env) {
        Some((_, hosts)) => format!("{hosts}, {LOOPBACK}"),
        None => LOOPBACK.to_owned(),
    };
    Ok(Some(ProxyConfig {
        url,
        auth,
        no_proxy,
    }))
}

/// The first of these environment variables that is set, and its value.
/// An empty variable (`export HTTPS_PROXY=`) counts as unset.
fn first_set(
    names: &[&'static str],
    env: impl Fn(&str) -> Option<String>,
) -> Option<(&'static str, String)> {
    names.iter().find_map(|name| {
        env(name)
            .filter(|value| !value.trim().is_empty())
            .map(|value| (*name, value))
    })
}

/// Check a proxy URL and split off its credentials. Messages never quote
/// the URL, which may hold a password.
fn parse(raw: &str) -> Result<(Url, Option<HeaderValue>), String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err("the proxy URL is empty (pass proxy=False for no proxy)".to_owned());
    }
    // `proxy.corp:3128`, as environment variables often say, means HTTP.
    let with_scheme = if raw.contains("://") {
        raw.to_owned()
    } else {
        format!("http://{raw}")
    };
    let mut url = Url::parse(&with_scheme).map_err(|e| format!("not a valid proxy URL ({e})"))?;
    match url.scheme() {
        "http" | "https" => {}
        "socks4" | "socks4a" | "socks5" | "socks5h" => {
            return Err(
                "SOCKS proxies are not supported; use an http:// or https:// proxy".to_owned(),
            );
        }
        other => {
            return Err(format!(
                "unsupported proxy scheme {other}://; use http:// or https://"
            ));
        }
    }
    if url.host().is_none() {
        return Err("the proxy URL has no host".to_owned());
    }
    if !matches!(url.path(), "" | "/") || url.query().is_some() || url.fragment().is_some() {
        return Err("a proxy URL is only scheme://[user:password@]host[:port]".to_owned());
    }
    let auth = if url.username().is_empty() && url.password().is_none() {
        None
    } else {
        let user = percent_decode_str(url.username()).decode_utf8_lossy();
        let password = percent_decode_str(url.password().unwrap_or_default()).decode_utf8_lossy();
        let token = BASE64.encode(format!("{user}:{password}"));
        let mut value = HeaderValue::from_str(&format!("Basic {token}"))
            .map_err(|_| "the proxy credentials are not valid".to_owned())?;
        value.set_sensitive(true);
        // Cannot fail: the URL has a host.
        let _ = url.set_username("");
        let _ = url.set_password(None);
        Some(value)
    };
    Ok((url, auth))
}

/// Apply the policy to a client builder: this proxy for HTTPS requests to
/// hosts not excluded, or no proxy at all (never the system's).
pub fn configure(
    builder: reqwest::ClientBuilder,
    proxy: Option<&ProxyConfig>,
) -> Result<reqwest::ClientBuilder, String> {
    let Some(config) = proxy else {
        return Ok(builder.no_proxy());
    };
    // `Proxy::https` intercepts https:// requests only.
    let mut rule = reqwest::Proxy::https(config.url.as_str())
        .map_err(|e| format!("cannot use the proxy {}: {e}", config.url))?
        .no_proxy(reqwest::NoProxy::from_string(&config.no_proxy));
    if let Some(auth) = &config.auth {
        rule = rule.custom_http_auth(auth.clone());
    }
    Ok(builder.proxy(rule))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    fn from(arg: ProxyArg, pairs: &[(&str, &str)]) -> Result<Option<ProxyConfig>, String> {
        resolve_with(arg, env(pairs))
    }

    #[test]
    fn credentials_leave_the_url_for_a_sensitive_header() {
        let config = from(
            ProxyArg::Url("http://us%40er:p%3Ass@proxy:3128".into()),
            &[],
        )
        .unwrap()
        .unwrap();
        assert_eq!(config.display_url(), "http://proxy:3128/");
        let auth = config.auth.clone().unwrap();
        assert_eq!(
            auth.to_str().unwrap(),
            format!("Basic {}", BASE64.encode("us@er:p:ss"))
        );
        assert!(auth.is_sensitive());
        assert!(!format!("{config:?}").contains(&BASE64.encode("us@er:p:ss")));
    }

    #[test]
    fn the_environment_is_read_in_order_and_off_means_off() {
        let all = [
            ("HTTPS_PROXY", ""),
            ("https_proxy", "http://lower:1"),
            ("ALL_PROXY", "http://all:2"),
            ("HTTP_PROXY", "http://plain:3"),
        ];
        let config = from(ProxyArg::Flag(true), &all).unwrap().unwrap();
        assert_eq!(config.display_url(), "http://lower:1/");
        let config = from(ProxyArg::Flag(true), &[("EMQX_PROXY", "corp:8080")])
            .unwrap()
            .unwrap();
        assert_eq!(config.display_url(), "http://corp:8080/");
        assert!(
            from(ProxyArg::Flag(true), &[("HTTP_PROXY", "http://plain:3")])
                .unwrap()
                .is_none()
        );
        assert!(from(ProxyArg::Flag(false), &all).unwrap().is_none());
    }

    #[test]
    fn no_proxy_adds_to_loopback() {
        let config = from(
            ProxyArg::Url("http://p:1".into()),
            &[("no_proxy", "corp.example")],
        )
        .unwrap()
        .unwrap();
        assert_eq!(config.no_proxy, format!("corp.example, {LOOPBACK}"));
        let config = from(ProxyArg::Url("http://p:1".into()), &[])
            .unwrap()
            .unwrap();
        assert_eq!(config.no_proxy, LOOPBACK);
    }

    #[test]
    fn bad_urls_are_refused_without_quoting_them() {
        for raw in [
            "socks5://user:hunter2@p:1080",
            "ftp://user:hunter2@p",
            "http://user:hunter2@p:1/path",
            "http://user:hunter2@p:1/?q=1",
            "http://user:hunter2@:1",
            "",
        ] {
            let error = from(ProxyArg::Url(raw.into()), &[]).unwrap_err();
            assert!(error.starts_with("proxy: "), "{error}");
            assert!(!error.contains("hunter2"), "{error}");
        }
        let error = from(ProxyArg::Flag(true), &[("ALL_PROXY", "socks5h://p")]).unwrap_err();
        assert!(error.starts_with("ALL_PROXY"), "{error}");
    }
}
