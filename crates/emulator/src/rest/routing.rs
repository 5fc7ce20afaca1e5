//! Routing before authentication, shared by both APIs.
//!
//! EMQX's HTTP stack routes a request before it checks credentials (see
//! `deployment/routes.rs` for the details): a path no route matches is `404
//! NOT_FOUND`, a known path with a method its route does not serve is `405`
//! with an empty body and an `allow` header, and only then does a bad or
//! missing `Authorization` header get its `401`. Each API describes its routes
//! in a [`RouteTable`]; this module matches a request against one.

use crate::rest::errors::{Reply, method_not_allowed, path_not_found};

/// Route templates below an API's root, each with all the methods the real
/// route serves. `*` stands for one path parameter (already percent-decoded).
pub(crate) type RouteTable = [(&'static str, &'static [&'static str])];

/// What the router makes of a request, before authentication.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Route {
    /// A route the API serves, with one of its methods.
    Known,
    /// No such route.
    NotFound,
    /// A known route, another method: `405` with these in `allow`.
    MethodNotAllowed(Vec<&'static str>),
}

impl Route {
    /// `None` for a known route; otherwise the router's own answer, which goes
    /// out before any credentials are looked at.
    pub fn refusal(self) -> Option<Reply> {
        match self {
            Route::Known => None,
            Route::NotFound => Some(Err(path_not_found())),
            Route::MethodNotAllowed(allow) => Some(Ok(method_not_allowed(&allow))),
        }
    }
}

/// The order methods are listed in `allow`.
const ORDER: [&str; 4] = ["GET", "POST", "PUT", "DELETE"];

/// The methods the table serves on this path; empty when no route matches.
/// Where two routes match (`/actions/{id}/metrics` and
/// `/actions/{id}/{operation}`), their methods are merged.
pub(crate) fn methods(table: &RouteTable, segs: &[&str]) -> Vec<&'static str> {
    let mut found: Vec<&'static str> = Vec::new();
    for (template, methods) in table {
        let matches = template.split('/').count() == segs.len()
            && template
                .split('/')
                .zip(segs)
                .all(|(t, s)| t == "*" || t == *s);
        if matches {
            for m in *methods {
                if !found.contains(m) {
                    found.push(m);
                }
            }
        }
    }
    found.sort_by_key(|m| ORDER.iter().position(|o| o == m));
    found
}

/// Routes `method` on `segs` against `table`.
pub(crate) fn route(table: &RouteTable, method: &str, segs: &[&str]) -> Route {
    let methods = methods(table, segs);
    if methods.is_empty() {
        Route::NotFound
    } else if methods.contains(&method) {
        Route::Known
    } else {
        Route::MethodNotAllowed(methods)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &RouteTable = &[
        ("things", &["POST", "GET"]),
        ("things/*", &["DELETE", "GET"]),
        ("things/*/*", &["POST"]),
        ("things/*/stats", &["GET"]),
    ];

    #[test]
    fn matches_templates_and_orders_allow() {
        assert_eq!(route(TABLE, "GET", &["things"]), Route::Known);
        assert_eq!(route(TABLE, "GET", &["things", "a/b"]), Route::Known);
        assert_eq!(
            route(TABLE, "PUT", &["things", "x"]),
            Route::MethodNotAllowed(vec!["GET", "DELETE"])
        );
        assert_eq!(
            methods(TABLE, &["things", "x", "stats"]),
            ["GET", "POST"],
            "merged from two templates"
        );
        assert_eq!(route(TABLE, "GET", &["nope"]), Route::NotFound);
        assert_eq!(
            route(TABLE, "GET", &["things", "x", "y", "z"]),
            Route::NotFound
        );
        assert_eq!(route(TABLE, "GET", &[]), Route::NotFound);
    }
}
