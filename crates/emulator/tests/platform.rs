//! Platform API: projects, deployments lifecycle, TLS, rate limits.

mod common;

use std::time::Duration;

use common::{enc, start, start_with};
use emqx_emulator::EmulatorConfig;
use serde_json::json;

const CERT: &str = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
const KEY: &str = "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n";

#[tokio::test(flavor = "multi_thread")]
async fn projects_and_deployments_have_the_documented_fields() {
    let env = start();
    let r = env.p("GET", "/projects", None).await;
    let projects = r.body.as_array().unwrap();
    assert!(!projects.is_empty());
    for k in ["projectID", "projectName", "description"] {
        assert!(projects[0].get(k).is_some(), "{k}");
    }
    let r = env.p("GET", "/deployments", None).await;
    let list = r.body.as_array().unwrap();
    assert_eq!(list.len(), 3);
    assert_eq!(list[0]["deploymentType"], "dedicated");
    assert_eq!(list[1]["deploymentType"], "serverless");
    assert_eq!(list[2]["deploymentType"], "dedicated", "on EMQX 4");
    let d0 = env.dep(0);
    let r = env.p("GET", &format!("/deployments/{}", d0.id), None).await;
    assert_eq!(r.status, 200);
    let mut keys: Vec<&str> = r
        .body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "connections",
            "createAt",
            "deploymentID",
            "deploymentName",
            "deploymentType",
            "platform",
            "projectName",
            "region",
            "status",
            "tps",
            "version"
        ]
    );
    assert_eq!(r.body["deploymentID"], d0.id);
    assert_eq!(r.body["status"], "running");
    let r = env
        .p("GET", &format!("/deployments/{}", enc("no/such")), None)
        .await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (404, Some("NOT_FOUND"))
    );
    // Create is undocumented and not emulated.
    assert_eq!(
        env.p("POST", "/deployments", Some(json!({}))).await.status,
        404
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn stop_and_start_move_through_transitions() {
    let env = start();
    let id = env.dep(0).id;
    let r = env
        .p("POST", &format!("/deployments/{id}/stop"), None)
        .await;
    assert_eq!(r.status, 201);
    assert_eq!(
        r.body,
        json!({"deploymentID": id, "deploymentName": env.dep(0).name, "operation": "stopping"})
    );
    assert_eq!(
        env.p("GET", &format!("/deployments/{id}"), None).await.body["status"],
        "stopping"
    );
    // Starting while stopping is refused.
    let r = env
        .p("POST", &format!("/deployments/{id}/start"), None)
        .await;
    assert_eq!(r.status, 422);
    tokio::time::sleep(Duration::from_millis(250)).await;
    assert_eq!(
        env.p("GET", &format!("/deployments/{id}"), None).await.body["status"],
        "stopped"
    );
    // Start is rate limited to once an hour, and the 422 above used it up.
    let r = env
        .p("POST", &format!("/deployments/{id}/start"), None)
        .await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (429, Some("TOO_MANY_REQUESTS"))
    );
    env.emu.reset();
    assert_eq!(
        env.p("GET", &format!("/deployments/{id}"), None).await.body["status"],
        "running"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn start_after_stop_without_limits() {
    let env = start_with(EmulatorConfig {
        rate_limits: false,
        ..common::fast_config()
    });
    let id = env.dep(1).id;
    assert_eq!(
        env.p("POST", &format!("/deployments/{id}/start"), None)
            .await
            .status,
        422,
        "already running"
    );
    assert_eq!(
        env.p("POST", &format!("/deployments/{id}/stop"), None)
            .await
            .status,
        201
    );
    tokio::time::sleep(Duration::from_millis(250)).await;
    let r = env
        .p("POST", &format!("/deployments/{id}/start"), None)
        .await;
    assert_eq!(
        (r.status, r.body["operation"].as_str()),
        (201, Some("starting"))
    );
    tokio::time::sleep(Duration::from_millis(250)).await;
    assert_eq!(
        env.p("GET", &format!("/deployments/{id}"), None).await.body["status"],
        "running"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn get_limit_is_60_per_window() {
    let env = start();
    for _ in 0..60 {
        assert_eq!(env.p("GET", "/projects", None).await.status, 200);
    }
    let r = env.p("GET", "/projects", None).await;
    assert_eq!(r.status, 429);
    // The limit itself is left to the SDK, which states it from the docs.
    assert_eq!(r.body["code"], "TOO_MANY_REQUESTS");
    assert_eq!(r.body["message"], "Request exceeds the limit");
    // Other endpoints have their own budget.
    assert_eq!(env.p("GET", "/deployments", None).await.status, 200);
}

#[tokio::test(flavor = "multi_thread")]
async fn tls_certificate_lifecycle() {
    let env = start_with(EmulatorConfig {
        rate_limits: false,
        ..common::fast_config()
    });
    let id = env.dep(0).id;
    let path = format!("/deployments/{id}/tls");
    let r = env.p("GET", &path, None).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["status"], "running");
    assert_eq!(
        env.p(
            "POST",
            &path,
            Some(json!({"tlsType": "one-way", "cert": CERT, "key": KEY}))
        )
        .await
        .status,
        422,
        "exists"
    );
    assert_eq!(env.p("DELETE", &path, None).await.status, 204);
    assert_eq!(env.p("GET", &path, None).await.status, 404);
    assert_eq!(env.p("DELETE", &path, None).await.status, 404);
    let bad = [
        json!({"tlsType": "three-way", "cert": CERT, "key": KEY}),
        json!({"tlsType": "one-way", "cert": "nope", "key": KEY}),
        json!({"tlsType": "one-way", "cert": CERT, "key": CERT}),
        json!({"tlsType": "two-way", "cert": CERT, "key": KEY}),
    ];
    for b in bad {
        let r = env.p("POST", &path, Some(b.clone())).await;
        assert_eq!(r.status, 422, "{b}");
    }
    let r = env
        .p(
            "POST",
            &path,
            Some(json!({"tlsType": "two-way", "cert": CERT, "key": KEY, "cacert": CERT})),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["status"], "pending");
    assert_eq!(r.body["tlsType"], "two-way");
    assert!(r.body["expire"].as_str().unwrap().len() == 19);
    tokio::time::sleep(Duration::from_millis(250)).await;
    assert_eq!(env.p("GET", &path, None).await.body["status"], "running");
    let r = env
        .p(
            "PUT",
            &path,
            Some(json!({"tlsType": "one-way", "cert": CERT, "key": KEY})),
        )
        .await;
    assert_eq!(
        (r.status, r.body["status"].as_str()),
        (200, Some("pending"))
    );
    // Serverless deployments have no custom TLS.
    let sl = env.dep(1).id;
    assert_eq!(
        env.p(
            "POST",
            &format!("/deployments/{sl}/tls"),
            Some(json!({"tlsType": "one-way", "cert": CERT, "key": KEY}))
        )
        .await
        .status,
        422
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn tls_writes_are_limited_to_6() {
    let env = start();
    let path = format!("/deployments/{}/tls", env.dep(0).id);
    for _ in 0..6 {
        assert_eq!(
            env.p(
                "PUT",
                &path,
                Some(json!({"tlsType": "one-way", "cert": CERT, "key": KEY}))
            )
            .await
            .status,
            200
        );
    }
    assert_eq!(
        env.p(
            "PUT",
            &path,
            Some(json!({"tlsType": "one-way", "cert": CERT, "key": KEY}))
        )
        .await
        .status,
        429
    );
}
