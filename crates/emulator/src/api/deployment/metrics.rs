//! Counters (`/metrics`), gauges (`/stats`) and the node list (`/nodes`). The
//! counters move with what the emulator sees: simulated connects, API
//! subscribes, publishes and deliveries.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use crate::model::deployment::broker::{Broker, NODE};
use crate::rest::errors::{Reply, bad_request, not_found, ok};
use crate::rest::request::Query;

/// Every counter of `emqx_mgmt_api_metrics.aggregated_metrics` in the 5.8.6 spec.
const METRIC_KEYS: &[&str] = &[
    "bytes.received",
    "bytes.sent",
    "packets.received",
    "packets.sent",
    "packets.connect.received",
    "packets.connack.sent",
    "packets.connack.error",
    "packets.connack.auth_error",
    "packets.publish.received",
    "packets.publish.sent",
    "packets.publish.inuse",
    "packets.publish.error",
    "packets.publish.auth_error",
    "packets.publish.dropped",
    "packets.puback.received",
    "packets.puback.sent",
    "packets.puback.inuse",
    "packets.puback.missed",
    "packets.pubrec.received",
    "packets.pubrec.sent",
    "packets.pubrec.inuse",
    "packets.pubrec.missed",
    "packets.pubrel.received",
    "packets.pubrel.sent",
    "packets.pubrel.missed",
    "packets.pubcomp.received",
    "packets.pubcomp.sent",
    "packets.pubcomp.inuse",
    "packets.pubcomp.missed",
    "packets.subscribe.received",
    "packets.subscribe.error",
    "packets.subscribe.auth_error",
    "packets.suback.sent",
    "packets.unsubscribe.received",
    "packets.unsubscribe.error",
    "packets.unsuback.sent",
    "packets.pingreq.received",
    "packets.pingresp.sent",
    "packets.disconnect.received",
    "packets.disconnect.sent",
    "packets.auth.received",
    "packets.auth.sent",
    "messages.received",
    "messages.sent",
    "messages.qos0.received",
    "messages.qos0.sent",
    "messages.qos1.received",
    "messages.qos1.sent",
    "messages.qos2.received",
    "messages.qos2.sent",
    "messages.publish",
    "messages.dropped",
    "messages.validation_failed",
    "messages.validation_succeeded",
    "messages.transformation_failed",
    "messages.transformation_succeeded",
    "messages.dropped.await_pubrel_timeout",
    "messages.dropped.no_subscribers",
    "messages.forward",
    "messages.delayed",
    "messages.delivered",
    "messages.acked",
    "messages.persisted",
    "delivery.dropped",
    "delivery.dropped.no_local",
    "delivery.dropped.too_large",
    "delivery.dropped.qos0_msg",
    "delivery.dropped.queue_full",
    "delivery.dropped.expired",
    "client.connect",
    "client.connack",
    "client.connected",
    "client.authenticate",
    "client.auth.anonymous",
    "client.authorize",
    "client.subscribe",
    "client.unsubscribe",
    "client.disconnected",
    "session.created",
    "session.resumed",
    "session.takenover",
    "session.discarded",
    "session.terminated",
    "authorization.allow",
    "authorization.deny",
    "authorization.cache_hit",
    "authorization.cache_miss",
    "authentication.success",
    "authentication.success.anonymous",
    "authentication.failure",
    "overload_protection.delay.ok",
    "overload_protection.delay.timeout",
    "overload_protection.hibernation",
    "overload_protection.gc",
    "overload_protection.new_conn",
];

#[derive(Debug, Default)]
pub(crate) struct Metrics {
    counters: HashMap<&'static str, u64>,
}

impl Metrics {
    pub fn incr(&mut self, key: &'static str, n: u64) {
        *self.counters.entry(key).or_insert(0) += n;
    }

    #[cfg(test)]
    pub fn get(&self, key: &str) -> u64 {
        self.counters.get(key).copied().unwrap_or(0)
    }

    fn to_map(&self) -> Map<String, Value> {
        METRIC_KEYS
            .iter()
            .map(|k| {
                (
                    (*k).to_owned(),
                    json!(self.counters.get(k).copied().unwrap_or(0)),
                )
            })
            .collect()
    }
}

fn aggregate(q: &Query) -> Result<bool, crate::rest::errors::ApiError> {
    Ok(super::clients::parse_bool(q, "aggregate")?.unwrap_or(false))
}

fn with_node(mut m: Map<String, Value>) -> Value {
    m.insert("node".into(), json!(NODE));
    Value::Object(m)
}

/// `GET /metrics?aggregate=&node=`: one object when aggregated, else one per node.
pub(crate) fn metrics(b: &Broker, q: &Query) -> Reply {
    if q.get("node").is_some_and(|n| n != NODE) {
        return Err(bad_request("node_not_found"));
    }
    let m = b.metrics.to_map();
    if aggregate(q)? {
        ok(Value::Object(m))
    } else {
        ok(json!([with_node(m)]))
    }
}

fn stats_map(b: &mut Broker) -> Map<String, Value> {
    let mut m = Map::new();
    for stat in b.observe_stats() {
        m.insert(format!("{}.count", stat.name), json!(stat.count));
        m.insert(format!("{}.max", stat.name), json!(stat.max));
    }
    m
}

/// `GET /stats?aggregate=`.
pub(crate) fn stats(b: &mut Broker, q: &Query) -> Reply {
    let m = stats_map(b);
    if aggregate(q)? {
        ok(Value::Object(m))
    } else {
        ok(json!([with_node(m)]))
    }
}

fn node_info(b: &Broker) -> Value {
    let connected = b.sessions.gauges().connected;
    json!({
        "node": NODE,
        "node_status": "running",
        "version": "5.8.6",
        "edition": "Enterprise",
        "role": "core",
        "uptime": b.started.elapsed().as_millis() as u64,
        "connections": connected,
        "live_connections": connected,
        "cluster_sessions": b.sessions.len(),
        "load1": 0.5, "load5": 0.5, "load15": 0.5,
        "max_fds": 1_048_576,
        "memory_total": "4.00G",
        "memory_used": "512.00M",
        "process_available": 2_097_152,
        "process_used": 512,
        "otp_release": "26.2.5-3",
        "sys_path": "/opt/emqx",
        "log_path": "/opt/emqx/log",
    })
}

fn node_not_found() -> crate::rest::errors::ApiError {
    not_found("Node not found")
}

pub(crate) fn nodes(b: &Broker) -> Reply {
    ok(json!([node_info(b)]))
}

pub(crate) fn node(b: &Broker, name: &str) -> Reply {
    if name != NODE {
        return Err(node_not_found());
    }
    ok(node_info(b))
}

pub(crate) fn node_metrics(b: &Broker, name: &str) -> Reply {
    if name != NODE {
        return Err(node_not_found());
    }
    ok(with_node(b.metrics.to_map()))
}

pub(crate) fn node_stats(b: &mut Broker, name: &str) -> Reply {
    if name != NODE {
        return Err(node_not_found());
    }
    ok(with_node(stats_map(b)))
}
