//! Every documented EMQX 4 endpoint (section 4.3 of the reference, 60 of
//! them), in one table: each answers HTTP 200, `code: 0` (except the shadow
//! service, which documents none) and the top-level keys of the docs'
//! example. Run in order, so each finds what the ones before created.

mod common;

use common::{Env, start};
use serde_json::{Value, json};

const V4: usize = 2;

/// `(documented name, method, path, body, top-level keys besides code)`.
type Row = (
    &'static str,
    &'static str,
    &'static str,
    Option<Value>,
    &'static [&'static str],
);

#[rustfmt::skip]
fn table() -> Vec<Row> {
    let user = json!({"username": "user_test", "password": "password"});
    let users = json!([{"username": "api_user1", "password": "p"}, {"username": "api_user2", "password": "p"}]);
    let client = json!({"clientid": "test", "password": "password"});
    let clients =
        json!([{"clientid": "test1", "password": "p"}, {"clientid": "test2", "password": "p"}]);
    let rule = |who: Option<(&str, &str)>| {
        let mut r = json!({"topic": "topic/A", "action": "sub", "access": "allow"});
        if let Some((k, v)) = who {
            r[k] = json!(v);
        }
        r
    };
    let publish = json!({"topic": "topic/a", "clientid": "emqx_c_1", "payload": "Hello EMQX"});
    vec![
        ("create_auth_username", "POST", "/auth_username", Some(user), &[]),
        ("batch_create_auth_usernames", "POST", "/auth_username", Some(users), &["data"]),
        ("list_auth_usernames", "GET", "/auth_username", None, &["data", "meta"]),
        ("get_auth_username", "GET", "/auth_username/user_test", None, &["data"]),
        ("update_auth_username_password", "PUT", "/auth_username/api_user1", Some(json!({"password": "new"})), &[]),
        ("delete_auth_username", "DELETE", "/auth_username/api_user1", None, &[]),
        ("create_auth_clientid", "POST", "/auth_clientid", Some(client), &[]),
        ("batch_create_auth_clientids", "POST", "/auth_clientid", Some(clients), &["data"]),
        ("list_auth_clientids", "GET", "/auth_clientid", None, &["data", "meta"]),
        ("get_auth_clientid", "GET", "/auth_clientid/test", None, &["data"]),
        ("update_auth_clientid_password", "PUT", "/auth_clientid/test1", Some(json!({"password": "new"})), &[]),
        ("delete_auth_clientid", "DELETE", "/auth_clientid/test1", None, &[]),
        ("create_acl_rule_for_clientid", "POST", "/acl", Some(rule(Some(("clientid", "emqx_c_1")))), &["data"]),
        ("create_acl_rule_for_username", "POST", "/acl", Some(rule(Some(("username", "emqx_u_1")))), &["data"]),
        ("create_acl_rule_for_all", "POST", "/acl", Some(rule(None)), &["data"]),
        ("batch_create_acl_rules", "POST", "/acl", Some(json!([rule(Some(("clientid", "c2"))), rule(None)])), &["data"]),
        ("list_acl_rules_for_clientids", "GET", "/acl/clientid", None, &["data", "meta"]),
        ("list_acl_rules_for_usernames", "GET", "/acl/username", None, &["data", "meta"]),
        ("list_acl_rules_for_all", "GET", "/acl/$all", None, &["data", "meta"]),
        ("get_acl_rules_for_clientid", "GET", "/acl/clientid/emqx_c_1", None, &["data"]),
        ("get_acl_rules_for_username", "GET", "/acl/username/emqx_u_1", None, &["data"]),
        ("delete_acl_rule_for_clientid", "DELETE", "/acl/clientid/emqx_c_1/topic/topic%2FA", None, &[]),
        ("delete_acl_rule_for_username", "DELETE", "/acl/username/emqx_u_1/topic/topic%2FA", None, &[]),
        ("delete_acl_rule_for_all", "DELETE", "/acl/$all/topic/topic%2FA", None, &[]),
        ("create_banned", "POST", "/banned", Some(json!({"who": "example", "as": "clientid", "reason": "example"})), &["data"]),
        ("list_banned", "GET", "/banned", None, &["data", "meta"]),
        ("delete_banned", "DELETE", "/banned/clientid/example", None, &[]),
        ("list_clients", "GET", "/clients?_page=1&_limit=10", None, &["data", "meta"]),
        ("get_client", "GET", "/clients/emqx_c_1", None, &["data"]),
        ("mqtt_subscribe", "POST", "/mqtt/subscribe", Some(json!({"topic": "d", "qos": 1, "clientid": "emqx_c_1"})), &[]),
        ("mqtt_subscribe_batch", "POST", "/mqtt/subscribe_batch", Some(json!([{"topic": "a", "clientid": "emqx_c_1"}])), &["data"]),
        ("mqtt_unsubscribe", "POST", "/mqtt/unsubscribe", Some(json!({"topic": "a", "clientid": "emqx_c_1"})), &[]),
        ("mqtt_unsubscribe_batch", "POST", "/mqtt/unsubscribe_batch", Some(json!([{"topic": "a", "clientid": "emqx_c_1"}])), &["data"]),
        ("list_subscriptions", "GET", "/subscriptions", None, &["data", "meta"]),
        ("list_client_subscriptions", "GET", "/subscriptions/emqx_c_1", None, &["data"]),
        ("mqtt_publish", "POST", "/mqtt/publish", Some(publish.clone()), &[]),
        ("mqtt_publish_batch", "POST", "/mqtt/publish_batch", Some(json!([publish])), &["data"]),
        ("get_metrics", "GET", "/metrics", None, &["data"]),
        ("kick_client", "DELETE", "/clients/emqx_c_1", None, &[]),
        ("create_shadow", "POST", "/shadows", Some(json!({"description": "123", "shadowID": "test_shadow", "shadowName": "test"})), &["description", "updatedAt", "shadowID", "createdAt", "shadowName"]),
        ("list_shadows", "GET", "/shadows/?_page=1&_limit=10", None, &["items", "meta"]),
        ("get_shadow", "GET", "/shadows/test_shadow", None, &["description", "updatedAt", "shadowID", "createdAt", "shadowName"]),
        ("update_shadow", "PUT", "/shadows/test_shadow", Some(json!({"description": "", "shadowName": "test"})), &["description", "updatedAt", "shadowID", "createdAt", "shadowName"]),
        ("replace_shadow_json", "PUT", "/shadows/test_shadow/json", Some(json!({"color": "blue", "state": 1, "power": 0})), &["data", "createdAt", "createAt", "lastTime", "version"]),
        ("patch_shadow_json", "PATCH", "/shadows/test_shadow/json", Some(json!({"specs": 2})), &["data", "createdAt", "createAt", "lastTime", "version"]),
        ("get_shadow_json", "GET", "/shadows/test_shadow/json", None, &["data", "createdAt", "createAt", "lastTime", "version"]),
        ("delete_shadow", "DELETE", "/shadows/test_shadow", None, &[]),
        ("create_resource", "POST", "/resources", Some(json!({"type": "web_hook", "config": {"url": "http://127.0.0.1:9910"}, "description": "web hook resource-1"})), &["data"]),
        ("list_resources", "GET", "/resources", None, &["data"]),
        ("get_resource", "GET", "/resources/{resource}", None, &["data"]),
        ("list_resource_types", "GET", "/resource_types", None, &["data"]),
        ("get_resource_type", "GET", "/resource_types/web_hook", None, &["data"]),
        ("create_rule", "POST", "/rules", Some(json!({"rawsql": "select * from \"t/a\"", "actions": [{"name": "inspect", "params": {"a": 1}}], "description": "test-rule"})), &["data"]),
        ("list_rules", "GET", "/rules", None, &["data"]),
        ("get_rule", "GET", "/rules/{rule}", None, &["data"]),
        ("update_rule", "PUT", "/rules/{rule}", Some(json!({"rawsql": "select * from \"t/b\""})), &["data"]),
        ("delete_rule", "DELETE", "/rules/{rule}", None, &[]),
        ("delete_resource", "DELETE", "/resources/{resource}", None, &[]),
        ("list_actions", "GET", "/actions", None, &["data"]),
        ("get_action", "GET", "/actions/do_nothing", None, &["data"]),
    ]
}

fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    k.sort_unstable();
    k
}

async fn run(env: &Env, ids: &[(&str, String)], row: &Row) -> Value {
    let (name, method, path, body, expected) = row;
    let mut path = (*path).to_owned();
    for (placeholder, id) in ids {
        path = path.replace(placeholder, id);
    }
    let r = env.v4(method, &path, body.clone()).await;
    assert_eq!(r.status, 200, "{name}: {}", r.body);
    let shadow = path.starts_with("/shadows") && *method != "DELETE";
    let mut want: Vec<String> = expected.iter().map(|k| (*k).to_owned()).collect();
    if !shadow {
        assert_eq!(r.body["code"], 0, "{name}: {}", r.body);
        want.push("code".into());
    }
    want.sort_unstable();
    assert_eq!(keys(&r.body), want, "{name}: {}", r.body);
    r.body
}

#[tokio::test(flavor = "multi_thread")]
async fn every_documented_endpoint_answers_its_documented_shape() {
    let env = start();
    env.connect(V4, "emqx_c_1", Some("test"), json!({}));
    let rows = table();
    assert_eq!(rows.len(), 60, "section 4.3 documents 60 endpoints");
    let mut ids: Vec<(&str, String)> = Vec::new();
    for row in &rows {
        let body = run(&env, &ids, row).await;
        match row.0 {
            "create_resource" => ids.push((
                "{resource}",
                body["data"]["id"].as_str().unwrap().to_owned(),
            )),
            "create_rule" => ids.push(("{rule}", body["data"]["id"].as_str().unwrap().to_owned())),
            _ => {}
        }
    }
}

/// The main failure codes, each inside an HTTP 200.
#[tokio::test(flavor = "multi_thread")]
async fn documented_failure_codes() {
    let env = start();
    env.v4(
        "POST",
        "/auth_username",
        Some(json!({"username": "u", "password": "p"})),
    )
    .await;
    let cases: [(&str, &str, Option<Value>, i64); 7] = [
        (
            "POST",
            "/auth_username",
            Some(json!({"username": "u", "password": "p"})),
            113,
        ),
        ("GET", "/auth_username/nobody", None, 105),
        (
            "POST",
            "/auth_username",
            Some(json!({"username": "x"})),
            107,
        ),
        ("GET", "/clients?_page=zero", None, 108),
        ("DELETE", "/clients/offline", None, 112),
        (
            "POST",
            "/mqtt/publish",
            Some(json!({"topic": "a/+", "clientid": "c", "payload": "x"})),
            115,
        ),
        ("GET", "/rules/rule:nope", None, 404),
    ];
    for (method, path, body, code) in cases {
        let r = env.v4(method, path, body).await;
        assert_eq!(r.status, 200, "{method} {path}");
        assert_eq!(r.body["code"], code, "{method} {path}: {}", r.body);
        assert!(
            r.body["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{method} {path}"
        );
    }
    // 109: a body that is not JSON.
    let dep = env.dep(V4);
    let rb = env
        .http
        .post(format!("{}/banned", dep.base_url))
        .basic_auth(&dep.app_id, Some(&dep.app_secret))
        .body("{");
    assert_eq!(env.send(rb).await.body["code"], 109);
}
