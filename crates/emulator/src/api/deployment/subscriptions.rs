//! `GET /subscriptions` (the server answers `{data, meta}`, not the spec's array)
//! and the routes behind `GET /topics` and `GET /topics/{topic}`.

use http::StatusCode;
use serde_json::{Value, json};

use crate::model::deployment::broker::Broker;
use crate::model::deployment::client::{Client, SubOpts};
use crate::model::deployment::node::NODE;
use crate::rest::errors::{ApiError, Reply, bad_request, invalid_parameter, ok};
use crate::rest::pagination::PageParams;
use crate::rest::request::Query;
use crate::util::topic;

pub(crate) fn list(b: &Broker, q: &Query) -> Reply {
    let page = PageParams::from_query(q)?;
    let node = q.get("node");
    let clientid = q.get("clientid");
    let qos = q
        .get("qos")
        .map(|v| {
            v.parse::<u8>()
                .ok()
                .filter(|n| *n <= 2)
                .ok_or_else(|| bad_request("qos must be 0, 1 or 2"))
        })
        .transpose()?;
    let exact = q.get("topic");
    let match_topic = q.get("match_topic");
    if match_topic.is_some_and(|t| !topic::valid_filter(t)) {
        return Err(invalid_parameter("match_topic_invalid"));
    }
    let share_group = q.get("share_group");
    let durable = q.get_bool("durable")?;
    let rows: Vec<(&Client, &String, &SubOpts)> = b
        .sessions
        .values()
        .filter(|c| clientid.is_none_or(|id| id == c.clientid))
        .flat_map(|c| c.subs.iter().map(move |(t, o)| (c, t, o)))
        .filter(|(_, t, o)| {
            node.is_none_or(|n| n == NODE)
                && qos.is_none_or(|q| q == o.qos)
                && exact.is_none_or(|e| e == t.as_str())
                && match_topic.is_none_or(|m| topic::matches(topic::route_filter(t), m))
                && share_group
                    .is_none_or(|g| topic::split_share(t).is_some_and(|(group, _)| group == g))
                && durable.is_none_or(|d| !d)
        })
        .collect();
    ok(page.envelope(rows, match_topic.is_none(), |(c, t, o)| {
        c.subscription_json(t, o)
    }))
}

pub(crate) fn topics(b: &Broker, q: &Query) -> Reply {
    let page = PageParams::from_query(q)?;
    let filter = q.get("topic");
    if filter.is_some_and(|t| !topic::valid_filter(t)) {
        // Misspelled on the real server, still in 5.10.
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "INVALID_PARAMTER",
            "topic_filter_invalid",
        ));
    }
    if q.get("node").is_some_and(|n| n != NODE) {
        return ok(page.envelope(
            Vec::<&str>::new(),
            true,
            |t| json!({"topic": t, "node": NODE}),
        ));
    }
    let routes = b.routes();
    let rows: Vec<&str> = routes
        .keys()
        .copied()
        .filter(|t| filter.is_none_or(|f| topic::matches(t, f)))
        .collect();
    ok(page.envelope(rows, true, |t| json!({"topic": t, "node": NODE})))
}

pub(crate) fn topic(b: &Broker, name: &str) -> Reply {
    if b.sessions.has_route(name) {
        ok(Value::Array(vec![json!({"topic": name, "node": NODE})]))
    } else {
        Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "TOPIC_NOT_FOUND",
            "Topic not found",
        ))
    }
}
