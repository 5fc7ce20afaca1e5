//! The EMQX 4 deployment's rule engine: resources, resource types, rules
//! and actions; rules count the publishes they match.

mod common;

use common::{enc, start};
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn resources_and_catalog() {
    let env = start();
    let body = json!({"type": "web_hook", "config": {"url": "http://127.0.0.1:9910", "method": "POST"}, "description": "hook"});
    let r = env.v4("POST", "/resources", Some(body)).await;
    assert_eq!(r.body["code"], 0);
    let id = r.body["data"]["id"].as_str().unwrap().to_owned();
    assert!(id.starts_with("resource:"), "{id}");
    assert_eq!(r.body["data"]["config"]["url"], "http://127.0.0.1:9910");
    let r = env
        .v4("GET", &format!("/resources/{}", enc(&id)), None)
        .await;
    assert_eq!(
        (
            r.body["data"]["type"].clone(),
            r.body["data"]["description"].clone()
        ),
        (json!("web_hook"), json!("hook"))
    );
    assert!(r.body["data"]["status"].is_array());
    let r = env.v4("GET", "/resources", None).await;
    assert_eq!(r.body["data"].as_array().unwrap().len(), 1);
    assert_eq!(
        env.v4("POST", "/resources", Some(json!({"config": {}})))
            .await
            .body["code"],
        107
    );
    assert_eq!(
        env.v4("DELETE", &format!("/resources/{id}"), None)
            .await
            .body,
        json!({"code": 0})
    );
    let r = env.v4("GET", &format!("/resources/{id}"), None).await;
    assert_eq!((r.status, r.body["code"].clone()), (200, json!(404)));

    let r = env.v4("GET", "/resource_types", None).await;
    assert!(
        r.body["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["name"] == "web_hook")
    );
    let r = env.v4("GET", "/resource_types/web_hook", None).await;
    assert_eq!(r.body["data"]["provider"], "emqx_web_hook");
    assert_eq!(r.body["data"]["params"]["method"]["default"], "POST");
    assert_eq!(
        env.v4("GET", "/resource_types/nope", None).await.body["code"],
        404
    );
    let r = env.v4("GET", "/actions", None).await;
    assert!(
        r.body["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["name"] == "do_nothing" && a["for"] == "$any")
    );
    let r = env.v4("GET", "/actions/inspect", None).await;
    assert_eq!(r.body["data"]["app"], "emqx_rule_engine");
    assert_eq!(env.v4("GET", "/actions/nope", None).await.body["code"], 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn rules_crud_and_metrics() {
    let env = start();
    let body = json!({"rawsql": "select * from \"t/a\"", "actions": [{"name": "inspect", "params": {"a": 1}}], "description": "test-rule"});
    let r = env.v4("POST", "/rules", Some(body)).await;
    let rule = r.body["data"].clone();
    let id = rule["id"].as_str().unwrap().to_owned();
    assert!(id.starts_with("rule:"));
    assert_eq!(
        (rule["for"].clone(), rule["enabled"].clone()),
        (json!(["t/a"]), json!(true))
    );
    assert!(
        rule["actions"][0]["id"]
            .as_str()
            .unwrap()
            .starts_with("inspect_")
    );
    assert_eq!(rule["metrics"][0]["matched"], 0);

    env.v4(
        "POST",
        "/mqtt/publish",
        Some(json!({"topic": "t/a", "clientid": "p", "payload": "x"})),
    )
    .await;
    let r = env.v4("GET", &format!("/rules/{id}"), None).await;
    assert_eq!(r.body["data"]["metrics"][0]["matched"], 1);
    assert_eq!(r.body["data"]["actions"][0]["metrics"][0]["success"], 1);

    let r = env
        .v4(
            "PUT",
            &format!("/rules/{id}"),
            Some(json!({"rawsql": "select * from \"t/b\""})),
        )
        .await;
    assert_eq!(
        (
            r.body["data"]["for"].clone(),
            r.body["data"]["description"].clone()
        ),
        (json!(["t/b"]), json!("test-rule"))
    );
    let r = env
        .v4(
            "PUT",
            &format!("/rules/{id}"),
            Some(json!({"enabled": false, "actions": []})),
        )
        .await;
    assert_eq!(
        (
            r.body["data"]["enabled"].clone(),
            r.body["data"]["actions"].clone()
        ),
        (json!(false), json!([]))
    );
    assert_eq!(
        env.v4("GET", "/rules", None).await.body["data"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    for (body, code) in [
        (json!({"actions": []}), 107),
        (json!({"rawsql": "delete all"}), 108),
        (json!({"rawsql": "select * from \"t\"", "actions": {}}), 108),
        (
            json!({"rawsql": "select * from \"t\"", "actions": [{"params": {}}]}),
            107,
        ),
        (
            json!({"rawsql": "select * from \"t\"", "actions": [{"name": "data_to_webserver", "params": {"$resource": "resource:none"}}]}),
            108,
        ),
    ] {
        let r = env.v4("POST", "/rules", Some(body.clone())).await;
        assert_eq!(
            (r.status, r.body["code"].clone()),
            (200, json!(code)),
            "{body}"
        );
    }
    assert_eq!(
        env.v4("PUT", "/rules/rule:none", Some(json!({})))
            .await
            .body["code"],
        404
    );
    assert_eq!(
        env.v4("DELETE", &format!("/rules/{id}"), None).await.body,
        json!({"code": 0})
    );
    assert_eq!(
        env.v4("DELETE", &format!("/rules/{id}"), None).await.body["code"],
        404
    );
}
