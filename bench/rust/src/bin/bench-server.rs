//! A static HTTPS server for the benchmark: fixed bodies, Basic auth, cheap.
//!
//! Usage: `bench-server --dir DIR [--threads N] [--user U --password P]`.
//! It writes `DIR/ca.pem` (a fresh CA that signed its leaf certificate for
//! 127.0.0.1/localhost), listens on 127.0.0.1 on a free port, prints one JSON
//! line `{"port": ..., "ca": ...}` on stdout, and serves until stdin closes
//! (so it never outlives the harness) or `--max-seconds` pass.
//!
//! Routes (all but /bench/stats need Basic auth):
//! - `GET /api/v5/clients/{id}`: one client object (~600 B);
//! - `GET /api/v5/clients?page=N&limit=L`: page N of 100,000 clients;
//!   pages of 100 are built once at start (1,000 of them, ~60 KB each);
//! - `POST /api/v5/publish`: `{"id": ...}`;
//! - `GET /bench/stats`: requests served per HTTP version, and connections.

use std::convert::Infallible;
use std::io::Read;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Version, header};
use axum::response::Response;
use axum::routing::{get, post};
use axum_server::accept::NoDelayAcceptor;
use axum_server::tls_rustls::{RustlsAcceptor, RustlsConfig};
use base64::Engine;
use emqx_bench::fixtures;
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose,
};
use rustls::ServerConfig;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

struct Shared {
    auth: HeaderValue,
    client: Bytes,
    pages: Vec<Bytes>,
    publish: Bytes,
    h1: AtomicU64,
    h2: AtomicU64,
    conns: AtomicU64,
    denied: AtomicU64,
}

type App = Arc<Shared>;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1).cloned())
    };
    let dir = std::path::PathBuf::from(arg("--dir").expect("--dir DIR is required"));
    let threads: usize = arg("--threads").map_or(1, |s| s.parse().expect("--threads N"));
    let max_seconds: u64 =
        arg("--max-seconds").map_or(7200, |s| s.parse().expect("--max-seconds N"));
    let user = arg("--user").unwrap_or_else(|| "bench-app-id".to_owned());
    let password = arg("--password").unwrap_or_else(|| "bench-app-secret".to_owned());

    let (ca_pem, tls) = pki();
    std::fs::create_dir_all(&dir).expect("create --dir");
    let ca_path = dir.join("ca.pem");
    std::fs::write(&ca_path, ca_pem).expect("write ca.pem");

    let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    let pages = (1..=fixtures::TOTAL_CLIENTS / fixtures::PAGE_LIMIT)
        .map(|n| Bytes::from(fixtures::page(n, fixtures::PAGE_LIMIT)))
        .collect();
    let shared = Arc::new(Shared {
        auth: HeaderValue::from_str(&format!("Basic {token}")).unwrap(),
        client: Bytes::from(fixtures::client(1)),
        pages,
        publish: Bytes::from_static(fixtures::PUBLISH_ANSWER.as_bytes()),
        h1: AtomicU64::new(0),
        h2: AtomicU64::new(0),
        conns: AtomicU64::new(0),
        denied: AtomicU64::new(0),
    });

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads)
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(async move {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let router = Router::new()
            .route("/api/v5/clients/{id}", get(one_client))
            .route("/api/v5/clients", get(clients_page))
            .route("/api/v5/publish", post(publish))
            .route("/bench/stats", get(stats))
            .with_state(shared.clone());
        let counted = shared.clone();
        let make = tower::service_fn(move |_peer: SocketAddr| {
            counted.conns.fetch_add(1, Ordering::Relaxed);
            let router = router.clone();
            async move { Ok::<_, Infallible>(router) }
        });
        // TCP_NODELAY: without it a 60 KB page waits on Nagle + delayed ACK
        // (about 40 ms per page on loopback).
        let acceptor =
            RustlsAcceptor::new(RustlsConfig::from_config(tls)).acceptor(NoDelayAcceptor::new());
        let server = axum_server::from_tcp(listener)
            .expect("TCP listener")
            .acceptor(acceptor);
        println!(
            "{{\"port\": {port}, \"ca\": {}}}",
            serde_json::Value::from(ca_path.to_string_lossy().into_owned())
        );
        // Stop when the harness goes away (stdin closes) or after max_seconds.
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        std::thread::spawn(move || {
            let mut sink = [0u8; 64];
            let mut stdin = std::io::stdin();
            while matches!(stdin.read(&mut sink), Ok(n) if n > 0) {}
            let _ = stop_tx.send(());
        });
        tokio::select! {
            result = server.serve(make) => result.expect("server"),
            _ = stop_rx => {}
            () = tokio::time::sleep(Duration::from_secs(max_seconds)) => {}
        }
    });
}

fn pki() -> (String, Arc<ServerConfig>) {
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "emqx-platform bench CA");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();

    let mut params =
        CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()]).unwrap();
    params
        .distinguished_name
        .push(DnType::CommonName, "localhost");
    params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    params.use_authority_key_identifier_extension = true;
    let key = KeyPair::generate().unwrap();
    let cert = params.signed_by(&key, &ca).unwrap();

    let chain = vec![cert.der().clone(), CertificateDer::from(ca.der().to_vec())];
    let key_der = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(chain, key_der)
        .unwrap();
    // Like a real front end: HTTP/2 for clients that offer it, else 1.1.
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    (ca.pem(), Arc::new(config))
}

fn json(body: Bytes) -> Response {
    let mut response = Response::new(Body::from(body));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// Count the request by HTTP version; `Some` is the 401 answer.
fn denied(app: &Shared, version: Version, headers: &HeaderMap) -> Option<Response> {
    match version {
        Version::HTTP_2 => app.h2.fetch_add(1, Ordering::Relaxed),
        _ => app.h1.fetch_add(1, Ordering::Relaxed),
    };
    if headers.get(header::AUTHORIZATION) == Some(&app.auth) {
        return None;
    }
    app.denied.fetch_add(1, Ordering::Relaxed);
    let mut response = json(Bytes::from_static(
        br#"{"code":"BAD_API_KEY_OR_SECRET","message":"Check api_key/api_secret"}"#,
    ));
    *response.status_mut() = StatusCode::UNAUTHORIZED;
    Some(response)
}

async fn one_client(
    State(app): State<App>,
    version: Version,
    headers: HeaderMap,
    Path(_id): Path<String>,
) -> Response {
    if let Some(answer) = denied(&app, version, &headers) {
        return answer;
    }
    json(app.client.clone())
}

async fn clients_page(
    State(app): State<App>,
    version: Version,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    if let Some(answer) = denied(&app, version, &headers) {
        return answer;
    }
    let (mut page, mut limit) = (1u64, fixtures::PAGE_LIMIT);
    for pair in query.as_deref().unwrap_or("").split('&') {
        match pair.split_once('=') {
            Some(("page", v)) => page = v.parse().unwrap_or(1).max(1),
            Some(("limit", v)) => limit = v.parse().unwrap_or(100).clamp(1, 10_000),
            _ => {}
        }
    }
    if limit == fixtures::PAGE_LIMIT
        && let Some(body) = app.pages.get(page as usize - 1)
    {
        return json(body.clone());
    }
    json(Bytes::from(fixtures::page(page, limit)))
}

async fn publish(
    State(app): State<App>,
    version: Version,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(answer) = denied(&app, version, &headers) {
        return answer;
    }
    if body.is_empty() {
        let mut response = json(Bytes::from_static(
            br#"{"code":"BAD_REQUEST","message":"missing body"}"#,
        ));
        *response.status_mut() = StatusCode::BAD_REQUEST;
        return response;
    }
    json(app.publish.clone())
}

async fn stats(State(app): State<App>) -> Response {
    json(Bytes::from(format!(
        r#"{{"h1":{},"h2":{},"conns":{},"denied":{}}}"#,
        app.h1.load(Ordering::Relaxed),
        app.h2.load(Ordering::Relaxed),
        app.conns.load(Ordering::Relaxed),
        app.denied.load(Ordering::Relaxed),
    )))
}
