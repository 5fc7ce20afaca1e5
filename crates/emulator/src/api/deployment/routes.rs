//! Which routes exist, checked before authentication, as EMQX's HTTP stack does.
//!
//! On the real dashboard listener, cowboy's router runs first: a path no route
//! matches goes to the not-found handler (404 `NOT_FOUND` "Request Path Not Found",
//! no credentials needed). A matched route goes to minirest, which answers a method
//! the route does not serve with `405`, an empty body and an `allow` header, also
//! before it authenticates (`minirest_handler:handle/2`); only then does it check
//! the API key.
//!
//! The table lists every route the emulator serves, each with all the methods the
//! real route has (from `ee-en.json`), so a real method the emulator does not
//! emulate still gets past this check and answers 404 from the handler, never a
//! misleading 405. The matching itself is [`crate::rest::routing`]'s, shared with
//! the Platform API.

use crate::rest::routing::RouteTable;

pub(super) const ROUTES: &RouteTable = &[
    ("clients", &["GET"]),
    ("clients/kickout/bulk", &["POST"]),
    ("clients/*", &["GET", "DELETE"]),
    ("clients/*/subscriptions", &["GET"]),
    ("clients/*/subscribe", &["POST"]),
    ("clients/*/subscribe/bulk", &["POST"]),
    ("clients/*/unsubscribe", &["POST"]),
    ("clients/*/unsubscribe/bulk", &["POST"]),
    ("subscriptions", &["GET"]),
    ("topics", &["GET"]),
    ("topics/*", &["GET"]),
    ("publish", &["POST"]),
    ("publish/bulk", &["POST"]),
    ("mqtt/retainer/messages", &["GET", "DELETE"]),
    ("mqtt/retainer/message/*", &["GET", "DELETE"]),
    ("authentication", &["GET", "POST"]),
    ("authentication/*", &["GET", "PUT", "DELETE"]),
    ("authentication/*/users", &["GET", "POST"]),
    ("authentication/*/users/*", &["GET", "PUT", "DELETE"]),
    ("authentication/*/import_users", &["POST"]),
    ("authorization/sources/built_in_database/rules", &["DELETE"]),
    (
        "authorization/sources/built_in_database/rules/all",
        &["GET", "POST", "DELETE"],
    ),
    (
        "authorization/sources/built_in_database/rules/clients",
        &["GET", "POST"],
    ),
    (
        "authorization/sources/built_in_database/rules/clients/*",
        &["GET", "PUT", "DELETE"],
    ),
    (
        "authorization/sources/built_in_database/rules/users",
        &["GET", "POST"],
    ),
    (
        "authorization/sources/built_in_database/rules/users/*",
        &["GET", "PUT", "DELETE"],
    ),
    ("banned", &["GET", "POST", "DELETE"]),
    ("banned/*/*", &["DELETE"]),
    ("rules", &["GET", "POST"]),
    ("rule_test", &["POST"]),
    ("rules/*", &["GET", "PUT", "DELETE"]),
    ("rules/*/metrics", &["GET"]),
    ("rules/*/metrics/reset", &["PUT"]),
    ("rules/*/test", &["POST"]),
    ("connectors", &["GET", "POST"]),
    ("connectors/*", &["GET", "PUT", "DELETE"]),
    ("connectors/*/enable/*", &["PUT"]),
    ("connectors/*/*", &["POST"]),
    ("actions", &["GET", "POST"]),
    ("actions/*", &["GET", "PUT", "DELETE"]),
    ("actions/*/enable/*", &["PUT"]),
    ("actions/*/metrics", &["GET"]),
    ("actions/*/metrics/reset", &["PUT"]),
    ("actions/*/*", &["POST"]),
    ("metrics", &["GET"]),
    ("stats", &["GET"]),
    ("nodes", &["GET"]),
    ("nodes/*", &["GET"]),
    ("nodes/*/metrics", &["GET"]),
    ("nodes/*/stats", &["GET"]),
];

#[cfg(test)]
mod tests {
    use super::ROUTES;

    fn methods(segs: &[&str]) -> Vec<&'static str> {
        crate::rest::routing::methods(ROUTES, segs)
    }

    #[test]
    fn known_unknown_and_merged_routes() {
        assert_eq!(methods(&["clients"]), ["GET"]);
        assert_eq!(methods(&["clients", "a/b"]), ["GET", "DELETE"]);
        assert_eq!(methods(&["clients", "kickout", "bulk"]), ["POST"]);
        assert!(methods(&["clients", "x", "nope"]).is_empty());
        assert!(methods(&["nope"]).is_empty());
        assert!(methods(&[]).is_empty());
        assert_eq!(
            methods(&["actions", "http:a", "metrics"]),
            ["GET", "POST"],
            "metrics (GET) and {{operation}} (POST) both match"
        );
        assert_eq!(
            methods(&[
                "authorization",
                "sources",
                "built_in_database",
                "rules",
                "users",
                "u"
            ]),
            ["GET", "PUT", "DELETE"]
        );
        assert!(
            methods(&[
                "authorization",
                "sources",
                "built_in_database",
                "rules",
                "nope"
            ])
            .is_empty()
        );
    }
}
