//! `GET /metrics` (one doc version says POST: both are served): the
//! broker's counters per node, with the 4.x names the docs' example adds.

use serde_json::{Value, json};

use crate::model::deployment::broker::Broker;
use crate::model::deployment::node::NODE;
use crate::rest::v4::{V4Reply, data};

/// Counters only EMQX 4 names (the rule engine's `actions.*`, the ACL and
/// auth outcomes of 4.x); the emulator moves none of them.
const V4_ONLY: [&str; 15] = [
    "actions.error",
    "actions.exception",
    "actions.failure",
    "actions.retry",
    "actions.success",
    "actions.taken",
    "client.acl.allow",
    "client.acl.deny",
    "client.acl.ignore",
    "client.auth.failure",
    "client.auth.ignore",
    "client.auth.success",
    "client.check_acl",
    "rules.matched",
    "session.takeovered",
];

pub(crate) fn metrics(b: &mut Broker) -> V4Reply {
    let mut counters = b.metrics.to_map();
    for key in V4_ONLY {
        counters.entry(key).or_insert(json!(0));
    }
    data(json!([{"node": NODE, "metrics": Value::Object(counters)}]))
}
