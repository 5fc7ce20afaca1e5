//! Rules, connectors, actions, and the metrics/stats/nodes they feed.

mod common;

use common::{enc, start};
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn rules_crud_and_metrics() {
    let env = start();
    let r = env
        .d(
            0,
            "POST",
            "/rules",
            Some(json!({"sql": "SELECT * FROM \"t/#\"", "name": "r1", "id": "rule1"})),
        )
        .await;
    assert_eq!(r.status, 201);
    assert_eq!(r.body["from"], json!(["t/#"]));
    assert_eq!(r.body["enable"], true);
    for k in [
        "id",
        "name",
        "sql",
        "actions",
        "description",
        "metadata",
        "created_at",
        "last_modified_at",
    ] {
        assert!(r.body.get(k).is_some(), "{k}");
    }
    let r = env
        .d(
            0,
            "POST",
            "/rules",
            Some(json!({"sql": "SELECT * FROM \"t/#\"", "id": "rule1"})),
        )
        .await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (400, Some("BAD_REQUEST"))
    );
    assert_eq!(
        env.d(0, "POST", "/rules", Some(json!({"sql": "nonsense"})))
            .await
            .status,
        400
    );
    let r = env
        .d(
            0,
            "POST",
            "/rules",
            Some(json!({"sql": "SELECT a FROM \"x/y\"", "description": "second"})),
        )
        .await;
    let rid2 = r.body["id"].as_str().unwrap().to_owned();
    assert_eq!(rid2.len(), 8);
    assert_eq!(
        env.d(0, "GET", "/rules", None).await.body["meta"]["count"],
        2
    );
    assert_eq!(
        env.d(0, "GET", &format!("/rules?from={}", enc("x/y")), None)
            .await
            .body["data"][0]["id"],
        rid2
    );
    let r = env.d(0, "GET", "/rules?like_description=sec", None).await;
    assert!(r.body["meta"].get("count").is_none());

    env.d(
        0,
        "POST",
        "/publish",
        Some(json!({"topic": "t/1", "payload": "x"})),
    )
    .await;
    let r = env.d(0, "GET", "/rules/rule1/metrics", None).await;
    assert_eq!(r.body["metrics"]["matched"], 1);
    assert_eq!(r.body["node_metrics"][0]["node"], "emqx@127.0.0.1");
    assert_eq!(
        env.d(0, "PUT", "/rules/rule1/metrics/reset", None)
            .await
            .status,
        204
    );
    assert_eq!(
        env.d(0, "GET", "/rules/rule1/metrics", None).await.body["metrics"]["matched"],
        0
    );

    // A PUT is a whole rule: without `sql` it is refused, as EMQX's schema check does.
    let r = env
        .d(0, "PUT", "/rules/rule1", Some(json!({"enable": false})))
        .await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (400, Some("BAD_REQUEST"))
    );
    let whole = json!({"sql": "SELECT * FROM \"t/#\"", "enable": false});
    let r = env.d(0, "PUT", "/rules/rule1", Some(whole)).await;
    assert_eq!((r.status, r.body["enable"].as_bool()), (200, Some(false)));
    let r = env.d(0, "POST", "/rule_test", Some(json!({"sql": "SELECT * FROM \"t/#\"", "context": {"topic": "t/9", "payload": "{}"}}))).await;
    assert_eq!(r.status, 200);
    let r = env
        .d(
            0,
            "POST",
            "/rules/rule1/test",
            Some(json!({"context": {"topic": "nope"}})),
        )
        .await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (412, Some("NOT_MATCH"))
    );
    assert_eq!(env.d(0, "DELETE", "/rules/rule1", None).await.status, 204);
    assert_eq!(env.d(0, "GET", "/rules/rule1", None).await.status, 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn connectors_actions_and_dependencies() {
    let env = start();
    let conn = json!({"type": "http", "name": "hook", "url": "http://example.com", "pool_size": 4});
    let r = env.d(0, "POST", "/connectors", Some(conn.clone())).await;
    assert_eq!(r.status, 201);
    assert_eq!(r.body["status"], "connected");
    assert_eq!(r.body["pool_size"], 4);
    let r = env.d(0, "POST", "/connectors", Some(conn)).await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (400, Some("ALREADY_EXISTS"))
    );
    let r = env
        .d(
            0,
            "POST",
            "/actions",
            Some(json!({"type": "http", "name": "a1", "connector": "missing"})),
        )
        .await;
    assert_eq!(r.status, 400);
    let r = env.d(0, "POST", "/actions", Some(json!({"type": "http", "name": "a1", "connector": "hook", "parameters": {"method": "post"}}))).await;
    assert_eq!(r.status, 201);
    assert_eq!(r.body["connector"], "hook");
    env.d(
        0,
        "POST",
        "/rules",
        Some(json!({"sql": "SELECT * FROM \"t\"", "id": "r", "actions": ["http:a1"]})),
    )
    .await;
    env.d(
        0,
        "POST",
        "/publish",
        Some(json!({"topic": "t", "payload": "x"})),
    )
    .await;
    assert_eq!(
        env.d(
            0,
            "GET",
            &format!("/actions/{}/metrics", enc("http:a1")),
            None
        )
        .await
        .body["metrics"]["matched"],
        1
    );

    let r = env
        .d(
            0,
            "DELETE",
            &format!("/connectors/{}", enc("http:hook")),
            None,
        )
        .await;
    assert_eq!(r.status, 400, "an action uses it");
    let r = env
        .d(0, "DELETE", &format!("/actions/{}", enc("http:a1")), None)
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.body["message"],
        "Cannot delete action while active rules are depending on it"
    );
    assert_eq!(r.body["rules"], json!(["r"]));
    assert_eq!(
        env.d(
            0,
            "PUT",
            &format!("/actions/{}/enable/false", enc("http:a1")),
            None
        )
        .await
        .status,
        204
    );
    assert_eq!(
        env.d(0, "GET", &format!("/actions/{}", enc("http:a1")), None)
            .await
            .body["status"],
        "stopped"
    );
    assert_eq!(
        env.d(
            0,
            "PUT",
            &format!("/actions/{}/enable/maybe", enc("http:a1")),
            None
        )
        .await
        .status,
        404
    );
    assert_eq!(
        env.d(
            0,
            "POST",
            &format!("/actions/{}/start", enc("http:a1")),
            None
        )
        .await
        .status,
        400
    );
    let r = env
        .d(
            0,
            "DELETE",
            &format!("/actions/{}?also_delete_dep_actions=true", enc("http:a1")),
            None,
        )
        .await;
    assert_eq!(r.status, 204);
    assert_eq!(
        env.d(0, "GET", "/rules/r", None).await.body["actions"],
        json!([])
    );
    let r = env
        .d(
            0,
            "PUT",
            &format!("/connectors/{}", enc("http:hook")),
            Some(json!({"url": "http://other", "enable": false})),
        )
        .await;
    assert_eq!(
        (r.status, r.body["url"].as_str()),
        (200, Some("http://other"))
    );
    assert_eq!(
        env.d(
            0,
            "POST",
            &format!("/connectors/{}/start", enc("http:hook")),
            None
        )
        .await
        .status,
        400
    );
    assert_eq!(
        env.d(
            0,
            "PUT",
            &format!("/connectors/{}/enable/true", enc("http:hook")),
            None
        )
        .await
        .status,
        204
    );
    assert_eq!(
        env.d(
            0,
            "POST",
            &format!("/connectors/{}/start", enc("http:hook")),
            None
        )
        .await
        .status,
        204
    );
    assert_eq!(
        env.d(
            0,
            "DELETE",
            &format!("/connectors/{}", enc("http:hook")),
            None
        )
        .await
        .status,
        204
    );
    assert_eq!(env.d(0, "GET", "/connectors", None).await.body, json!([]));
    assert_eq!(
        env.d(0, "GET", "/connectors/nocolon", None).await.status,
        400
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn metrics_stats_nodes_count_what_happened() {
    let env = start();
    env.connect(0, "a", None, json!({}));
    env.connect(0, "b", None, json!({}));
    env.d(
        0,
        "POST",
        "/clients/a/subscribe",
        Some(json!({"topic": "x/#"})),
    )
    .await;
    env.d(
        0,
        "POST",
        "/publish",
        Some(json!({"topic": "x/1", "payload": "1"})),
    )
    .await;
    env.d(
        0,
        "POST",
        "/publish",
        Some(json!({"topic": "y", "payload": "1"})),
    )
    .await;
    let m = env.d(0, "GET", "/metrics?aggregate=true", None).await.body;
    assert_eq!(m["client.connected"], 2);
    assert_eq!(m["messages.received"], 2);
    assert_eq!(m["messages.delivered"], 1);
    assert_eq!(m["messages.dropped.no_subscribers"], 1);
    assert_eq!(m.as_object().unwrap().len(), 95);
    let per_node = env.d(0, "GET", "/metrics", None).await.body;
    assert_eq!(per_node[0]["node"], "emqx@127.0.0.1");
    let s = env.d(0, "GET", "/stats?aggregate=true", None).await.body;
    assert_eq!(
        (
            s["connections.count"].as_u64(),
            s["subscriptions.count"].as_u64(),
            s["topics.count"].as_u64()
        ),
        (Some(2), Some(1), Some(1))
    );
    env.d(0, "DELETE", "/clients/b", None).await;
    let s = env.d(0, "GET", "/stats?aggregate=true", None).await.body;
    assert_eq!(
        (
            s["connections.count"].as_u64(),
            s["connections.max"].as_u64()
        ),
        (Some(1), Some(2))
    );
    let n = env.d(0, "GET", "/nodes", None).await.body;
    assert_eq!(n[0]["connections"], 1);
    assert_eq!(
        env.d(0, "GET", &format!("/nodes/{}", enc("emqx@127.0.0.1")), None)
            .await
            .status,
        200
    );
    assert_eq!(
        env.d(0, "GET", "/nodes/emqx@127.0.0.1/stats", None)
            .await
            .body["node"],
        "emqx@127.0.0.1"
    );
    assert_eq!(env.d(0, "GET", "/nodes/other@host", None).await.status, 404);
    // Deployments do not share state.
    assert_eq!(
        env.d(1, "GET", "/clients", None).await.body["meta"]["count"],
        0
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn serverless_answers_only_its_documented_endpoints() {
    let env = start();
    env.connect(1, "c", None, json!({}));
    assert_eq!(env.d(1, "GET", "/clients", None).await.status, 200);
    assert_eq!(env.d(1, "GET", "/subscriptions", None).await.status, 200);
    for (m, p) in [
        ("GET", "/rules"),
        ("GET", "/metrics"),
        ("GET", "/nodes"),
        ("GET", "/banned"),
        ("GET", "/topics"),
        ("POST", "/clients/kickout/bulk"),
        ("GET", "/connectors"),
    ] {
        let r = env.d(1, m, p, None).await;
        assert_eq!(
            (r.status, r.body["message"].as_str()),
            (404, Some("Request Path Not Found")),
            "{m} {p}"
        );
    }
    // reset() restores the seed and keeps the credentials.
    let before = env.emu.deployments();
    env.emu.reset();
    assert_eq!(env.emu.deployments(), before);
    assert_eq!(
        env.d(1, "GET", "/clients", None).await.body["meta"]["count"],
        0
    );
}
