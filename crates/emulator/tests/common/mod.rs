//! Shared helpers: start an emulator, and a reqwest client that trusts its CA.
#![allow(dead_code)]

use emqx_emulator::{DeploymentInfo, Emulator, EmulatorConfig, EmulatorHandle};
use reqwest::Method;
use serde_json::Value;

pub struct Env {
    pub emu: EmulatorHandle,
    pub http: reqwest::Client,
}

pub fn fast_config() -> EmulatorConfig {
    EmulatorConfig {
        transition: std::time::Duration::from_millis(200),
        ..EmulatorConfig::default()
    }
}

pub fn start() -> Env {
    start_with(fast_config())
}

pub fn start_with(config: EmulatorConfig) -> Env {
    let emu = Emulator::bind(config, "127.0.0.1", 0).expect("emulator starts");
    let ca = reqwest::Certificate::from_pem(emu.ca_cert_pem().as_bytes()).expect("CA parses");
    let http = reqwest::Client::builder()
        .tls_certs_only([ca])
        .build()
        .expect("client builds");
    Env { emu, http }
}

pub struct Resp {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
    pub raw: Vec<u8>,
}

impl Env {
    pub fn dep(&self, i: usize) -> DeploymentInfo {
        self.emu.deployments()[i].clone()
    }

    pub async fn send(&self, rb: reqwest::RequestBuilder) -> Resp {
        let r = rb.send().await.expect("request completes");
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        let raw = r.bytes().await.expect("body reads").to_vec();
        let body = if raw.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&raw).unwrap_or(Value::Null)
        };
        Resp {
            status,
            headers,
            body,
            raw,
        }
    }

    fn with_body(rb: reqwest::RequestBuilder, body: Option<Value>) -> reqwest::RequestBuilder {
        match body {
            Some(b) => rb
                .header("content-type", "application/json")
                .body(b.to_string()),
            None => rb,
        }
    }

    /// A Deployment API call on deployment `i`; `path` is below `/api/v5`.
    pub async fn d(&self, i: usize, method: &str, path: &str, body: Option<Value>) -> Resp {
        let dep = self.dep(i);
        let url = format!("{}{}", dep.base_url, path);
        let rb = self
            .http
            .request(Method::from_bytes(method.as_bytes()).unwrap(), url)
            .basic_auth(&dep.app_id, Some(&dep.app_secret));
        self.send(Self::with_body(rb, body)).await
    }

    /// A Deployment API call on the EMQX 4 deployment (`[2]`); `path` is below `/api`.
    pub async fn v4(&self, method: &str, path: &str, body: Option<Value>) -> Resp {
        self.d(2, method, path, body).await
    }

    /// A Platform API call; `path` is below the Platform root.
    pub async fn p(&self, method: &str, path: &str, body: Option<Value>) -> Resp {
        let (k, s) = self.emu.platform_credentials();
        let url = format!("{}{}", self.emu.platform_base_url(), path);
        let rb = self
            .http
            .request(Method::from_bytes(method.as_bytes()).unwrap(), url)
            .basic_auth(k, Some(s));
        self.send(Self::with_body(rb, body)).await
    }

    pub fn connect(&self, i: usize, clientid: &str, username: Option<&str>, attrs: Value) -> Value {
        let attrs = attrs.as_object().cloned().unwrap_or_default();
        self.emu
            .connect_client(&self.dep(i).id, clientid, username, attrs)
            .expect("known deployment")
    }
}

/// Percent-encodes a path parameter in full, as the SDK does.
pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
