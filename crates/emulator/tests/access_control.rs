//! Authentication users, authorization rules, banned.

mod common;

use common::{enc, start};
use serde_json::json;

const USERS: &str = "/authentication/password_based%3Abuilt_in_database/users";

#[tokio::test(flavor = "multi_thread")]
async fn auth_users_crud() {
    let env = start();
    let r = env
        .d(
            1,
            "POST",
            USERS,
            Some(json!({"user_id": "u 1/x", "password": "p"})),
        )
        .await;
    assert_eq!(r.status, 201);
    assert_eq!(r.body, json!({"user_id": "u 1/x", "is_superuser": false}));
    let r = env
        .d(
            1,
            "POST",
            USERS,
            Some(json!({"user_id": "u 1/x", "password": "p"})),
        )
        .await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (409, Some("ALREADY_EXISTS"))
    );
    assert_eq!(
        env.d(1, "POST", USERS, Some(json!({"user_id": "x"})))
            .await
            .status,
        400
    );
    env.d(
        1,
        "POST",
        USERS,
        Some(json!({"user_id": "admin", "password": "p", "is_superuser": true})),
    )
    .await;
    let one = format!("{USERS}/{}", enc("u 1/x"));
    assert_eq!(
        env.d(1, "GET", &one, None).await.body,
        json!({"user_id": "u 1/x", "is_superuser": false})
    );
    let r = env.d(1, "GET", &format!("{USERS}/nobody"), None).await;
    assert_eq!(
        r.body,
        json!({"code": "NOT_FOUND", "message": "User not found"})
    );
    let r = env
        .d(
            1,
            "PUT",
            &one,
            Some(json!({"password": "q", "is_superuser": true})),
        )
        .await;
    assert_eq!(
        (r.status, r.body["is_superuser"].as_bool()),
        (200, Some(true))
    );
    assert_eq!(
        env.d(1, "PUT", &one, Some(json!({"is_superuser": true})))
            .await
            .status,
        400,
        "password is required"
    );
    let r = env
        .d(1, "GET", &format!("{USERS}?is_superuser=true"), None)
        .await;
    assert_eq!(r.body["meta"]["count"], 2);
    let r = env
        .d(1, "GET", &format!("{USERS}?like_user_id=adm"), None)
        .await;
    assert_eq!(
        r.body["data"],
        json!([{"user_id": "admin", "is_superuser": true}])
    );
    assert!(r.body["meta"].get("count").is_none());
    assert_eq!(env.d(1, "DELETE", &one, None).await.status, 204);
    assert_eq!(env.d(1, "DELETE", &one, None).await.status, 404);
    let r = env.d(0, "GET", "/authentication/jwt/users", None).await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (404, Some("NOT_FOUND"))
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn import_users_json_and_multipart() {
    let env = start();
    let url = "/authentication/password_based%3Abuilt_in_database/import_users";
    env.d(
        0,
        "POST",
        USERS,
        Some(json!({"user_id": "old", "password": "p"})),
    )
    .await;
    let body = json!([{"user_id": "a", "password": "1"}, {"user_id": "old", "password": "2"}, {"user_id": "a", "password": "3"}, {"password": "x"}]);
    let r = env
        .d(0, "POST", &format!("{url}?type=plain"), Some(body))
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.body,
        json!({"total": 4, "success": 1, "override": 1, "skipped": 1, "failed": 1})
    );
    assert_eq!(
        env.d(0, "POST", url, Some(json!([]))).await.status,
        400,
        "type is required"
    );

    let d = env.dep(0);
    let csv = "user_id,password,is_superuser\nc1,pw,true\nc2,pw,false\n";
    let form = format!(
        "--B\r\nContent-Disposition: form-data; name=\"filename\"; filename=\"u.csv\"\r\nContent-Type: text/csv\r\n\r\n{csv}\r\n--B--\r\n"
    );
    let r = env
        .send(
            env.http
                .post(format!("{}{url}?type=plain", d.base_url))
                .basic_auth(&d.app_id, Some(&d.app_secret))
                .header("content-type", "multipart/form-data; boundary=B")
                .body(form),
        )
        .await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    assert_eq!(r.body["success"], 2);
    assert_eq!(
        env.d(0, "GET", &format!("{USERS}/c1"), None).await.body["is_superuser"],
        true
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn authz_rules() {
    let env = start();
    let base = "/authorization/sources/built_in_database/rules";
    let rules = json!([{"topic": "t/a", "action": "subscribe", "permission": "allow"}]);
    let r = env
        .d(
            1,
            "POST",
            &format!("{base}/clients"),
            Some(json!([{"clientid": "c/1", "rules": rules}])),
        )
        .await;
    assert_eq!(r.status, 204);
    let r = env
        .d(
            1,
            "POST",
            &format!("{base}/clients"),
            Some(json!([{"clientid": "c/1", "rules": rules}])),
        )
        .await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (409, Some("ALREADY_EXISTS"))
    );
    // The older docs' single-object form and `pub` vocabulary are accepted.
    let r = env.d(1, "POST", &format!("{base}/users"), Some(json!({"username": "u", "rules": [{"topic": "x", "action": "pub", "permission": "deny", "qos": [0, 1]}]}))).await;
    assert_eq!(r.status, 204);
    let r = env.d(1, "GET", &format!("{base}/users/u"), None).await;
    assert_eq!(
        r.body,
        json!({"username": "u", "rules": [{"topic": "x", "action": "publish", "permission": "deny", "qos": [0, 1]}]})
    );
    let r = env
        .d(1, "GET", &format!("{base}/clients/{}", enc("c/1")), None)
        .await;
    assert_eq!(r.body["clientid"], "c/1");
    let r = env
        .d(1, "GET", &format!("{base}/clients?like_clientid=c"), None)
        .await;
    assert_eq!(
        r.body["meta"],
        json!({"page": 1, "limit": 100, "hasnext": false})
    );
    let r = env
        .d(
            1,
            "PUT",
            &format!("{base}/clients/{}", enc("c/1")),
            Some(json!({"clientid": "c/1", "rules": []})),
        )
        .await;
    assert_eq!(r.status, 204);
    assert_eq!(
        env.d(1, "GET", &format!("{base}/clients"), None).await.body["data"][0]["rules"],
        json!([])
    );
    let bad = json!([{"clientid": "z", "rules": [{"topic": "t", "action": "read", "permission": "allow"}]}]);
    assert_eq!(
        env.d(1, "POST", &format!("{base}/clients"), Some(bad))
            .await
            .body["code"],
        "BAD_REQUEST"
    );
    assert_eq!(
        env.d(1, "DELETE", &format!("{base}/clients/{}", enc("c/1")), None)
            .await
            .status,
        204
    );
    assert_eq!(
        env.d(1, "DELETE", &format!("{base}/clients/{}", enc("c/1")), None)
            .await
            .status,
        404
    );
    assert_eq!(
        env.d(1, "GET", &format!("{base}/all"), None).await.body,
        json!({"rules": []})
    );
    assert_eq!(
        env.d(
            1,
            "POST",
            &format!("{base}/all"),
            Some(json!({"rules": rules}))
        )
        .await
        .status,
        204
    );
    assert_eq!(
        env.d(1, "GET", &format!("{base}/all"), None).await.body["rules"][0]["topic"],
        "t/a"
    );
    assert_eq!(
        env.d(1, "DELETE", &format!("{base}/all"), None)
            .await
            .status,
        204
    );
    assert_eq!(env.d(0, "DELETE", base, None).await.status, 204);
}

#[tokio::test(flavor = "multi_thread")]
async fn banned() {
    let env = start();
    let r = env
        .d(
            0,
            "POST",
            "/banned",
            Some(json!({"as": "clientid", "who": "bad/1", "reason": "spam"})),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["by"], "mgmt_api");
    assert!(r.body["until"].is_string());
    let r = env
        .d(
            0,
            "POST",
            "/banned",
            Some(json!({"as": "clientid", "who": "bad/1"})),
        )
        .await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (400, Some("ALREADY_EXISTS"))
    );
    let existing: serde_json::Value =
        serde_json::from_str(r.body["message"].as_str().unwrap()).unwrap();
    assert_eq!(existing["reason"], "spam");
    env.d(
        0,
        "POST",
        "/banned",
        Some(json!({"as": "peerhost_net", "who": "10.0.0.0/8", "until": "infinity"})),
    )
    .await;
    assert_eq!(
        env.d(
            0,
            "POST",
            "/banned",
            Some(json!({"as": "peerhost", "who": "nope"}))
        )
        .await
        .status,
        400
    );
    assert_eq!(
        env.d(
            0,
            "POST",
            "/banned",
            Some(json!({"as": "planet", "who": "x"}))
        )
        .await
        .status,
        400
    );
    assert_eq!(
        env.d(0, "GET", "/banned", None).await.body["meta"]["count"],
        2
    );
    assert_eq!(
        env.d(0, "GET", "/banned?clientid=bad/1", None).await.body["data"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let r = env.d(0, "GET", "/banned?like_peerhost_net=10.", None).await;
    assert_eq!(r.body["data"][0]["until"], "infinity");
    assert!(r.body["meta"].get("count").is_none());
    assert_eq!(
        env.d(
            0,
            "DELETE",
            &format!("/banned/peerhost_net/{}", enc("10.0.0.0/8")),
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
            &format!("/banned/peerhost_net/{}", enc("10.0.0.0/8")),
            None
        )
        .await
        .status,
        404
    );
    assert_eq!(env.d(0, "DELETE", "/banned", None).await.status, 204);
    assert_eq!(
        env.d(0, "GET", "/banned", None).await.body["meta"]["count"],
        0
    );
}
