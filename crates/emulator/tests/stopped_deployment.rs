//! A deployment that is not running answers its Deployment API with 503,
//! after routing and authentication, and keeps its state for when it starts.

mod common;

use std::time::Duration;

use common::{Env, start_with};
use emqx_emulator::EmulatorConfig;
use serde_json::json;

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
async fn stopped_deployment_answers_503_and_keeps_its_state() {
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
    assert_eq!(r.status, 200);

    let statuses: Vec<Option<u16>> = env
        .emu
        .requests()
        .iter()
        .filter(|r| r.deployment_id.as_deref() == Some(id.as_str()))
        .map(|r| r.status)
        .collect();
    assert_eq!(
        statuses,
        [201, 503, 503, 503, 503, 200, 200].map(Some),
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
