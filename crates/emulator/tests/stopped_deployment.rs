//! A deployment that is not running answers its Deployment API with 503,
//! after routing and authentication, and keeps its configuration for when it
//! starts; stopping it ends its simulated clients and their sessions, and no
//! client connects until it runs again.

mod common;

use std::time::Duration;

use common::{Env, enc, start_with};
use emqx_emulator::{EmulatorConfig, Error};
use serde_json::{Map, Value, json};

const USERS: &str = "/authentication/password_based%3Abuilt_in_database/users";

/// Long enough to see `stopping` and `starting` between two requests on a
/// busy machine.
const TRANSITION: Duration = Duration::from_millis(500);
const SETTLED: Duration = Duration::from_millis(700);

/// Start and stop are limited to once an hour each; these tests need both.
fn without_rate_limits() -> Env {
    start_with(EmulatorConfig {
        rate_limits: false,
        transition: TRANSITION,
        ..EmulatorConfig::default()
    })
}

async fn platform_status(env: &Env, id: &str) -> String {
    let r = env.p("GET", &format!("/deployments/{id}"), None).await;
    r.body["status"].as_str().unwrap_or_default().to_owned()
}

fn unavailable(id: &str, status: &str) -> serde_json::Value {
    json!({
        "code": "SERVICE_UNAVAILABLE",
        "message": format!("deployment {id} is not running (status: {status})"),
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn stopped_deployment_answers_503_and_keeps_its_configuration() {
    let env = without_rate_limits();
    let dep = env.dep(0);
    let id = dep.id.clone();
    let user = json!({"user_id": "kept", "password": "p"});
    assert_eq!(env.d(0, "POST", USERS, Some(user)).await.status, 201);
    env.connect(0, "sensor", None, json!({}));

    assert_eq!(
        env.p("POST", &format!("/deployments/{id}/stop"), None)
            .await
            .status,
        201
    );
    let r = env.d(0, "GET", USERS, None).await;
    assert_eq!((r.status, r.body), (503, unavailable(&id, "stopping")));

    tokio::time::sleep(SETTLED).await;
    assert_eq!(platform_status(&env, &id).await, "stopped");
    let r = env.d(0, "GET", "/clients", None).await;
    assert_eq!((r.status, r.body), (503, unavailable(&id, "stopped")));
    assert_eq!(
        r.headers["content-type"], "application/json",
        "a JSON error, like every other"
    );
    // A write is refused before it reaches the broker.
    let lost = json!({"user_id": "lost", "password": "p"});
    assert_eq!(env.d(0, "POST", USERS, Some(lost)).await.status, 503);
    // The other deployment is unaffected.
    assert_eq!(env.d(1, "GET", USERS, None).await.status, 200);

    let r = env
        .p("POST", &format!("/deployments/{id}/start"), None)
        .await;
    assert_eq!(r.status, 201);
    let r = env.d(0, "GET", USERS, None).await;
    assert_eq!((r.status, r.body), (503, unavailable(&id, "starting")));

    tokio::time::sleep(SETTLED).await;
    let r = env.d(0, "GET", USERS, None).await;
    assert_eq!(r.status, 200);
    let ids: Vec<&str> = r.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|u| u["user_id"].as_str())
        .collect();
    assert_eq!(
        ids,
        ["kept"],
        "state survives; the write made while stopped did not happen"
    );
    let r = env.d(0, "GET", "/clients/sensor", None).await;
    assert_eq!(r.status, 404, "the stop ended the client's session");

    let statuses: Vec<Option<u16>> = env
        .emu
        .requests()
        .iter()
        .filter(|r| r.deployment_id.as_deref() == Some(id.as_str()))
        .map(|r| r.status)
        .collect();
    assert_eq!(
        statuses,
        [201, 503, 503, 503, 503, 200, 404].map(Some),
        "the log records the 503s"
    );
}

/// Routing and authentication answer first, as on a running deployment, so a
/// caller without the App ID and secret learns nothing about its state.
#[tokio::test(flavor = "multi_thread")]
async fn routing_and_auth_come_before_the_503() {
    let env = without_rate_limits();
    let dep = env.dep(0);
    env.p("POST", &format!("/deployments/{}/stop", dep.id), None)
        .await;
    tokio::time::sleep(SETTLED).await;

    let r = env
        .send(env.http.get(format!("{}/clients", dep.base_url)))
        .await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (401, Some("AUTHORIZATION_HEADER_ERROR"))
    );
    let r = env
        .send(
            env.http
                .get(format!("{}/clients", dep.base_url))
                .basic_auth(&dep.app_id, Some("wrong")),
        )
        .await;
    assert_eq!(
        r.body,
        json!({"code": "BAD_API_KEY_OR_SECRET", "message": "Check api_key/api_secret"})
    );
    let r = env
        .send(env.http.get(format!("{}/no/such/route", dep.base_url)))
        .await;
    assert_eq!(r.status, 404);
    let r = env
        .send(env.http.patch(format!("{}/rules/r1", dep.base_url)))
        .await;
    assert_eq!(
        (r.status, r.headers["allow"].to_str().ok()),
        (405, Some("GET, PUT, DELETE"))
    );
    assert_eq!(env.d(0, "GET", "/clients", None).await.status, 503);
}

#[tokio::test(flavor = "multi_thread")]
async fn reset_brings_a_stopped_deployment_back() {
    let env = without_rate_limits();
    let id = env.dep(1).id;
    env.p("POST", &format!("/deployments/{id}/stop"), None)
        .await;
    assert_eq!(env.d(1, "GET", "/clients", None).await.status, 503);
    env.emu.reset();
    assert_eq!(env.d(1, "GET", "/clients", None).await.status, 200);
}

/// `connect_client` on deployment `i`: the status it was refused with, or
/// `None` when it connected.
fn refused_status(env: &Env, i: usize, clientid: &str) -> Option<&'static str> {
    match env
        .emu
        .connect_client(&env.dep(i).id, clientid, None, Map::new())
    {
        Ok(_) => None,
        Err(Error::DeploymentNotRunning { status, .. }) => Some(status),
        Err(other) => panic!("unexpected error: {other}"),
    }
}

async fn count(env: &Env, path: &str) -> Value {
    let r = env.d(0, "GET", path, None).await;
    assert_eq!(r.status, 200, "{path}: {}", r.body);
    r.body["meta"]["count"].clone()
}

/// A stop is a cluster going down: every connection and session ends (kept
/// sessions too, with their subscriptions), while what was configured, and
/// the retained messages, are there after the start.
#[tokio::test(flavor = "multi_thread")]
async fn stopping_ends_every_session_and_keeps_the_configuration() {
    let env = without_rate_limits();
    let id = env.dep(0).id;
    let authz = "/authorization/sources/built_in_database/rules";
    let setup: [(&str, Value); 7] = [
        (USERS, json!({"user_id": "alice", "password": "p"})),
        (
            &format!("{authz}/clients"),
            json!([{"clientid": "c/1", "rules": [{"topic": "t/#", "action": "all", "permission": "allow"}]}]),
        ),
        ("/banned", json!({"as": "clientid", "who": "bad/1"})),
        (
            "/connectors",
            json!({"type": "http", "name": "hook", "url": "http://example.com"}),
        ),
        (
            "/actions",
            json!({"type": "http", "name": "a1", "connector": "hook"}),
        ),
        (
            "/rules",
            json!({"sql": "SELECT * FROM \"t/#\"", "id": "r1", "actions": ["http:a1"]}),
        ),
        (
            "/publish",
            json!({"topic": "r/1", "payload": "kept", "retain": true}),
        ),
    ];
    for (path, body) in setup {
        let r = env.d(0, "POST", path, Some(body)).await;
        assert!(r.status < 300, "{path}: {} {}", r.status, r.body);
    }
    let keeps_session = json!({"clean_start": false, "expiry_interval": 3600});
    env.connect(0, "live", None, json!({}));
    env.connect(0, "kept", None, keeps_session.clone());
    for (client, topic) in [("live", "t/1"), ("kept", "$share/g/t/2")] {
        let path = format!("/clients/{client}/subscribe");
        let r = env.d(0, "POST", &path, Some(json!({"topic": topic}))).await;
        assert_eq!(r.status, 200);
    }
    assert!(env.emu.disconnect_client(&id, "kept").unwrap());
    env.connect(1, "elsewhere", None, json!({}));

    let r = env
        .p("POST", &format!("/deployments/{id}/stop"), None)
        .await;
    assert_eq!(r.status, 201);
    assert_eq!(refused_status(&env, 0, "late"), Some("stopping"));
    assert_eq!(
        refused_status(&env, 1, "other"),
        None,
        "only that deployment stops"
    );
    assert!(
        !env.emu.disconnect_client(&id, "live").unwrap(),
        "live is already gone"
    );
    tokio::time::sleep(SETTLED).await;
    assert_eq!(refused_status(&env, 0, "late"), Some("stopped"));
    let message = env
        .emu
        .connect_client(&id, "late", None, Map::new())
        .unwrap_err()
        .to_string();
    assert_eq!(
        message,
        format!(
            "deployment {id} is not running (status: stopped); \
             simulated clients can connect only to a running deployment"
        )
    );

    env.p("POST", &format!("/deployments/{id}/start"), None)
        .await;
    assert_eq!(refused_status(&env, 0, "late"), Some("starting"));
    tokio::time::sleep(SETTLED).await;

    for path in ["/clients", "/subscriptions", "/topics"] {
        assert_eq!(count(&env, path).await, 0, "{path}");
    }
    let stats = env.d(0, "GET", "/stats?aggregate=true", None).await.body;
    let gauges = [
        "connections",
        "sessions",
        "subscriptions",
        "topics",
        "retained",
    ];
    let counts: Vec<&Value> = gauges
        .iter()
        .map(|g| &stats[format!("{g}.count")])
        .collect();
    assert_eq!(counts, [0, 0, 0, 0, 1]);
    assert_eq!(stats["connections.max"], 2, "high-water marks stay");

    assert_eq!(count(&env, USERS).await, 1);
    assert_eq!(count(&env, &format!("{authz}/clients")).await, 1);
    assert_eq!(count(&env, "/banned").await, 1);
    assert_eq!(count(&env, "/mqtt/retainer/messages").await, 1);
    for path in [
        format!("/connectors/{}", enc("http:hook")),
        format!("/actions/{}", enc("http:a1")),
        "/rules/r1".to_owned(),
    ] {
        assert_eq!(env.d(0, "GET", &path, None).await.status, 200, "{path}");
    }
    let r = env.d(1, "GET", "/clients", None).await;
    assert_eq!(r.body["data"][0]["clientid"], "elsewhere");

    // Running again: clients connect, and a kept session is not resumed.
    let client = env.connect(0, "kept", None, keeps_session);
    assert_eq!(client["subscriptions_cnt"], 0);
    assert_eq!(count(&env, "/clients").await, 1);
}
