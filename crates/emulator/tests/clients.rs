//! Clients, subscriptions, topics: filters, pagination, fields, (un)subscribe.

mod common;

use common::{enc, start};
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread")]
async fn list_filters_and_pagination() {
    let env = start();
    for i in 0..5 {
        env.connect(
            0,
            &format!("dev-{i}"),
            Some(if i % 2 == 0 { "even" } else { "odd" }),
            json!({"proto_ver": if i < 3 { 5 } else { 4 }}),
        );
    }
    env.connect(
        0,
        "anon",
        None,
        json!({"ip_address": "10.0.0.9", "clean_start": false, "expiry_interval": 60}),
    );
    let r = env.d(0, "GET", "/clients", None).await;
    assert_eq!(
        r.body["meta"],
        json!({"page": 1, "limit": 100, "hasnext": false, "count": 6})
    );
    let r = env.d(0, "GET", "/clients?page=2&limit=4", None).await;
    assert_eq!(r.body["data"].as_array().unwrap().len(), 2);
    assert_eq!(
        r.body["meta"],
        json!({"page": 2, "limit": 4, "hasnext": false, "count": 6})
    );
    let r = env.d(0, "GET", "/clients?page=1&limit=4", None).await;
    assert_eq!(r.body["meta"]["hasnext"], true);
    let ids = |r: &common::Resp| {
        r.body["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["clientid"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    let r = env
        .d(0, "GET", "/clients?clientid=dev-1&clientid=dev-3", None)
        .await;
    assert_eq!(ids(&r), ["dev-1", "dev-3"]);
    let r = env.d(0, "GET", "/clients?username=even", None).await;
    assert_eq!(ids(&r), ["dev-0", "dev-2", "dev-4"]);
    let r = env.d(0, "GET", "/clients?proto_ver=4", None).await;
    assert_eq!(ids(&r), ["dev-3", "dev-4"]);
    let r = env
        .d(
            0,
            "GET",
            "/clients?ip_address=10.0.0.9&clean_start=false",
            None,
        )
        .await;
    assert_eq!(ids(&r), ["anon"]);
    let r = env
        .d(0, "GET", "/clients?like_clientid=dev&limit=2", None)
        .await;
    assert_eq!(
        r.body["meta"],
        json!({"page": 1, "limit": 2, "hasnext": true}),
        "no count for fuzzy filters"
    );
    let r = env.d(0, "GET", "/clients?like_username=ve", None).await;
    assert_eq!(ids(&r).len(), 3);
    let r = env
        .d(
            0,
            "GET",
            "/clients?gte_connected_at=2000-01-01T00:00:00Z&lte_created_at=4102444800000",
            None,
        )
        .await;
    assert_eq!(ids(&r).len(), 6);
    let r = env
        .d(0, "GET", "/clients?gte_created_at=4102444800000", None)
        .await;
    assert_eq!(ids(&r).len(), 0);
    // Disconnect keeps the persistent session only.
    env.emu.disconnect_client(&env.dep(0).id, "anon").unwrap();
    env.emu.disconnect_client(&env.dep(0).id, "dev-0").unwrap();
    let r = env
        .d(0, "GET", "/clients?conn_state=disconnected", None)
        .await;
    assert_eq!(ids(&r), ["anon"]);
    assert!(r.body["data"][0]["disconnected_at"].is_string());
    assert_eq!(r.body["data"][0]["username"], Value::Null);
    for bad in [
        "page=0",
        "limit=0",
        "conn_state=sleepy",
        "clean_start=yes",
        "proto_ver=x",
        "gte_created_at=soon",
        "limit=10001",
    ] {
        let r = env.d(0, "GET", &format!("/clients?{bad}"), None).await;
        assert_eq!(r.status, 400, "{bad}");
    }
    assert_eq!(
        env.d(0, "GET", "/clients?page=0", None).await.body["code"],
        "INVALID_PARAMETER"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn fields_and_absent_keys() {
    let env = start();
    env.connect(0, "c1", Some("u"), json!({"client_attrs": {"group": "a"}}));
    let r = env.d(0, "GET", "/clients/c1", None).await;
    assert!(
        r.body.get("disconnected_at").is_none(),
        "absent, not null, while connected"
    );
    assert_eq!(r.body["connected"], true);
    assert_eq!(r.body["client_attrs"], json!({"group": "a"}));
    assert!(r.body["connected_at"].as_str().unwrap().ends_with("+00:00"));
    let r = env
        .d(0, "GET", "/clients?fields=clientid,username", None)
        .await;
    assert_eq!(
        r.body["data"][0],
        json!({"clientid": "c1", "username": "u"})
    );
    let r = env
        .d(0, "GET", "/clients?fields=clientid&fields=connected", None)
        .await;
    assert_eq!(
        r.body["data"][0],
        json!({"clientid": "c1", "connected": true})
    );
    assert_eq!(
        env.d(0, "GET", "/clients?fields=bogus", None).await.status,
        400
    );
    assert_eq!(
        env.d(0, "GET", "/clients?fields=all", None).await.body["data"][0]["recv_msg.qos0"],
        0
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn get_kick_and_bulk_kick() {
    let env = start();
    for id in ["a", "b", "c"] {
        env.connect(0, id, None, json!({}));
    }
    let r = env.d(0, "GET", "/clients/zzz", None).await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (404, Some("CLIENTID_NOT_FOUND"))
    );
    assert_eq!(env.d(0, "DELETE", "/clients/a", None).await.status, 204);
    assert_eq!(env.d(0, "DELETE", "/clients/a", None).await.status, 404);
    assert_eq!(
        env.d(
            0,
            "POST",
            "/clients/kickout/bulk",
            Some(json!(["b", "c", "nope"]))
        )
        .await
        .status,
        204
    );
    assert_eq!(
        env.d(0, "GET", "/clients", None).await.body["meta"]["count"],
        0
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn subscribe_unsubscribe_and_lists() {
    let env = start();
    let id = "room/1#a";
    env.connect(0, id, None, json!({}));
    env.connect(0, "other", None, json!({}));
    let base = format!("/clients/{}", enc(id));
    let r = env
        .d(
            0,
            "POST",
            &format!("{base}/subscribe"),
            Some(json!({"topic": "t/+", "qos": 1})),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.body,
        json!({"clientid": id, "topic": "t/+", "qos": 1, "nl": 0, "rap": 0, "rh": 0, "node": "emqx@127.0.0.1", "durable": false})
    );
    let r = env
        .d(
            0,
            "POST",
            &format!("{base}/subscribe/bulk"),
            Some(json!([{"topic": "a/#", "qos": 2}, {"topic": "$share/g/s/1"}])),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body.as_array().unwrap().len(), 2);
    env.d(
        0,
        "POST",
        "/clients/other/subscribe",
        Some(json!({"topic": "t/+"})),
    )
    .await;
    let r = env
        .d(0, "GET", &format!("{base}/subscriptions"), None)
        .await;
    assert_eq!(r.body.as_array().unwrap().len(), 3);
    let r = env.d(0, "GET", "/subscriptions", None).await;
    assert_eq!(r.body["meta"]["count"], 4);
    let r = env.d(0, "GET", "/subscriptions?qos=2", None).await;
    assert_eq!(r.body["data"][0]["topic"], "a/#");
    let r = env.d(0, "GET", "/subscriptions?share_group=g", None).await;
    assert_eq!(r.body["data"][0]["topic"], "$share/g/s/1");
    let r = env
        .d(
            0,
            "GET",
            &format!("/subscriptions?match_topic={}", enc("t/#")),
            None,
        )
        .await;
    assert_eq!(r.body["data"].as_array().unwrap().len(), 2);
    assert!(r.body["meta"].get("count").is_none());
    let r = env
        .d(
            0,
            "GET",
            &format!("/subscriptions?match_topic={}", enc("a/#/b")),
            None,
        )
        .await;
    assert_eq!(
        (r.status, r.body["message"].as_str()),
        (400, Some("match_topic_invalid"))
    );
    let r = env.d(0, "GET", "/topics", None).await;
    let topics: Vec<&str> = r.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["topic"].as_str().unwrap())
        .collect();
    assert_eq!(topics, ["t/+", "a/#", "s/1"]);
    assert_eq!(
        env.d(0, "GET", &format!("/topics/{}", enc("a/#")), None)
            .await
            .body,
        json!([{"topic": "a/#", "node": "emqx@127.0.0.1"}])
    );
    let r = env
        .d(0, "GET", &format!("/topics/{}", enc("x/y")), None)
        .await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (404, Some("TOPIC_NOT_FOUND"))
    );
    assert_eq!(
        env.d(0, "GET", &format!("/topics?topic={}", enc("a/#/x")), None)
            .await
            .body["code"],
        "INVALID_PARAMTER"
    );
    // Bad filters and unknown clients.
    let r = env
        .d(
            0,
            "POST",
            &format!("{base}/subscribe"),
            Some(json!({"topic": "a/#/b"})),
        )
        .await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (400, Some("INVALID_PARAMETER"))
    );
    assert_eq!(
        env.d(
            0,
            "POST",
            &format!("{base}/subscribe"),
            Some(json!({"topic": "a", "qos": 3}))
        )
        .await
        .status,
        400
    );
    assert_eq!(
        env.d(
            0,
            "POST",
            "/clients/ghost/subscribe",
            Some(json!({"topic": "a"}))
        )
        .await
        .body["code"],
        "CLIENTID_NOT_FOUND"
    );
    // Unsubscribe.
    assert_eq!(
        env.d(
            0,
            "POST",
            &format!("{base}/unsubscribe"),
            Some(json!({"topic": "t/+"}))
        )
        .await
        .status,
        204
    );
    assert_eq!(
        env.d(
            0,
            "POST",
            &format!("{base}/unsubscribe/bulk"),
            Some(json!([{"topic": "a/#"}, {"topic": "$share/g/s/1"}]))
        )
        .await
        .status,
        204
    );
    assert_eq!(
        env.d(0, "GET", &format!("{base}/subscriptions"), None)
            .await
            .body,
        json!([])
    );
    assert_eq!(
        env.d(0, "GET", "/clients/other", None).await.body["subscriptions_cnt"],
        1
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn session_takeover_keeps_subscriptions_without_clean_start() {
    let env = start();
    env.connect(
        0,
        "p",
        None,
        json!({"clean_start": false, "expiry_interval": 3600}),
    );
    env.d(
        0,
        "POST",
        "/clients/p/subscribe",
        Some(json!({"topic": "x"})),
    )
    .await;
    env.emu.disconnect_client(&env.dep(0).id, "p").unwrap();
    env.connect(
        0,
        "p",
        None,
        json!({"clean_start": false, "expiry_interval": 3600}),
    );
    let r = env.d(0, "GET", "/clients/p", None).await;
    assert_eq!(
        (
            r.body["connected"].as_bool(),
            r.body["subscriptions_cnt"].as_u64()
        ),
        (Some(true), Some(1))
    );
    assert!(r.body.get("disconnected_at").is_none());
    env.connect(0, "p", None, json!({}));
    assert_eq!(
        env.d(0, "GET", "/clients/p", None).await.body["subscriptions_cnt"],
        0
    );
}
