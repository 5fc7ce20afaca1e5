//! The v4 route table: routing before authentication, no two endpoints for
//! one request, and every handler runs with its own template's parameters.

use super::route;
use super::routes::ENDPOINTS;
use crate::model::deployment::broker::Broker;
use crate::rest::request::{Query, Req};
use crate::rest::routing::{self, Refusal};

fn segs(path: &str) -> Vec<&str> {
    path.split('/').collect()
}

#[test]
fn routing_before_auth() {
    assert!(route("GET", &segs("auth_username")).is_ok());
    assert_eq!(route("GET", &segs("nope")).err(), Some(Refusal::NotFound));
    assert_eq!(
        route("PATCH", &segs("auth_username/u")).err(),
        Some(Refusal::MethodNotAllowed(vec!["GET", "PUT", "DELETE"]))
    );
    assert_eq!(
        route("GET", &segs("v5/clients")).err(),
        Some(Refusal::NotFound),
        "no EMQX 5 path below /api"
    );
}

#[test]
fn no_two_endpoints_answer_the_same_request() {
    routing::assert_no_overlap(ENDPOINTS);
}

#[test]
fn every_handler_runs_on_its_template() {
    let query = Query::default();
    for e in ENDPOINTS {
        let segs = routing::sample_segs(e.path);
        let found = route(e.method, &segs).ok().unwrap();
        assert_eq!(found.endpoint.path, e.path);
        let req = Req::without_body(found.params, &query);
        let mut broker = Broker::new(0);
        let _answer = (e.handler.run)(&mut broker, &req);
    }
}
