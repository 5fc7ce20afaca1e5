//! The EMQX 4 deployment's clients, subscriptions, `/mqtt` and `/metrics`:
//! API subscriptions reach the simulated clients, publishes reach their
//! counters and the published log.

mod common;

use common::{enc, start};
use serde_json::json;

const V4: usize = 2;

#[tokio::test(flavor = "multi_thread")]
async fn clients_list_get_kick() {
    let env = start();
    env.connect(V4, "c/1", Some("alice"), json!({"proto_ver": 4}));
    env.connect(V4, "c2", Some("bob"), json!({"ip_address": "10.0.0.2"}));
    let r = env.v4("GET", "/clients?_page=1&_limit=1", None).await;
    assert_eq!(
        r.body["meta"],
        json!({"page": 1, "limit": 1, "count": 2, "hasnext": true})
    );
    let c = &r.body["data"][0];
    assert_eq!(
        (c["clientid"].clone(), c["username"].clone()),
        (json!("c/1"), json!("alice"))
    );
    let at = c["connected_at"].as_str().unwrap();
    assert_eq!(
        (at.len(), &at[10..11]),
        (19, " "),
        "YYYY-MM-DD HH:mm:ss: {at}"
    );
    for key in [
        "zone",
        "max_inflight",
        "mqueue_len",
        "awaiting_rel",
        "subscriptions_cnt",
        "mountpoint",
    ] {
        assert!(c.get(key).is_some(), "{key}");
    }
    let r = env.v4("GET", "/clients", None).await;
    assert_eq!(r.body["meta"]["limit"], 10_000);
    for (query, ids) in [
        ("username=bob", vec!["c2"]),
        ("_like_clientid=c", vec!["c/1", "c2"]),
        ("ip_address=10.0.0.2", vec!["c2"]),
        ("proto_ver=4", vec!["c/1"]),
        ("conn_state=connected&clean_start=true", vec!["c/1", "c2"]),
        ("_gte_created_at=4102444800", vec![]),
        ("_lte_connected_at=4102444800", vec!["c/1", "c2"]),
    ] {
        let r = env.v4("GET", &format!("/clients?{query}"), None).await;
        let got: Vec<&str> = r.body["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["clientid"].as_str().unwrap())
            .collect();
        assert_eq!(got, ids, "{query}");
    }
    assert_eq!(
        env.v4("GET", "/clients?proto_ver=x", None).await.body["code"],
        108
    );
    let r = env
        .v4("GET", &format!("/clients/{}", enc("c/1")), None)
        .await;
    assert_eq!(r.body["data"][0]["clientid"], "c/1");
    assert_eq!(
        env.v4("GET", "/clients/nobody", None).await.body,
        json!({"code": 0, "data": []})
    );
    assert_eq!(
        env.v4("DELETE", "/clients/c2", None).await.body,
        json!({"code": 0})
    );
    let r = env.v4("DELETE", "/clients/c2", None).await;
    assert_eq!((r.status, r.body["code"].clone()), (200, json!(112)));
    assert_eq!(
        env.v4("GET", "/clients", None).await.body["meta"]["count"],
        1
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn subscribe_list_unsubscribe() {
    let env = start();
    env.connect(V4, "c1", None, json!({}));
    env.connect(V4, "c2", None, json!({}));
    let r = env
        .v4(
            "POST",
            "/mqtt/subscribe",
            Some(json!({"clientid": "c1", "topic": "a/+", "qos": 1})),
        )
        .await;
    assert_eq!(r.body, json!({"code": 0}));
    let r = env
        .v4(
            "POST",
            "/mqtt/subscribe",
            Some(json!({"clientid": "c1", "topics": "b,$share/g/c"})),
        )
        .await;
    assert_eq!(r.body, json!({"code": 0}));
    let r = env
        .v4(
            "POST",
            "/mqtt/subscribe_batch",
            Some(json!([{"clientid": "c2", "topic": "a/b"}, {"clientid": "gone", "topic": "x"}])),
        )
        .await;
    assert_eq!(
        r.body,
        json!({"code": 0, "data": [{"clientid": "c2", "topic": "a/b", "code": 0}, {"clientid": "gone", "topic": "x", "code": 112}]})
    );
    let r = env.v4("GET", "/subscriptions", None).await;
    assert_eq!(
        r.body["meta"],
        json!({"page": 1, "limit": 10_000, "count": 4, "hasnext": false})
    );
    assert_eq!(
        r.body["data"][0],
        json!({"node": "emqx@127.0.0.1", "clientid": "c1", "topic": "a/+", "qos": 1})
    );
    for (query, count) in [
        ("clientid=c2", 1),
        ("qos=1", 1),
        ("share=g", 1),
        ("_match_topic=a/b", 2),
        ("topic=b", 1),
    ] {
        let r = env
            .v4("GET", &format!("/subscriptions?{query}"), None)
            .await;
        assert_eq!(r.body["meta"]["count"], count, "{query}");
    }
    let r = env.v4("GET", "/subscriptions/c1?_limit=2", None).await;
    assert_eq!(r.body["data"].as_array().unwrap().len(), 2);
    assert_eq!(r.body["meta"]["count"], 3);
    let r = env
        .v4(
            "POST",
            "/mqtt/unsubscribe",
            Some(json!({"clientid": "c1", "topic": "b"})),
        )
        .await;
    assert_eq!(r.body, json!({"code": 0}));
    let r = env
        .v4(
            "POST",
            "/mqtt/unsubscribe_batch",
            Some(json!([{"clientid": "c1", "topic": "a/+"}])),
        )
        .await;
    assert_eq!(
        r.body,
        json!({"code": 0, "data": [{"clientid": "c1", "topic": "a/+", "code": 0}]})
    );
    // One client's list answers without meta unless paged (the docs' example).
    let whole = env.v4("GET", "/subscriptions/c1", None).await.body;
    assert_eq!(
        (whole["data"].as_array().map(Vec::len), whole.get("meta")),
        (Some(1), None)
    );
    assert_eq!(
        env.v4("GET", "/subscriptions/c1?_limit=5", None).await.body["meta"]["count"],
        1
    );
    for (path, body, code) in [
        (
            "/mqtt/subscribe",
            json!({"clientid": "gone", "topic": "x"}),
            112,
        ),
        ("/mqtt/subscribe", json!({"clientid": "c1"}), 107),
        ("/mqtt/subscribe", json!({"topic": "x"}), 107),
        (
            "/mqtt/subscribe",
            json!({"clientid": "c1", "topic": "a/#/b"}),
            115,
        ),
        (
            "/mqtt/subscribe",
            json!({"clientid": "c1", "topic": "x", "qos": 3}),
            108,
        ),
        (
            "/mqtt/unsubscribe",
            json!({"clientid": "gone", "topic": "x"}),
            112,
        ),
        ("/mqtt/unsubscribe", json!({"clientid": "c1"}), 107),
        (
            "/mqtt/subscribe_batch",
            json!({"clientid": "c1", "topic": "x"}),
            108,
        ),
    ] {
        let r = env.v4("POST", path, Some(body.clone())).await;
        assert_eq!(
            (r.status, r.body["code"].clone()),
            (200, json!(code)),
            "{path} {body}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn publish_reaches_subscribers_and_metrics() {
    let env = start();
    env.connect(V4, "sub", None, json!({}));
    env.v4(
        "POST",
        "/mqtt/subscribe",
        Some(json!({"clientid": "sub", "topic": "t/#", "qos": 2})),
    )
    .await;
    let r = env
        .v4(
            "POST",
            "/mqtt/publish",
            Some(json!({"topic": "t/1", "clientid": "pub", "payload": "Hello EMQX"})),
        )
        .await;
    assert_eq!(r.body, json!({"code": 0}));
    let batch = json!([
        {"topic": "t/2", "clientid": "pub", "payload": "aGk=", "encoding": "base64", "qos": 1},
        {"topics": "t/3,other", "clientid": "pub", "payload": "x", "retain": true},
    ]);
    let r = env.v4("POST", "/mqtt/publish_batch", Some(batch)).await;
    assert_eq!(
        r.body,
        json!({"code": 0, "data": [{"topic": "t/2", "code": 0}, {"topic": "t/3", "code": 0}, {"topic": "other", "code": 0}]})
    );
    let published = env.emu.published(&env.dep(V4).id).unwrap();
    assert_eq!(published.len(), 4);
    assert_eq!(published[1].payload, b"hi");
    assert_eq!(published[0].delivered_to, ["sub"]);
    assert!(published[3].delivered_to.is_empty());
    let r = env.v4("GET", "/clients/sub", None).await;
    assert_eq!(r.body["data"][0]["send_msg"], 3);
    for method in ["GET", "POST"] {
        let r = env.v4(method, "/metrics", None).await;
        let m = &r.body["data"][0]["metrics"];
        assert_eq!(r.body["data"][0]["node"], "emqx@127.0.0.1");
        assert_eq!(
            (
                m["messages.received"].clone(),
                m["messages.delivered"].clone()
            ),
            (json!(4), json!(3))
        );
        assert_eq!(m["messages.dropped.no_subscribers"], 1);
        assert_eq!(m["client.subscribe"], 1);
        assert_eq!(m["actions.success"], 0);
    }
    for (body, code) in [
        (
            json!({"topic": "t/+", "clientid": "p", "payload": "x"}),
            115,
        ),
        (json!({"topic": "t", "payload": "x"}), 107),
        (json!({"topic": "t", "clientid": "p"}), 107),
        (json!({"clientid": "p", "payload": "x"}), 107),
        (
            json!({"topic": "t", "clientid": "p", "payload": "x", "qos": 3}),
            108,
        ),
        (
            json!({"topic": "t", "clientid": "p", "payload": "%", "encoding": "base64"}),
            108,
        ),
        (
            json!({"topic": "t", "clientid": "p", "payload": "x", "encoding": "hex"}),
            108,
        ),
    ] {
        let r = env.v4("POST", "/mqtt/publish", Some(body.clone())).await;
        assert_eq!(
            (r.status, r.body["code"].clone()),
            (200, json!(code)),
            "{body}"
        );
    }
    let r = env.v4("POST", "/mqtt/publish_batch", Some(json!([{"topic": "t", "clientid": "p", "payload": "x"}, {"topic": "#", "clientid": "p", "payload": "x"}]))).await;
    assert_eq!(r.body["code"], 115);
    assert_eq!(
        env.emu.published(&env.dep(V4).id).unwrap().len(),
        4,
        "a bad batch publishes nothing"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn disconnect_and_stop_end_v4_clients() {
    let env = start();
    let dep = env.dep(V4);
    env.connect(
        V4,
        "keep",
        None,
        json!({"clean_start": false, "expiry_interval": 60}),
    );
    assert!(env.emu.disconnect_client(&dep.id, "keep").unwrap());
    let r = env.v4("GET", "/clients/keep", None).await;
    assert_eq!(r.body["data"][0]["connected"], false);
    assert!(r.body["data"][0]["disconnected_at"].is_string());
    assert_eq!(
        env.v4("GET", "/clients?conn_state=disconnected", None)
            .await
            .body["meta"]["count"],
        1
    );
    env.p("POST", &format!("/deployments/{}/stop", dep.id), None)
        .await;
    assert!(
        env.emu
            .connect_client(&dep.id, "x", None, serde_json::Map::new())
            .is_err()
    );
}
