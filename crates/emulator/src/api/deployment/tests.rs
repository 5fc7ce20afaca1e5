//! The route table against the paths the real server serves: what routes
//! before authentication, what Serverless deployments serve, and that every
//! handler runs with its own template's parameters.

use super::route;
use super::routes::ENDPOINTS;
use crate::model::deployment::broker::Broker;
use crate::rest::request::{Query, Req};
use crate::rest::routing::{self, Refusal};
use crate::vocab::deployment::DeploymentKind::{Dedicated, Serverless};

fn segs(path: &str) -> Vec<&str> {
    path.split('/').collect()
}

fn refusal(kind: crate::vocab::deployment::DeploymentKind, m: &str, p: &str) -> Option<Refusal> {
    route(kind, m, &segs(p)).err()
}

#[test]
fn routing_before_auth() {
    assert_eq!(refusal(Dedicated, "GET", "clients"), None);
    assert_eq!(refusal(Dedicated, "GET", "nope"), Some(Refusal::NotFound));
    assert_eq!(
        refusal(Dedicated, "PATCH", "rules/r1"),
        Some(Refusal::MethodNotAllowed(vec!["GET", "PUT", "DELETE"]))
    );
    // Real methods that are not emulated pass, to get the handler's 404.
    assert_eq!(refusal(Dedicated, "DELETE", "mqtt/retainer/messages"), None);
    assert_eq!(refusal(Serverless, "GET", "clients"), None);
    assert_eq!(refusal(Serverless, "GET", "rules"), Some(Refusal::NotFound));
    assert_eq!(
        refusal(Serverless, "PUT", "clients"),
        Some(Refusal::NotFound)
    );
}

#[test]
fn known_unknown_and_merged_routes() {
    let methods = |p: &str| routing::methods(&ENDPOINTS, &segs(p));
    assert_eq!(methods("clients"), ["GET"]);
    assert_eq!(methods("clients/a%2Fb"), ["GET", "DELETE"]);
    assert_eq!(methods("clients/kickout/bulk"), ["POST"]);
    assert!(methods("clients/x/nope").is_empty());
    assert!(methods("nope").is_empty());
    assert!(routing::methods(&ENDPOINTS, &[]).is_empty());
    assert_eq!(
        methods("actions/http:a/metrics"),
        ["GET", "POST"],
        "metrics (GET) and {{operation}} (POST) both match"
    );
    assert_eq!(
        methods("authorization/sources/built_in_database/rules/users/u"),
        ["GET", "PUT", "DELETE"]
    );
    assert!(methods("authorization/sources/built_in_database/rules/nope").is_empty());
}

/// Every (method, path) the emulator answers gets past the router.
#[test]
fn every_handled_route_is_routed() {
    let authz = "authorization/sources/built_in_database/rules";
    let authn = "authentication/password_based:built_in_database";
    let mut handled = vec![
        ("GET", "clients".to_owned()),
        ("POST", "clients/kickout/bulk".to_owned()),
        ("GET", "clients/c".to_owned()),
        ("DELETE", "clients/c".to_owned()),
        ("GET", "clients/c/subscriptions".to_owned()),
        ("POST", "clients/c/subscribe".to_owned()),
        ("POST", "clients/c/subscribe/bulk".to_owned()),
        ("POST", "clients/c/unsubscribe".to_owned()),
        ("POST", "clients/c/unsubscribe/bulk".to_owned()),
        ("GET", "subscriptions".to_owned()),
        ("GET", "topics".to_owned()),
        ("GET", "topics/t".to_owned()),
        ("POST", "publish".to_owned()),
        ("POST", "publish/bulk".to_owned()),
        ("GET", "mqtt/retainer/messages".to_owned()),
        ("GET", "mqtt/retainer/message/t".to_owned()),
        ("DELETE", "mqtt/retainer/message/t".to_owned()),
        ("GET", "authentication".to_owned()),
        ("GET", authn.to_owned()),
        ("GET", format!("{authn}/users")),
        ("POST", format!("{authn}/users")),
        ("GET", format!("{authn}/users/u")),
        ("PUT", format!("{authn}/users/u")),
        ("DELETE", format!("{authn}/users/u")),
        ("POST", format!("{authn}/import_users")),
        ("DELETE", authz.to_owned()),
        ("GET", format!("{authz}/all")),
        ("POST", format!("{authz}/all")),
        ("DELETE", format!("{authz}/all")),
        ("GET", format!("{authz}/users")),
        ("POST", format!("{authz}/clients")),
        ("GET", format!("{authz}/clients/c")),
        ("PUT", format!("{authz}/users/u")),
        ("DELETE", format!("{authz}/clients/c")),
        ("GET", "banned".to_owned()),
        ("POST", "banned".to_owned()),
        ("DELETE", "banned".to_owned()),
        ("DELETE", "banned/clientid/c".to_owned()),
        ("GET", "rules".to_owned()),
        ("POST", "rules".to_owned()),
        ("POST", "rule_test".to_owned()),
        ("GET", "rules/r".to_owned()),
        ("PUT", "rules/r".to_owned()),
        ("DELETE", "rules/r".to_owned()),
        ("GET", "rules/r/metrics".to_owned()),
        ("PUT", "rules/r/metrics/reset".to_owned()),
        ("POST", "rules/r/test".to_owned()),
        ("GET", "actions/a/metrics".to_owned()),
        ("PUT", "actions/a/metrics/reset".to_owned()),
        ("GET", "metrics".to_owned()),
        ("GET", "stats".to_owned()),
        ("GET", "nodes".to_owned()),
        ("GET", "nodes/n".to_owned()),
        ("GET", "nodes/n/metrics".to_owned()),
        ("GET", "nodes/n/stats".to_owned()),
    ];
    for group in ["connectors", "actions"] {
        handled.extend([
            ("GET", group.to_owned()),
            ("POST", group.to_owned()),
            ("GET", format!("{group}/x")),
            ("PUT", format!("{group}/x")),
            ("DELETE", format!("{group}/x")),
            ("PUT", format!("{group}/x/enable/true")),
            ("POST", format!("{group}/x/start")),
        ]);
    }
    for (m, p) in handled {
        assert_eq!(refusal(Dedicated, m, &p), None, "{m} {p}");
    }
}

#[test]
fn serverless_surface() {
    let serves = |m: &str, p: &str| refusal(Serverless, m, p).is_none();
    assert!(serves("GET", "clients"));
    assert!(serves("POST", "clients/c/subscribe/bulk"));
    assert!(serves(
        "POST",
        "authentication/password_based:built_in_database/import_users"
    ));
    assert!(serves(
        "DELETE",
        "authorization/sources/built_in_database/rules/all"
    ));
    assert!(!serves("GET", "rules"));
    assert!(!serves("GET", "metrics"));
    assert!(!serves("POST", "clients/kickout/bulk"));
    assert!(!serves(
        "DELETE",
        "authorization/sources/built_in_database/rules"
    ));
    assert!(!serves("GET", "authentication"));
    assert!(!serves(
        "PUT",
        "authentication/password_based:built_in_database"
    ));
}

/// Two endpoints with the same method that match one request differ in how
/// many literal segments they have (the more literal wins), so the order of
/// the table never decides which handler runs.
#[test]
fn no_two_endpoints_answer_the_same_request() {
    routing::assert_no_overlap(&ENDPOINTS);
}

/// Each handler names only parameters its template has (`Req::param`
/// panics otherwise): run every one on its own template.
#[test]
fn every_handler_runs_on_its_template() {
    let query = Query::default();
    for e in ENDPOINTS.iter() {
        let segs = routing::sample_segs(e.path);
        let found = route(Dedicated, e.method, &segs).ok().unwrap();
        assert_eq!(found.endpoint.path, e.path);
        let req = Req::without_body(found.params, &query);
        let mut broker = Broker::new(0);
        let _answer = (e.handler.run)(&mut broker, &req);
    }
}
