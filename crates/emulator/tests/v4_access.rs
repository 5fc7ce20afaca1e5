//! The EMQX 4 deployment's `/acl` and `/banned`, stateful, in the v4 shapes.

mod common;

use common::{enc, start};
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn acl_rules_for_each_target() {
    let env = start();
    let r = env
        .v4(
            "POST",
            "/acl",
            Some(json!({"clientid": "c1", "topic": "a/b", "action": "sub", "access": "allow"})),
        )
        .await;
    assert_eq!(
        r.body,
        json!({"code": 0, "data": {"clientid": "c1", "topic": "a/b", "action": "sub", "access": "allow", "result": "ok"}})
    );
    let batch = json!([
        {"clientid": "c1", "topic": "t/A", "action": "pub", "access": "allow"},
        {"username": "u1", "topic": "t/A", "action": "subpub", "access": "allow"},
        {"topic": "t/+", "action": "pubsub", "access": "deny"},
    ]);
    let r = env.v4("POST", "/acl", Some(batch)).await;
    let data = r.body["data"].as_array().unwrap();
    assert_eq!(data.len(), 3);
    assert_eq!(
        data[0],
        json!({"all": "$all", "topic": "t/+", "action": "pubsub", "access": "deny", "result": "ok"}),
        "reverse order, as documented"
    );
    assert_eq!(data[1]["action"], "pubsub", "subpub is read as pubsub");

    let r = env.v4("GET", "/acl/clientid", None).await;
    assert_eq!(r.body["meta"], json!({"page": 1, "limit": 10, "count": 2}));
    let r = env.v4("GET", "/acl/username?_limit=1", None).await;
    assert_eq!(
        r.body["data"],
        json!([{"username": "u1", "topic": "t/A", "action": "pubsub", "access": "allow"}])
    );
    let r = env.v4("GET", "/acl/%24all", None).await;
    assert_eq!(r.body["data"][0]["all"], "$all");
    let r = env.v4("GET", "/acl/clientid/c1", None).await;
    assert_eq!(r.body["data"].as_array().unwrap().len(), 2);

    let r = env
        .v4(
            "DELETE",
            &format!("/acl/clientid/c1/topic/{}", enc("t/A")),
            None,
        )
        .await;
    assert_eq!(r.body, json!({"code": 0}));
    let r = env
        .v4(
            "DELETE",
            &format!("/acl/username/u1/topic/{}", enc("t/A")),
            None,
        )
        .await;
    assert_eq!(r.body, json!({"code": 0}));
    let r = env
        .v4(
            "DELETE",
            &format!("/acl/all/$all/topic/{}", enc("t/+")),
            None,
        )
        .await;
    assert_eq!(r.body, json!({"code": 0}));
    let r = env.v4("GET", "/acl/clientid/c1", None).await;
    assert_eq!(r.body["data"].as_array().unwrap().len(), 1);
    assert_eq!(
        env.v4("GET", "/acl/username/u1", None).await.body,
        json!({"code": 0, "data": []})
    );
    assert_eq!(
        env.v4("GET", "/acl/$all", None).await.body["meta"]["count"],
        0
    );
    // The other documented form of the $all delete.
    env.v4(
        "POST",
        "/acl",
        Some(json!({"topic": "x", "action": "pub", "access": "deny"})),
    )
    .await;
    env.v4("DELETE", "/acl/$all/topic/x", None).await;
    assert_eq!(
        env.v4("GET", "/acl/$all", None).await.body["meta"]["count"],
        0
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn acl_errors() {
    let env = start();
    for (body, code) in [
        (
            json!({"clientid": "c", "action": "sub", "access": "allow"}),
            107,
        ),
        (
            json!({"clientid": "c", "topic": "a/#/b", "action": "sub", "access": "allow"}),
            115,
        ),
        (
            json!({"clientid": "c", "topic": "a", "action": "read", "access": "allow"}),
            108,
        ),
        (
            json!({"clientid": "c", "topic": "a", "action": "sub", "access": "maybe"}),
            108,
        ),
        (
            json!([{"topic": "a", "action": "sub", "access": "allow"}, {"topic": ""}]),
            108,
        ),
    ] {
        let r = env.v4("POST", "/acl", Some(body.clone())).await;
        assert_eq!(
            (r.status, r.body["code"].clone()),
            (200, json!(code)),
            "{body}"
        );
    }
    assert_eq!(
        env.v4("GET", "/acl/$all", None).await.body["meta"]["count"],
        0,
        "a bad batch stores nothing"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn banned_list_create_delete() {
    let env = start();
    let r = env
        .v4(
            "POST",
            "/banned",
            Some(json!({"who": "example", "as": "clientid", "reason": "why"})),
        )
        .await;
    let ban = r.body["data"].clone();
    assert_eq!(r.body["code"], 0);
    assert_eq!(
        (ban["who"].clone(), ban["as"].clone(), ban["by"].clone()),
        (json!("example"), json!("clientid"), json!("user"))
    );
    assert_eq!(
        ban["until"].as_i64().unwrap() - ban["at"].as_i64().unwrap(),
        300
    );
    let r = env
        .v4("POST", "/banned", Some(json!({"who": "u", "as": "username", "reason": "r", "by": "admin", "at": 1668504169, "until": 1668504469})))
        .await;
    assert_eq!(r.body["data"]["until"], 1668504469);
    let r = env.v4("GET", "/banned?_page=1&_limit=1", None).await;
    assert_eq!(r.body["meta"], json!({"page": 1, "limit": 1, "count": 2}));
    assert_eq!(r.body["data"][0]["who"], "example");
    let r = env
        .v4(
            "POST",
            "/banned",
            Some(json!({"who": "x", "as": "clientid"})),
        )
        .await;
    assert_eq!(r.body["code"], 107, "reason is required");
    let r = env
        .v4(
            "POST",
            "/banned",
            Some(json!({"who": "x", "as": "ip", "reason": "r"})),
        )
        .await;
    assert_eq!(r.body["code"], 108);
    let r = env.v4("DELETE", "/banned/clientid/example", None).await;
    assert_eq!(r.body, json!({"code": 0}));
    assert_eq!(
        env.v4("GET", "/banned", None).await.body["meta"]["count"],
        1
    );
}
