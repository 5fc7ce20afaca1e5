//! Which Platform API routes exist, checked before authentication like the
//! Deployment API's (see [`crate::rest::routing`]): an unknown path is `404`, a known
//! path with another method `405`, whatever the credentials; only a known
//! route and method goes on to the Basic auth check.
//!
//! The EMQX Cloud docs do not say in which order the Platform API checks
//! these; answering like the Deployment API keeps the emulator consistent, and
//! a wrong path is reported as such even when the credentials are wrong too.

use crate::rest::routing::RouteTable;

/// Paths below `/platform`.
pub(super) const ROUTES: &RouteTable = &[
    ("projects", &["GET"]),
    // `POST /deployments` (create) is mentioned by the docs, without a request
    // schema, and not emulated: it is routed, so it answers the handler's 404
    // rather than a 405 that would say the method does not exist.
    ("deployments", &["GET", "POST"]),
    ("deployments/*", &["GET"]),
    ("deployments/*/start", &["POST"]),
    ("deployments/*/stop", &["POST"]),
    ("deployments/*/tls", &["GET", "POST", "PUT", "DELETE"]),
];

#[cfg(test)]
mod tests {
    use super::ROUTES;
    use crate::rest::routing::{Route, route};

    fn segs(path: &str) -> Vec<&str> {
        path.split('/').collect()
    }

    #[test]
    fn every_handled_route_is_routed() {
        for (m, p) in [
            ("GET", "projects"),
            ("GET", "deployments"),
            ("GET", "deployments/d"),
            ("POST", "deployments/d/start"),
            ("POST", "deployments/d/stop"),
            ("GET", "deployments/d/tls"),
            ("POST", "deployments/d/tls"),
            ("PUT", "deployments/d/tls"),
            ("DELETE", "deployments/d/tls"),
        ] {
            assert_eq!(route(ROUTES, m, &segs(p)), Route::Known, "{m} {p}");
        }
    }

    #[test]
    fn unknown_paths_and_other_methods() {
        assert_eq!(route(ROUTES, "GET", &segs("nope")), Route::NotFound);
        assert_eq!(route(ROUTES, "GET", &[]), Route::NotFound);
        assert_eq!(
            route(ROUTES, "GET", &segs("deployments/d/nope")),
            Route::NotFound
        );
        assert_eq!(
            route(ROUTES, "DELETE", &segs("projects")),
            Route::MethodNotAllowed(vec!["GET"])
        );
        assert_eq!(
            route(ROUTES, "GET", &segs("deployments/d/stop")),
            Route::MethodNotAllowed(vec!["POST"])
        );
        assert_eq!(
            route(ROUTES, "PATCH", &segs("deployments/d/tls")),
            Route::MethodNotAllowed(vec!["GET", "POST", "PUT", "DELETE"])
        );
    }
}
