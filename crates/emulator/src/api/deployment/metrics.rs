//! Counters (`/metrics`), gauges (`/stats`) and the node list (`/nodes`). The
//! counters move with what the emulator sees: simulated connects, API
//! subscribes, publishes and deliveries.

use serde_json::{Map, Value, json};

use crate::model::deployment::broker::Broker;
use crate::model::deployment::node::NODE;
use crate::rest::errors::{Reply, bad_request, not_found, ok};
use crate::rest::request::Query;

fn aggregate(q: &Query) -> Result<bool, crate::rest::errors::ApiError> {
    Ok(q.get_bool("aggregate")?.unwrap_or(false))
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
