//! The Platform route table: what routes before authentication, and that
//! every handler runs with its own template's parameters.

use super::route;
use super::routes::{Ctx, ENDPOINTS};
use crate::model::seed::Seed;
use crate::rest::request::{Query, Req};
use crate::rest::routing::{self, Refusal};
use crate::vocab::config::EmulatorConfig;

fn segs(path: &str) -> Vec<&str> {
    path.split('/').collect()
}

fn refusal(m: &str, p: &str) -> Option<Refusal> {
    route(m, &segs(p)).err()
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
        assert_eq!(refusal(m, p), None, "{m} {p}");
    }
}

#[test]
fn unknown_paths_and_other_methods() {
    assert_eq!(refusal("GET", "nope"), Some(Refusal::NotFound));
    assert_eq!(route("GET", &[]).err(), Some(Refusal::NotFound));
    assert_eq!(
        refusal("GET", "deployments/d/nope"),
        Some(Refusal::NotFound)
    );
    assert_eq!(
        refusal("DELETE", "projects"),
        Some(Refusal::MethodNotAllowed(vec!["GET"]))
    );
    assert_eq!(
        refusal("GET", "deployments/d/stop"),
        Some(Refusal::MethodNotAllowed(vec!["POST"]))
    );
    assert_eq!(
        refusal("PATCH", "deployments/d/tls"),
        Some(Refusal::MethodNotAllowed(vec![
            "GET", "POST", "PUT", "DELETE"
        ]))
    );
}

/// No request matches two endpoints with the same method.
#[test]
fn no_two_endpoints_answer_the_same_request() {
    routing::assert_no_overlap(ENDPOINTS);
}

/// Each handler names only parameters its template has (`Req::param`
/// panics otherwise): run every one on its own template.
#[test]
fn every_handler_runs_on_its_template() {
    let seed = Seed::generate("https://127.0.0.1:1");
    let query = Query::default();
    for e in ENDPOINTS {
        let mut state = seed.platform_state(&EmulatorConfig::default());
        let segs = routing::sample_segs(e.path);
        let found = route(e.method, &segs).ok().unwrap();
        assert_eq!(found.endpoint.path, e.path);
        let req = Req::without_body(found.params, &query);
        let mut ctx = Ctx {
            state: &mut state,
            now: std::time::Instant::now(),
            on_stop: &mut |_| {},
        };
        let _answer = (e.handler.run)(&mut ctx, &req);
    }
}
