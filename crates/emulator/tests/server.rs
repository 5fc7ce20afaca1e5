//! Server core: TLS, auth, unknown paths, bad bodies, faults, the request log.

mod common;

use std::time::{Duration, Instant};

use common::{enc, start, start_with};
use emqx_emulator::{EmulatorConfig, FaultSpec};
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn serves_https_with_its_ca_on_ip_and_localhost() {
    let env = start();
    let r = env.p("GET", "/projects", None).await;
    assert_eq!(r.status, 200);
    let url = format!(
        "https://localhost:{}/platform/projects",
        env.emu.addr().port()
    );
    let (k, s) = env.emu.platform_credentials();
    let r = env.send(env.http.get(url).basic_auth(k, Some(s))).await;
    assert_eq!(r.status, 200);
    // A client without the CA is refused.
    let plain = reqwest::Client::builder().build().unwrap();
    assert!(plain.get(env.emu.platform_base_url()).send().await.is_err());
}

#[tokio::test(flavor = "multi_thread")]
async fn auth_errors_have_the_real_bodies() {
    let env = start();
    let url = format!("{}/projects", env.emu.platform_base_url());
    let r = env.send(env.http.get(&url)).await;
    assert_eq!(r.status, 401);
    assert_eq!(r.body["code"], "AUTHORIZATION_HEADER_ERROR");
    let r = env
        .send(env.http.get(&url).basic_auth("nope", Some("nope")))
        .await;
    assert_eq!(r.status, 401);
    assert_eq!(
        r.body,
        json!({"code": "BAD_API_KEY_OR_SECRET", "message": "Check api_key/api_secret"})
    );
    // Deployment credentials do not open the Platform API, nor another deployment.
    let d0 = env.dep(0);
    let r = env
        .send(
            env.http
                .get(&url)
                .basic_auth(&d0.app_id, Some(&d0.app_secret)),
        )
        .await;
    assert_eq!(r.status, 401);
    let d1 = env.dep(1);
    let r = env
        .send(
            env.http
                .get(format!("{}/clients", d1.base_url))
                .basic_auth(&d0.app_id, Some(&d0.app_secret)),
        )
        .await;
    assert_eq!(r.body["code"], "BAD_API_KEY_OR_SECRET");
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_paths_are_json_404s() {
    let env = start();
    for path in [
        "/nope",
        "/deployments/xxxxxxxx/api/v5/clients",
        "/platform/nope",
    ] {
        let url = format!("{}{}", env.emu.base_url(), path);
        let (k, s) = env.emu.platform_credentials();
        let r = env.send(env.http.get(url).basic_auth(k, Some(s))).await;
        assert_eq!(r.status, 404, "{path}");
        assert_eq!(
            r.body,
            json!({"code": "NOT_FOUND", "message": "Request Path Not Found"})
        );
    }
    let r = env.d(0, "GET", "/no/such/thing", None).await;
    assert_eq!(r.body["message"], "Request Path Not Found");
}

/// As on EMQX: the router answers 404 (no route) and 405 (another method) before
/// the API key is checked; a known route without credentials is 401.
#[tokio::test(flavor = "multi_thread")]
async fn routing_comes_before_auth() {
    let env = start();
    let d0 = env.dep(0);
    let r = env
        .send(env.http.get(format!("{}/no/such/route", d0.base_url)))
        .await;
    assert_eq!(r.status, 404);
    assert_eq!(r.body["message"], "Request Path Not Found");
    let r = env
        .send(env.http.patch(format!("{}/rules/r1", d0.base_url)))
        .await;
    assert_eq!(r.status, 405);
    assert_eq!(r.headers["allow"], "GET, PUT, DELETE");
    assert!(r.raw.is_empty());
    let r = env
        .send(env.http.get(format!("{}/clients", d0.base_url)))
        .await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (401, Some("AUTHORIZATION_HEADER_ERROR"))
    );
    // With credentials, the same answers.
    let r = env.d(0, "PATCH", "/rules/r1", None).await;
    assert_eq!(r.status, 405);
    // Serverless: what its docs do not list is an unknown route.
    let d1 = env.dep(1);
    let r = env
        .send(env.http.get(format!("{}/rules", d1.base_url)))
        .await;
    assert_eq!(r.status, 404);
    let r = env.d(1, "GET", "/rules", None).await;
    assert_eq!(r.status, 404);
}

/// The Platform API routes before auth too: 404 and 405 whatever the
/// credentials, 401 (with the real body) only on a known route and method.
#[tokio::test(flavor = "multi_thread")]
async fn platform_routing_comes_before_auth() {
    let env = start();
    let root = env.emu.platform_base_url();
    let not_found = json!({"code": "NOT_FOUND", "message": "Request Path Not Found"});
    for (path, auth) in [
        ("/nope", None),
        ("/nope", Some(("wrong", "wrong"))),
        ("/deployments/d/nope", None),
        ("", None),
    ] {
        let mut rb = env.http.get(format!("{root}{path}"));
        if let Some((k, s)) = auth {
            rb = rb.basic_auth(k, Some(s));
        }
        let r = env.send(rb).await;
        assert_eq!((r.status, &r.body), (404, &not_found), "{path} {auth:?}");
    }
    let r = env.send(env.http.delete(format!("{root}/projects"))).await;
    assert_eq!(
        (r.status, r.headers["allow"].to_str().ok(), r.raw.len()),
        (405, Some("GET"), 0)
    );
    let r = env
        .send(
            env.http
                .patch(format!("{root}/deployments/d/tls"))
                .basic_auth("wrong", Some("wrong")),
        )
        .await;
    assert_eq!(
        (r.status, r.headers["allow"].to_str().ok()),
        (405, Some("GET, POST, PUT, DELETE"))
    );
    // With the right credentials, the same answers.
    assert_eq!(env.p("GET", "/nope", None).await.body, not_found);
    assert_eq!(env.p("DELETE", "/projects", None).await.status, 405);
    // A known route and method still needs the credentials.
    let r = env.send(env.http.get(format!("{root}/projects"))).await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (401, Some("AUTHORIZATION_HEADER_ERROR"))
    );
    let r = env
        .send(
            env.http
                .post(format!("{root}/deployments/d/stop"))
                .basic_auth("wrong", Some("wrong")),
        )
        .await;
    assert_eq!(
        r.body,
        json!({"code": "BAD_API_KEY_OR_SECRET", "message": "Check api_key/api_secret"})
    );
    // Create is routed but not emulated: the handler's 404, after auth.
    let r = env.send(env.http.post(format!("{root}/deployments"))).await;
    assert_eq!(r.status, 401);
    assert_eq!(env.p("POST", "/deployments", None).await.body, not_found);
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_bodies_get_400_415_413() {
    let env = start_with(EmulatorConfig {
        max_body_bytes: 1024,
        ..common::fast_config()
    });
    let d = env.dep(0);
    let url = format!("{}/publish", d.base_url);
    let post = || {
        env.http
            .post(&url)
            .basic_auth(&d.app_id, Some(&d.app_secret))
    };
    let r = env
        .send(
            post()
                .header("content-type", "application/json")
                .body("{nope"),
        )
        .await;
    assert_eq!(
        r.body,
        json!({"code": "BAD_REQUEST", "message": "Invalid json message received"})
    );
    assert_eq!(r.status, 400);
    let r = env
        .send(post().body(r#"{"topic":"t","payload":"x"}"#))
        .await;
    assert_eq!(r.status, 415);
    assert_eq!(
        r.body,
        json!({"code": "UNSUPPORTED_MEDIA_TYPE", "message": "content-type:application/json Required"})
    );
    let r = env
        .send(post().header("content-type", "text/plain").body("hi"))
        .await;
    assert_eq!(r.status, 415);
    let r = env
        .send(
            post()
                .header("content-type", "application/json")
                .body(vec![b' '; 4096]),
        )
        .await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (413, Some("EXCEED_LIMIT"))
    );
    // Deeply nested JSON is an error, not a crash.
    let deep = "[".repeat(10_000);
    let r = env
        .send(post().header("content-type", "application/json").body(deep))
        .await;
    assert!(r.status == 400 || r.status == 413);
    let r = env.d(0, "GET", "/clients", None).await;
    assert_eq!(r.status, 200, "still serving");
}

#[tokio::test(flavor = "multi_thread")]
async fn percent_encoded_segments_stay_whole() {
    let env = start();
    let odd = "dev/1 #+:@%";
    env.connect(0, odd, Some("u"), json!({}));
    let r = env
        .d(0, "GET", &format!("/clients/{}", enc(odd)), None)
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["clientid"], odd);
    // An unencoded slash is a different (unknown) path.
    let r = env.d(0, "GET", "/clients/dev/1", None).await;
    assert_eq!(r.status, 404);
    let r = env
        .d(0, "DELETE", &format!("/clients/{}", enc(odd)), None)
        .await;
    assert_eq!(r.status, 204);
    assert!(r.raw.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn faults_status_delay_drop_and_times() {
    let env = start();
    let mut f = FaultSpec::new("/platform/projects$");
    f.status = Some(503);
    f.retry_after = Some("7".into());
    f.times = Some(2);
    env.emu.inject_fault(f).unwrap();
    for _ in 0..2 {
        let r = env.p("GET", "/projects", None).await;
        assert_eq!(r.status, 503);
        assert_eq!(r.headers["retry-after"], "7");
        assert_eq!(r.body["code"], "SERVICE_UNAVAILABLE");
    }
    assert_eq!(env.p("GET", "/projects", None).await.status, 200);

    let mut f = FaultSpec::new("/clients");
    f.method = Some("GET".into());
    f.delay = Some(Duration::from_millis(300));
    env.emu.inject_fault(f).unwrap();
    let t = Instant::now();
    assert_eq!(env.d(0, "GET", "/clients", None).await.status, 200);
    assert!(t.elapsed() >= Duration::from_millis(300));

    let mut f = FaultSpec::new("/clients");
    f.drop_connection = true;
    env.emu.inject_fault(f).unwrap();
    let d = env.dep(0);
    let err = env
        .http
        .get(format!("{}/clients", d.base_url))
        .basic_auth(&d.app_id, Some(&d.app_secret))
        .send()
        .await;
    assert!(err.is_err(), "connection dropped");
    assert_eq!(env.d(0, "GET", "/clients", None).await.status, 200);

    let mut f = FaultSpec::new("/publish");
    f.status = Some(400);
    f.body = Some(json!({"code": "X", "message": "y"}));
    f.times = None;
    env.emu.inject_fault(f).unwrap();
    for _ in 0..3 {
        assert_eq!(
            env.d(0, "POST", "/publish", Some(json!({}))).await.body["code"],
            "X"
        );
    }
    env.emu.clear_faults();
    assert_eq!(
        env.d(
            0,
            "POST",
            "/publish",
            Some(json!({"topic": "t", "payload": ""}))
        )
        .await
        .status,
        202
    );
    assert!(env.emu.inject_fault(FaultSpec::new("(")).is_err());
}

#[tokio::test(flavor = "multi_thread")]
async fn request_log_records_without_credentials() {
    let env = start();
    env.d(0, "GET", "/clients?clientid=a&clientid=b%2Fc&page=1", None)
        .await;
    env.d(
        0,
        "POST",
        "/publish",
        Some(json!({"topic": "t/1", "payload": "p"})),
    )
    .await;
    let reqs = env.emu.requests();
    assert_eq!(reqs.len(), 2);
    let d = env.dep(0);
    assert_eq!(reqs[0].method, "GET");
    assert_eq!(
        reqs[0].path,
        format!("/deployments/{}/api/v5/clients", d.id)
    );
    assert_eq!(
        reqs[0].query,
        vec![
            ("clientid".into(), "a".into()),
            ("clientid".into(), "b/c".into()),
            ("page".into(), "1".into())
        ]
    );
    assert_eq!(reqs[0].status, Some(200));
    assert_eq!(reqs[0].deployment_id.as_deref(), Some(d.id.as_str()));
    assert_eq!(reqs[1].body, Some(json!({"topic": "t/1", "payload": "p"})));
    let dump =
        serde_json::to_string(&reqs.iter().map(|r| r.to_json()).collect::<Vec<_>>()).unwrap();
    assert!(!dump.contains(&d.app_secret) && !dump.to_lowercase().contains("authorization"));
    assert_eq!(reqs[0].to_json()["query"]["clientid"], json!(["a", "b/c"]));
    env.emu.reset();
    assert!(env.emu.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn many_concurrent_clients() {
    let env = start();
    env.connect(0, "c", None, json!({}));
    let mut tasks = Vec::new();
    for i in 0..200 {
        let http = env.http.clone();
        let d = env.dep(0);
        tasks.push(tokio::spawn(async move {
            let body = json!({"topic": format!("t/{i}"), "payload": "x"}).to_string();
            http.post(format!("{}/publish", d.base_url))
                .basic_auth(&d.app_id, Some(&d.app_secret))
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .map(|r| r.status().as_u16())
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap().unwrap(), 202);
    }
    assert_eq!(env.emu.published(&env.dep(0).id).unwrap().len(), 200);
}

#[tokio::test(flavor = "multi_thread")]
async fn shutdown_stops_serving() {
    let env = start();
    assert_eq!(env.p("GET", "/projects", None).await.status, 200);
    env.emu.shutdown();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let fresh = reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_pem(env.emu.ca_cert_pem().as_bytes()).unwrap()])
        .build()
        .unwrap();
    assert!(fresh.get(env.emu.platform_base_url()).send().await.is_err());
}
