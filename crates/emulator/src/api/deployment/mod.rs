//! The Deployment API (EMQX 5, `/api/v5`) of one deployment.
//!
//! A dedicated deployment answers every emulated group. A serverless deployment
//! answers only what the Serverless docs list (section 4.2 of the reference):
//! built-in-database users, built-in-database authorization rules, clients and
//! their (un)subscriptions, subscriptions, publish; anything else is the 404 of an
//! unknown path.

mod authn;
mod authz;
mod availability;
pub(crate) mod banned;
pub(crate) mod clients;
pub(crate) mod connectors;
pub(crate) mod metrics;
mod publish;
pub(crate) mod retainer;
mod routes;
pub(crate) mod rules;
mod subscriptions;

use crate::model::deployment::acl::Who;
pub(crate) use availability::ensure_running;
use connectors::Kind;

use crate::rest::errors::{Reply, path_not_found};
use crate::rest::request::Req;
use crate::rest::routing::Route;
use crate::server::state::DeploymentRuntime;
use crate::vocab::deployment::DeploymentKind;

const AUTHZ: [&str; 4] = ["authorization", "sources", "built_in_database", "rules"];

/// Is this (method, path) one of the Serverless endpoints?
fn serverless_allows(m: &str, s: &[&str]) -> bool {
    match s {
        ["authentication", _, "users"] => matches!(m, "GET" | "POST"),
        ["authentication", _, "users", _] => matches!(m, "GET" | "PUT" | "DELETE"),
        ["authentication", _, "import_users"] => m == "POST",
        [a, b, c, d, "clients" | "users"] if [*a, *b, *c, *d] == AUTHZ => {
            matches!(m, "GET" | "POST")
        }
        [a, b, c, d, "clients" | "users", _] if [*a, *b, *c, *d] == AUTHZ => {
            matches!(m, "GET" | "PUT" | "DELETE")
        }
        [a, b, c, d, "all"] if [*a, *b, *c, *d] == AUTHZ => matches!(m, "GET" | "POST" | "DELETE"),
        ["clients"] | ["subscriptions"] => m == "GET",
        ["clients", _] => matches!(m, "GET" | "DELETE"),
        ["clients", _, "subscriptions"] => m == "GET",
        ["clients", _, "subscribe" | "unsubscribe"]
        | ["clients", _, "subscribe" | "unsubscribe", "bulk"] => m == "POST",
        ["publish"] | ["publish", "bulk"] => m == "POST",
        _ => false,
    }
}

/// Routes `method` on `segs` (below `/api/v5`) as the real server does before it
/// checks credentials: see [`routes`].
pub(crate) fn route(kind: DeploymentKind, method: &str, segs: &[String]) -> Route {
    let s: Vec<&str> = segs.iter().map(String::as_str).collect();
    if kind == DeploymentKind::Serverless && !serverless_allows(method, &s) {
        return Route::NotFound;
    }
    crate::rest::routing::route(routes::ROUTES, method, &s)
}

/// Answers a request that [`route`] accepted and whose credentials were checked.
pub(crate) fn handle(dep: &DeploymentRuntime, req: &Req<'_>) -> Reply {
    let s: Vec<&str> = req.segs.iter().map(String::as_str).collect();
    let m = req.method.as_str();
    let mut guard = dep.lock();
    let b = &mut *guard;
    let q = req.query;
    match (m, s.as_slice()) {
        // Clients and subscriptions.
        ("GET", ["clients"]) => clients::list(b, q),
        ("POST", ["clients", "kickout", "bulk"]) => clients::kick_many(b, req),
        ("GET", ["clients", id]) => clients::get(b, id),
        ("DELETE", ["clients", id]) => clients::kick(b, id),
        ("GET", ["clients", id, "subscriptions"]) => clients::subscriptions(b, id),
        ("POST", ["clients", id, "subscribe"]) => clients::subscribe(b, id, req),
        ("POST", ["clients", id, "subscribe", "bulk"]) => clients::subscribe_many(b, id, req),
        ("POST", ["clients", id, "unsubscribe"]) => clients::unsubscribe(b, id, req),
        ("POST", ["clients", id, "unsubscribe", "bulk"]) => clients::unsubscribe_many(b, id, req),
        ("GET", ["subscriptions"]) => subscriptions::list(b, q),
        ("GET", ["topics"]) => subscriptions::topics(b, q),
        ("GET", ["topics", t]) => subscriptions::topic(b, t),
        // Publish and retained messages.
        ("POST", ["publish"]) => publish::publish(b, req),
        ("POST", ["publish", "bulk"]) => publish::publish_bulk(b, req),
        ("GET", ["mqtt", "retainer", "messages"]) => retainer::list(b, q),
        ("GET", ["mqtt", "retainer", "message", t]) => retainer::get(b, t),
        ("DELETE", ["mqtt", "retainer", "message", t]) => retainer::delete(b, t),
        // Authentication.
        ("GET", ["authentication"]) => {
            crate::rest::errors::ok(serde_json::json!([authn::authenticator_json()]))
        }
        ("GET", ["authentication", id]) => {
            authn::check_authenticator(id)?;
            crate::rest::errors::ok(authn::authenticator_json())
        }
        (_, ["authentication", id, rest @ ..]) => {
            authn::check_authenticator(id)?;
            match (m, rest) {
                ("GET", ["users"]) => authn::list(b, q),
                ("POST", ["users"]) => authn::create(b, req),
                ("GET", ["users", u]) => authn::get(b, u),
                ("PUT", ["users", u]) => authn::update(b, u, req),
                ("DELETE", ["users", u]) => authn::delete(b, u),
                ("POST", ["import_users"]) => authn::import(b, req),
                _ => Err(path_not_found()),
            }
        }
        // Authorization, built-in database.
        (_, [a, b2, c, d, rest @ ..]) if [*a, *b2, *c, *d] == AUTHZ => match (m, rest) {
            ("DELETE", []) => authz::wipe(b),
            ("GET", ["all"]) => authz::get_all(b),
            ("POST", ["all"]) => authz::set_all(b, req),
            ("DELETE", ["all"]) => authz::delete_all(b),
            (_, [who, tail @ ..]) => {
                let who = Who::parse(who).ok_or_else(path_not_found)?;
                match (m, tail) {
                    ("GET", []) => authz::list(b, who, q),
                    ("POST", []) => authz::create(b, who, req),
                    ("GET", [id]) => authz::get(b, who, id),
                    ("PUT", [id]) => authz::update(b, who, id, req),
                    ("DELETE", [id]) => authz::delete(b, who, id),
                    _ => Err(path_not_found()),
                }
            }
            _ => Err(path_not_found()),
        },
        // Banned.
        ("GET", ["banned"]) => banned::list(b, q),
        ("POST", ["banned"]) => banned::create(b, req),
        ("DELETE", ["banned"]) => banned::clear(b),
        ("DELETE", ["banned", as_, who]) => banned::delete(b, as_, who),
        // Rules.
        ("GET", ["rules"]) => rules::list(b, q),
        ("POST", ["rules"]) => rules::create(b, req),
        ("POST", ["rule_test"]) => rules::test_sql(req),
        ("GET", ["rules", id]) => rules::get(b, id),
        ("PUT", ["rules", id]) => rules::update(b, id, req),
        ("DELETE", ["rules", id]) => rules::delete(b, id),
        ("GET", ["rules", id, "metrics"]) => rules::metrics(b, id),
        ("PUT", ["rules", id, "metrics", "reset"]) => rules::reset_metrics(b, id),
        ("POST", ["rules", id, "test"]) => rules::test_rule(b, id, req),
        // Connectors and actions.
        ("GET", ["actions", id, "metrics"]) => connectors::action_metrics(b, id),
        ("PUT", ["actions", id, "metrics", "reset"]) => connectors::reset_action_metrics(b, id),
        (_, [group, rest @ ..]) if Kind::parse(group).is_some() => {
            let kind = Kind::parse(group).ok_or_else(path_not_found)?;
            match (m, rest) {
                ("GET", []) => connectors::list(b, kind),
                ("POST", []) => connectors::create(b, kind, req),
                ("GET", [id]) => connectors::get(b, kind, id),
                ("PUT", [id]) => connectors::update(b, kind, id, req),
                ("DELETE", [id]) => connectors::delete(b, kind, id, req),
                ("PUT", [id, "enable", flag]) => connectors::enable(b, kind, id, flag),
                ("POST", [id, "start"]) => connectors::start(b, kind, id),
                _ => Err(path_not_found()),
            }
        }
        // Metrics, stats, nodes.
        ("GET", ["metrics"]) => metrics::metrics(b, q),
        ("GET", ["stats"]) => metrics::stats(b, q),
        ("GET", ["nodes"]) => metrics::nodes(b),
        ("GET", ["nodes", n]) => metrics::node(b, n),
        ("GET", ["nodes", n, "metrics"]) => metrics::node_metrics(b, n),
        ("GET", ["nodes", n, "stats"]) => metrics::node_stats(b, n),
        _ => Err(path_not_found()),
    }
}

#[cfg(test)]
mod tests {
    use super::{Route, route, serverless_allows};
    use crate::vocab::deployment::DeploymentKind::{Dedicated, Serverless};

    fn segs(path: &str) -> Vec<String> {
        path.split('/').map(str::to_owned).collect()
    }

    #[test]
    fn routing_before_auth() {
        assert_eq!(route(Dedicated, "GET", &segs("clients")), Route::Known);
        assert_eq!(route(Dedicated, "GET", &segs("nope")), Route::NotFound);
        assert_eq!(
            route(Dedicated, "PATCH", &segs("rules/r1")),
            Route::MethodNotAllowed(vec!["GET", "PUT", "DELETE"])
        );
        // Real methods that are not emulated pass, to get the handler's 404.
        assert_eq!(
            route(Dedicated, "DELETE", &segs("mqtt/retainer/messages")),
            Route::Known
        );
        assert_eq!(route(Serverless, "GET", &segs("clients")), Route::Known);
        assert_eq!(route(Serverless, "GET", &segs("rules")), Route::NotFound);
        assert_eq!(route(Serverless, "PUT", &segs("clients")), Route::NotFound);
    }

    /// Every (method, path) `handle` answers must get past the router.
    #[test]
    fn every_handled_route_is_routed() {
        let authz = "authorization/sources/built_in_database/rules";
        let authn = "authentication/password_based:built_in_database";
        let handled = [
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
            for (m, p) in [
                ("GET", group.to_owned()),
                ("POST", group.to_owned()),
                ("GET", format!("{group}/x")),
                ("PUT", format!("{group}/x")),
                ("DELETE", format!("{group}/x")),
                ("PUT", format!("{group}/x/enable/true")),
                ("POST", format!("{group}/x/start")),
            ] {
                assert_eq!(route(Dedicated, m, &segs(&p)), Route::Known, "{m} {p}");
            }
        }
        for (m, p) in handled {
            assert_eq!(route(Dedicated, m, &segs(&p)), Route::Known, "{m} {p}");
        }
    }

    #[test]
    fn serverless_surface() {
        assert!(serverless_allows("GET", &["clients"]));
        assert!(serverless_allows(
            "POST",
            &["clients", "c", "subscribe", "bulk"]
        ));
        assert!(serverless_allows(
            "POST",
            &[
                "authentication",
                "password_based:built_in_database",
                "import_users"
            ]
        ));
        assert!(serverless_allows(
            "DELETE",
            &[
                "authorization",
                "sources",
                "built_in_database",
                "rules",
                "all"
            ]
        ));
        assert!(!serverless_allows("GET", &["rules"]));
        assert!(!serverless_allows("GET", &["metrics"]));
        assert!(!serverless_allows("POST", &["clients", "kickout", "bulk"]));
        assert!(!serverless_allows(
            "DELETE",
            &["authorization", "sources", "built_in_database", "rules"]
        ));
    }
}
