//! The ceiling: a plain Rust reqwest + tokio client doing each workload, and
//! decoding every body into a `serde_json::Value` (comparable work to a
//! Python client building Python objects).
//!
//! Usage: `bench-ceiling --base https://127.0.0.1:PORT/api/v5 --ca ca.pem
//!         --workload small_seq|page_seq|conc64|publish_seq|iterate
//!         [--duration S] [--warmup S] [--max-requests N] [--http1]
//!         [--current-thread] [--lean] [--user U --password P]`
//!
//! `--lean` (small_seq and conc64 only) measures reqwest alone, not a
//! ceiling: the URL is parsed and the Authorization header built once, and
//! the body is read but not decoded. It is the reqwest share of any client
//! built on reqwest, which the harness's bounds section uses.
//!
//! Prints one JSON line: requests, wall and CPU seconds of the timed part,
//! peak RSS. Every loop is bounded by both a request count and a deadline.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use emqx_bench::{fixtures, peak_rss_kib, process_cpu_seconds, rss_kib};
use serde_json::Value;

const SMALL_PATH: &str = "/clients/bench-client-000001";

struct Args {
    base: String,
    ca: String,
    workload: String,
    duration: f64,
    warmup: f64,
    max_requests: u64,
    http1: bool,
    current_thread: bool,
    lean: bool,
    user: String,
    password: String,
}

fn parse_args() -> Args {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1).cloned())
    };
    let flag = |name: &str| args.iter().any(|a| a == name);
    Args {
        base: arg("--base").expect("--base URL"),
        ca: arg("--ca").expect("--ca PATH"),
        workload: arg("--workload").expect("--workload NAME"),
        duration: arg("--duration").map_or(2.0, |s| s.parse().unwrap()),
        warmup: arg("--warmup").map_or(0.3, |s| s.parse().unwrap()),
        max_requests: arg("--max-requests").map_or(5_000_000, |s| s.parse().unwrap()),
        http1: flag("--http1"),
        current_thread: flag("--current-thread"),
        lean: flag("--lean"),
        user: arg("--user").unwrap_or_else(|| "bench-app-id".to_owned()),
        password: arg("--password").unwrap_or_else(|| "bench-app-secret".to_owned()),
    }
}

struct Bench {
    client: reqwest::Client,
    base: String,
    user: String,
    password: String,
    /// With `--lean`: the small GET's URL and Authorization header, built once.
    lean: Option<(reqwest::Url, reqwest::header::HeaderValue)>,
}

impl Bench {
    async fn get(&self, path_and_query: &str) -> Value {
        let request = self
            .client
            .get(format!("{}{path_and_query}", self.base))
            .basic_auth(&self.user, Some(&self.password));
        serde_json::from_slice(&body_of(request).await).expect("JSON")
    }

    async fn small(&self) -> Value {
        match &self.lean {
            Some((url, auth)) => self.lean_get(url, auth).await,
            None => self.get(SMALL_PATH).await,
        }
    }

    /// reqwest alone: nothing built per request but the request itself, and
    /// the body read without being decoded.
    async fn lean_get(&self, url: &reqwest::Url, auth: &reqwest::header::HeaderValue) -> Value {
        let request = self
            .client
            .get(url.clone())
            .header(reqwest::header::AUTHORIZATION, auth.clone());
        std::hint::black_box(body_of(request).await);
        Value::Null
    }

    async fn page(&self, n: u64) -> Value {
        self.get(&format!("/clients?page={n}&limit={}", fixtures::PAGE_LIMIT))
            .await
    }

    async fn publish(&self) -> Value {
        let message = serde_json::json!({
            "topic": "bench/emqx-platform/t",
            "payload": "hello from the benchmark",
            "qos": 1,
            "retain": false,
        });
        let request = self
            .client
            .post(format!("{}/publish", self.base))
            .basic_auth(&self.user, Some(&self.password))
            .header("content-type", "application/json")
            .body(serde_json::to_vec(&message).unwrap());
        serde_json::from_slice(&body_of(request).await).expect("JSON")
    }
}

/// Send `request`, check that it succeeded, and read its whole body.
async fn body_of(request: reqwest::RequestBuilder) -> bytes::Bytes {
    let response = request.send().await.expect("request failed");
    assert!(
        response.status().is_success(),
        "status {}",
        response.status()
    );
    response.bytes().await.expect("body")
}

/// Run `one(i)` sequentially until `seconds` pass or `max` requests are done.
async fn sequential<F, Fut>(seconds: f64, max: u64, mut one: F) -> u64
where
    F: FnMut(u64) -> Fut,
    Fut: std::future::Future<Output = Value>,
{
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let mut done = 0;
    while done < max && Instant::now() < deadline {
        std::hint::black_box(one(done).await);
        done += 1;
    }
    done
}

/// 64 tasks, each sending small GETs back to back until the deadline.
async fn concurrent(bench: &Arc<Bench>, seconds: f64, max: u64) -> u64 {
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let done = Arc::new(AtomicU64::new(0));
    let tasks: Vec<_> = (0..64)
        .map(|_| {
            let bench = bench.clone();
            let done = done.clone();
            tokio::spawn(async move {
                while done.load(Ordering::Relaxed) < max && Instant::now() < deadline {
                    std::hint::black_box(bench.small().await);
                    done.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    done.load(Ordering::Relaxed)
}

/// Page through all clients (no prefetch: a plain loop), counting items.
async fn iterate(bench: &Bench, rss_at_100: &mut i64) -> (u64, u64) {
    let (mut pages, mut items) = (0, 0);
    let mut n = 1;
    loop {
        let page = bench.page(n).await;
        pages += 1;
        items += page["data"].as_array().map_or(0, |d| d.len() as u64);
        if pages == 100 {
            *rss_at_100 = rss_kib();
        }
        if page["meta"]["hasnext"] != Value::Bool(true) || pages >= 10_000 {
            return (pages, items);
        }
        n += 1;
    }
}

async fn run(args: Args) {
    let ca = std::fs::read(&args.ca).expect("read --ca");
    let mut builder = reqwest::Client::builder()
        .tls_certs_only(reqwest::Certificate::from_pem_bundle(&ca).expect("CA PEM"))
        .tcp_nodelay(true);
    if args.http1 {
        builder = builder.http1_only();
    }
    let client = builder.build().expect("client");
    let base = args.base.trim_end_matches('/').to_owned();
    let lean = args.lean.then(|| {
        assert!(
            matches!(args.workload.as_str(), "small_seq" | "conc64"),
            "--lean measures small_seq and conc64 only"
        );
        let url = reqwest::Url::parse(&format!("{base}{SMALL_PATH}")).expect("URL");
        let request = client
            .get(url.clone())
            .basic_auth(&args.user, Some(&args.password))
            .build()
            .expect("request");
        (
            url,
            request.headers()[reqwest::header::AUTHORIZATION].clone(),
        )
    });
    let bench = Arc::new(Bench {
        client,
        base,
        user: args.user.clone(),
        password: args.password.clone(),
        lean,
    });
    let b = &bench;
    let max = args.max_requests;
    let timed = |seconds: f64| {
        let bench = bench.clone();
        let workload = args.workload.clone();
        async move {
            match workload.as_str() {
                "small_seq" => sequential(seconds, max, |_| bench.small()).await,
                "page_seq" => {
                    sequential(seconds, max, |i| {
                        let bench = bench.clone();
                        async move { bench.page(i % 1000 + 1).await }
                    })
                    .await
                }
                "publish_seq" => sequential(seconds, max, |_| bench.publish()).await,
                "conc64" => concurrent(&bench, seconds, max).await,
                other => panic!("unknown workload {other}"),
            }
        }
    };

    let mut extra = String::new();
    let (requests, wall, cpu);
    if args.workload == "iterate" {
        std::hint::black_box(b.page(1).await);
        let rss_before = rss_kib();
        let (t0, c0) = (Instant::now(), process_cpu_seconds());
        let mut rss_at_100 = 0;
        let (pages, items) = iterate(b, &mut rss_at_100).await;
        (wall, cpu) = (t0.elapsed().as_secs_f64(), process_cpu_seconds() - c0);
        requests = pages;
        assert_eq!(
            items,
            fixtures::TOTAL_CLIENTS,
            "iterate saw {items} clients"
        );
        extra = format!(
            r#", "items": {items}, "rss_before_kib": {rss_before}, "rss_at_100_kib": {rss_at_100}"#
        );
    } else {
        timed(args.warmup).await;
        let (t0, c0) = (Instant::now(), process_cpu_seconds());
        requests = timed(args.duration).await;
        (wall, cpu) = (t0.elapsed().as_secs_f64(), process_cpu_seconds() - c0);
    }
    println!(
        r#"{{"requests": {requests}, "wall": {wall:.6}, "cpu": {cpu:.6}, "peak_rss_kib": {}, "process_cpu": {:.6}{extra}}}"#,
        peak_rss_kib(),
        process_cpu_seconds()
    );
}

fn main() {
    let args = parse_args();
    let mut builder = if args.current_thread {
        tokio::runtime::Builder::new_current_thread()
    } else {
        tokio::runtime::Builder::new_multi_thread()
    };
    let runtime = builder.enable_all().build().expect("tokio runtime");
    runtime.block_on(run(args));
}
