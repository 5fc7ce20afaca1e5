//! Publish: matching, 200/202/400, bulk, retained messages, published() log.

mod common;

use common::{enc, start};
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn publish_matches_wildcards_and_shares() {
    let env = start();
    let dep = env.dep(0).id;
    env.connect(0, "w", None, json!({}));
    env.connect(0, "s1", None, json!({}));
    env.connect(0, "s2", None, json!({}));
    env.d(
        0,
        "POST",
        "/clients/w/subscribe",
        Some(json!({"topic": "home/+/temp", "qos": 1})),
    )
    .await;
    env.d(
        0,
        "POST",
        "/clients/s1/subscribe",
        Some(json!({"topic": "$share/g/jobs/#"})),
    )
    .await;
    env.d(
        0,
        "POST",
        "/clients/s2/subscribe",
        Some(json!({"topic": "$share/g/jobs/#"})),
    )
    .await;

    let r = env
        .d(
            0,
            "POST",
            "/publish",
            Some(json!({"topic": "home/kitchen/temp", "payload": "21", "qos": 1})),
        )
        .await;
    assert_eq!(r.status, 200);
    let id = r.body["id"].as_str().unwrap().to_owned();
    assert_eq!(id.len(), 32);
    assert!(
        id.chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_lowercase())
    );
    let r = env
        .d(
            0,
            "POST",
            "/publish",
            Some(json!({"topic": "jobs/1", "payload": "aGk=", "payload_encoding": "base64"})),
        )
        .await;
    assert_eq!(r.status, 200);
    let r = env
        .d(
            0,
            "POST",
            "/publish",
            Some(json!({"topic": "home/kitchen/humidity", "payload": "x"})),
        )
        .await;
    assert_eq!(r.status, 202);
    assert_eq!(
        r.body,
        json!({"reason_code": 16, "message": "no_matching_subscribers"})
    );

    let published = env.emu.published(&dep).unwrap();
    assert_eq!(published.len(), 3);
    assert_eq!(published[0].id.as_deref(), Some(id.as_str()));
    assert_eq!(published[0].delivered_to, ["w"]);
    assert_eq!(published[1].payload, b"hi");
    assert_eq!(
        published[1].delivered_to.len(),
        1,
        "one member of the share group"
    );
    assert_eq!(published[2].id, None);
    assert_eq!(published[1].to_json()["payload"], "hi");
    assert_eq!(
        env.d(0, "GET", "/clients/w", None).await.body["send_msg.qos1"],
        1
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn publish_errors() {
    let env = start();
    let r = env
        .d(
            0,
            "POST",
            "/publish",
            Some(json!({"topic": "a/+", "payload": "x"})),
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.body,
        json!({"reason_code": 144, "message": "topic_name_invalid"})
    );
    let r = env
        .d(
            0,
            "POST",
            "/publish",
            Some(json!({"topic": "a", "payload": "x".repeat(1024 * 1024 + 1)})),
        )
        .await;
    assert_eq!((r.status, r.body["reason_code"].as_u64()), (400, Some(151)));
    for bad in [
        json!({"payload": "x"}),
        json!({"topic": "a"}),
        json!({"topic": "a", "payload": "x", "qos": 3}),
        json!({"topic": "a", "payload": "!!", "payload_encoding": "base64"}),
        json!([1]),
    ] {
        let r = env.d(0, "POST", "/publish", Some(bad.clone())).await;
        assert_eq!(
            (r.status, r.body["code"].as_str()),
            (400, Some("BAD_REQUEST")),
            "{bad}"
        );
    }
    assert!(env.emu.published(&env.dep(0).id).unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn bulk_publish_keeps_order() {
    let env = start();
    env.connect(1, "c", None, json!({}));
    env.d(
        1,
        "POST",
        "/clients/c/subscribe",
        Some(json!({"topic": "a"})),
    )
    .await;
    let r = env
        .d(
            1,
            "POST",
            "/publish/bulk",
            Some(json!([{"topic": "a", "payload": "1"}, {"topic": "b", "payload": "2"}])),
        )
        .await;
    assert_eq!(r.status, 202);
    assert!(r.body[0]["id"].is_string());
    assert_eq!(
        r.body[1],
        json!({"reason_code": 16, "message": "no_matching_subscribers"})
    );
    let r = env
        .d(
            1,
            "POST",
            "/publish/bulk",
            Some(json!([{"topic": "a", "payload": "1"}])),
        )
        .await;
    assert_eq!(r.status, 200);
    let r = env
        .d(
            1,
            "POST",
            "/publish/bulk",
            Some(json!([{"topic": "a", "payload": "1"}, {"topic": "#", "payload": "2"}])),
        )
        .await;
    assert_eq!((r.status, r.body["reason_code"].as_u64()), (400, Some(144)));
    assert_eq!(env.emu.published(&env.dep(1).id).unwrap().len(), 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn retained_messages() {
    let env = start();
    env.d(
        0,
        "POST",
        "/publish",
        Some(json!({"topic": "r/1", "payload": "keep", "retain": true})),
    )
    .await;
    let r = env.d(0, "GET", "/mqtt/retainer/messages", None).await;
    assert_eq!(r.body["meta"]["count"], 1);
    let r = env
        .d(
            0,
            "GET",
            &format!("/mqtt/retainer/message/{}", enc("r/1")),
            None,
        )
        .await;
    assert_eq!(r.body["payload"], "a2VlcA==");
    assert_eq!(
        env.d(0, "GET", "/stats?aggregate=true", None).await.body["retained.count"],
        1
    );
    assert_eq!(
        env.d(
            0,
            "DELETE",
            &format!("/mqtt/retainer/message/{}", enc("r/1")),
            None
        )
        .await
        .status,
        204
    );
    assert_eq!(
        env.d(
            0,
            "GET",
            &format!("/mqtt/retainer/message/{}", enc("r/1")),
            None
        )
        .await
        .status,
        404
    );
}
