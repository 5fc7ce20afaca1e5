//! The EMQX 4 deployment's device-shadow service: models under `items`, in
//! camelCase, without `code`; documents with a version, replaced or merged.

mod common;

use common::start;
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn shadow_models() {
    let env = start();
    let r = env
        .v4(
            "POST",
            "/shadows",
            Some(json!({"description": "123", "shadowID": "test_shadow", "shadowName": "test"})),
        )
        .await;
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
            "createdAt",
            "description",
            "shadowID",
            "shadowName",
            "updatedAt"
        ]
    );
    assert_eq!(
        r.body["createdAt"].as_str().unwrap().len(),
        16,
        "YYYY-MM-DD HH:mm"
    );
    let r = env
        .v4("POST", "/shadows", Some(json!({"shadowName": "generated"})))
        .await;
    let generated = r.body["shadowID"].as_str().unwrap().to_owned();
    assert!(!generated.is_empty());
    let r = env
        .v4("POST", "/shadows", Some(json!({"shadowID": "test_shadow"})))
        .await;
    assert_eq!(r.body["code"], 113);

    let r = env.v4("GET", "/shadows/?_page=1&_limit=1", None).await;
    assert_eq!(r.body["meta"], json!({"page": 1, "limit": 1, "count": 2}));
    assert_eq!(r.body["items"][0]["shadowID"], "test_shadow");
    assert!(r.body.get("code").is_none() && r.body.get("data").is_none());
    let r = env
        .v4(
            "PUT",
            "/shadows/test_shadow",
            Some(json!({"description": "", "shadowName": "renamed"})),
        )
        .await;
    assert_eq!(
        (r.body["shadowName"].clone(), r.body["description"].clone()),
        (json!("renamed"), json!(""))
    );
    let r = env.v4("GET", "/shadows/test_shadow", None).await;
    assert_eq!(r.body["shadowName"], "renamed");
    let r = env
        .v4(
            "PUT",
            "/shadows/test_shadow",
            Some(json!({"shadowID": "other"})),
        )
        .await;
    assert_eq!(r.body["code"], 108);

    assert_eq!(
        env.v4("DELETE", &format!("/shadows/{generated}"), None)
            .await
            .body,
        json!({"code": 0})
    );
    let r = env.v4("GET", &format!("/shadows/{generated}"), None).await;
    assert_eq!((r.status, r.body["code"].clone()), (200, json!(404)));
    assert_eq!(
        env.v4("GET", "/shadows", None).await.body["meta"]["count"],
        1
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn shadow_documents() {
    let env = start();
    env.v4(
        "POST",
        "/shadows",
        Some(json!({"shadowID": "s", "shadowName": "s"})),
    )
    .await;
    let r = env.v4("GET", "/shadows/s/json", None).await;
    assert_eq!(
        (r.body["data"].clone(), r.body["version"].clone()),
        (json!({}), json!(0))
    );
    assert_eq!(r.body["createAt"], r.body["createdAt"]);
    assert!(r.body["lastTime"].as_i64().unwrap() > 1_600_000_000_000);
    let r = env
        .v4(
            "PUT",
            "/shadows/s/json",
            Some(json!({"color": "blue", "state": 1, "power": 0})),
        )
        .await;
    assert_eq!(
        (r.body["data"].clone(), r.body["version"].clone()),
        (json!({"color": "blue", "state": 1, "power": 0}), json!(1))
    );
    let r = env
        .v4("PATCH", "/shadows/s/json", Some(json!({"specs": 2})))
        .await;
    assert_eq!(r.body["data"]["specs"], 2);
    assert_eq!(r.body["data"]["color"], "blue");
    let r = env
        .v4("PATCH", "/shadows/s/json", Some(json!({"key": {"a": 100}})))
        .await;
    assert_eq!(
        (r.status, r.body["code"].clone()),
        (200, json!(108)),
        "nested objects level by level"
    );
    env.v4("PATCH", "/shadows/s/json", Some(json!({"key": {}})))
        .await;
    let r = env
        .v4("PATCH", "/shadows/s/json", Some(json!({"key": {"a": 100}})))
        .await;
    assert_eq!(
        (r.body["data"]["key"].clone(), r.body["version"].clone()),
        (json!({"a": 100}), json!(4))
    );
    // The table's `data` wrapper is accepted too, as an object or a string.
    let r = env
        .v4(
            "PUT",
            "/shadows/s/json",
            Some(json!({"data": {"only": true}})),
        )
        .await;
    assert_eq!(r.body["data"], json!({"only": true}));
    let r = env
        .v4(
            "PUT",
            "/shadows/s/json",
            Some(json!({"data": "{\"n\": 1}"})),
        )
        .await;
    assert_eq!(r.body["data"], json!({"n": 1}));
    let r = env.v4("GET", "/shadows/s/json", None).await;
    assert_eq!(r.body["version"], 6);
    let r = env.v4("PUT", "/shadows/none/json", Some(json!({}))).await;
    assert_eq!(r.body["code"], 404);
    let r = env.v4("PUT", "/shadows/s/json", Some(json!([1]))).await;
    assert_eq!(r.body["code"], 108);
}
