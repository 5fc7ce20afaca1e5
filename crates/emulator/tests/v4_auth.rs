//! The EMQX 4 deployment: how it is seeded and reached, its auth and error
//! shapes, and the `auth_username`/`auth_clientid` endpoints.

mod common;

use common::{enc, start};
use emqx_emulator::{DeploymentKind, FaultSpec};
use serde_json::json;

const V4: usize = 2;

#[tokio::test(flavor = "multi_thread")]
async fn seeded_with_its_own_base_url_and_version() {
    let env = start();
    let dep = env.dep(V4);
    assert_eq!(dep.kind, DeploymentKind::DedicatedV4);
    assert!(
        dep.base_url
            .ends_with(&format!("/deployments/{}/api", dep.id))
    );
    let listed = env.p("GET", "/deployments", None).await;
    let item = listed
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["deploymentID"] == dep.id.as_str())
        .cloned()
        .unwrap();
    assert_eq!(item["deploymentType"], "dedicated");
    assert!(item["version"].as_str().unwrap().starts_with("4.4."));
    assert_eq!(dep.to_json()["version"], item["version"]);
    assert_eq!(env.dep(0).to_json()["version"], "v5");
}

#[tokio::test(flavor = "multi_thread")]
async fn auth_routing_and_refusals() {
    let env = start();
    let dep = env.dep(V4);
    let url = format!("{}/auth_username", dep.base_url);
    let r = env
        .send(env.http.get(&url).basic_auth(&dep.app_id, Some("wrong")))
        .await;
    assert_eq!(r.status, 401);
    assert_eq!(r.body["code"], 401);
    let other = env.dep(0);
    let r = env
        .send(
            env.http
                .get(&url)
                .basic_auth(&other.app_id, Some(&other.app_secret)),
        )
        .await;
    assert_eq!(r.status, 401, "another deployment's key");
    let r = env.v4("GET", "/nope", None).await;
    assert_eq!((r.status, r.body["code"].clone()), (404, json!(404)));
    let r = env.v4("GET", "/v5/clients", None).await;
    assert_eq!(r.status, 404, "no EMQX 5 path on a v4 deployment");
    let r = env.v4("PATCH", "/auth_username", None).await;
    assert_eq!(r.status, 405);
    assert_eq!(r.headers["allow"], "GET, POST");
    let v5_url = format!(
        "{}/deployments/{}/api/auth_username",
        env.emu.base_url(),
        env.dep(0).id
    );
    let r = env
        .send(
            env.http
                .get(v5_url)
                .basic_auth(&other.app_id, Some(&other.app_secret)),
        )
        .await;
    assert_eq!(r.status, 404, "no EMQX 4 path on a v5 deployment");
}

#[tokio::test(flavor = "multi_thread")]
async fn bodies_without_content_type_and_not_json() {
    let env = start();
    let dep = env.dep(V4);
    let url = format!("{}/auth_username", dep.base_url);
    let send = |body: &'static str| {
        env.http
            .post(&url)
            .basic_auth(&dep.app_id, Some(&dep.app_secret))
            .body(body)
    };
    let r = env
        .send(send(r#"{"username": "u", "password": "p"}"#))
        .await;
    assert_eq!((r.status, r.body.clone()), (200, json!({"code": 0})));
    let r = env.send(send("{not json")).await;
    assert_eq!((r.status, r.body["code"].clone()), (200, json!(109)));
    let r = env.send(send("")).await;
    assert_eq!(r.body["code"], 107);
}

#[tokio::test(flavor = "multi_thread")]
async fn auth_tables_are_stateful() {
    let env = start();
    for (path, key) in [
        ("/auth_username", "username"),
        ("/auth_clientid", "clientid"),
    ] {
        let r = env
            .v4("POST", path, Some(json!({key: "a/1", "password": "p"})))
            .await;
        assert_eq!(r.body, json!({"code": 0}), "{path}");
        let r = env
            .v4("POST", path, Some(json!({key: "a/1", "password": "p"})))
            .await;
        assert_eq!((r.status, r.body["code"].clone()), (200, json!(113)));
        let r = env
            .v4(
                "POST",
                path,
                Some(json!([{key: "b", "password": "p"}, {key: "c", "password": "p"}])),
            )
            .await;
        assert_eq!(r.body, json!({"code": 0, "data": {"b": "ok", "c": "ok"}}));
        let bad_batch = json!([{key: "d", "password": "p"}, {key: "e"}]);
        let r = env.v4("POST", path, Some(bad_batch)).await;
        assert_eq!(r.body["code"], 107, "a bad entry fails the whole batch");
        let r = env.v4("GET", &format!("{path}/d"), None).await;
        assert_eq!(r.body["code"], 105, "nothing of a failed batch is stored");
        let r = env.v4("GET", &format!("{path}/{}", enc("a/1")), None).await;
        assert_eq!(r.body, json!({"code": 0, "data": {key: "a/1"}}));
        let r = env
            .v4(
                "PUT",
                &format!("{path}/b"),
                Some(json!({"password": "new"})),
            )
            .await;
        assert_eq!(r.body, json!({"code": 0}));
        let r = env.v4("PUT", &format!("{path}/b"), Some(json!({}))).await;
        assert_eq!(r.body["code"], 107);
        let r = env
            .v4("GET", &format!("{path}?_page=2&_limit=2"), None)
            .await;
        assert_eq!(
            r.body,
            json!({"code": 0, "data": [{key: "c"}], "meta": {"page": 2, "limit": 2, "count": 3}})
        );
        let r = env.v4("GET", &format!("{path}?_limit=0"), None).await;
        assert_eq!(r.body["code"], 108);
        let r = env.v4("DELETE", &format!("{path}/b"), None).await;
        assert_eq!(r.body, json!({"code": 0}));
        let r = env.v4("GET", &format!("{path}/b"), None).await;
        assert_eq!((r.status, r.body["code"].clone()), (200, json!(105)));
        let r = env.v4("GET", path, None).await;
        assert_eq!(r.body["meta"], json!({"page": 1, "limit": 10, "count": 2}));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn faults_log_and_stopped_deployment() {
    let env = start();
    let dep = env.dep(V4);
    let mut fault = FaultSpec::new("/auth_username$");
    fault.status = Some(500);
    env.emu.inject_fault(fault).unwrap();
    let r = env.v4("GET", "/auth_username", None).await;
    assert_eq!((r.status, r.body["code"].clone()), (500, json!(500)));
    env.v4(
        "POST",
        "/auth_username",
        Some(json!({"username": "u", "password": "p"})),
    )
    .await;
    let last = env.emu.requests().pop().unwrap();
    assert_eq!(last.api, "deployment");
    assert_eq!(last.deployment_id.as_deref(), Some(dep.id.as_str()));
    assert_eq!(last.body, Some(json!({"username": "u", "password": "p"})));
    let r = env
        .p("POST", &format!("/deployments/{}/stop", dep.id), None)
        .await;
    assert_eq!(r.status, 201);
    let r = env.v4("GET", "/auth_username", None).await;
    assert_eq!((r.status, r.body["code"].clone()), (503, json!(503)));
}
