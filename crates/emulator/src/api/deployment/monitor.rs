//! The monitor's time series (`/monitor`, `/monitor/nodes/{node}`) and current
//! values (`/monitor_current`, `/monitor_current/nodes/{node}`), sampled from
//! the broker when they are read. The one node's series is the cluster's.

use serde_json::{Value, json};

use crate::model::deployment::broker::Broker;
use crate::model::deployment::license::MAX_SESSIONS;
use crate::model::deployment::monitor::{INTERVAL_MS, Sample};
use crate::model::deployment::node::NODE;
use crate::rest::errors::{ApiError, Reply, bad_request, no_content, not_found, ok};
use crate::rest::request::Query;
use crate::util::timefmt;

fn check_node(node: &str) -> Result<(), ApiError> {
    if node == NODE {
        Ok(())
    } else {
        Err(not_found("Node not found"))
    }
}

/// `latest` (seconds back from now), an integer of at least 1.
fn latest(q: &Query) -> Result<Option<i64>, ApiError> {
    match q.get("latest") {
        None => Ok(None),
        Some(v) => match v.parse::<i64>() {
            Ok(n) if n >= 1 => Ok(Some(n)),
            _ => Err(bad_request(format!(
                "the value of latest must be an integer of at least 1, got {v:?}"
            ))),
        },
    }
}

fn sample_json(s: &Sample) -> Value {
    json!({
        "time_stamp": s.time_stamp,
        "connections": s.gauges.connections,
        "live_connections": s.gauges.live_connections,
        "disconnected_durable_sessions": 0,
        "subscriptions": s.gauges.subscriptions,
        "subscriptions_durable": 0,
        "topics": s.gauges.topics,
        "received": s.delta.received,
        "sent": s.delta.sent,
        "dropped": s.delta.dropped,
        "persisted": 0,
        "validation_succeeded": 0,
        "validation_failed": 0,
        "transformation_succeeded": 0,
        "transformation_failed": 0,
    })
}

/// `GET /monitor?latest=`, `GET /monitor/nodes/{node}?latest=`.
pub(crate) fn series(b: &mut Broker, node: Option<&str>, q: &Query) -> Reply {
    node.map_or(Ok(()), check_node)?;
    let latest = latest(q)?;
    b.sample_monitor();
    let now_ms = (timefmt::now().unix_timestamp_nanos() / 1_000_000) as i64;
    let from = latest.map_or(i64::MIN, |secs| {
        now_ms.saturating_sub(secs.saturating_mul(1000))
    });
    ok(Value::Array(
        b.monitor.since(from).map(sample_json).collect(),
    ))
}

/// `DELETE /monitor`.
pub(crate) fn clear(b: &mut Broker) -> Reply {
    b.monitor.clear();
    no_content()
}

/// A count over one sampling interval as a rate per second, rounded, as
/// EMQX's `cal_rate_/2` computes `*_rate`.
fn per_second(count: u64) -> u64 {
    let interval = INTERVAL_MS as u64;
    (count.saturating_mul(1000) + interval / 2) / interval
}

/// `GET /monitor_current`, `GET /monitor_current/nodes/{node}` (with `node_uptime`).
pub(crate) fn current(b: &mut Broker, node: Option<&str>) -> Reply {
    node.map_or(Ok(()), check_node)?;
    b.sample_monitor();
    let Some(s) = b.monitor.latest() else {
        return Err(bad_request("no sample"));
    };
    let mut v = json!({
        "connections": s.gauges.connections,
        "live_connections": s.gauges.live_connections,
        "disconnected_durable_sessions": 0,
        "subscriptions": s.gauges.subscriptions,
        "subscriptions_durable": 0,
        "shared_subscriptions": s.gauges.shared_subscriptions,
        "topics": s.gauges.topics,
        "retained_msg_count": s.gauges.retained,
        "received_msg_rate": per_second(s.delta.received),
        "sent_msg_rate": per_second(s.delta.sent),
        "dropped_msg_rate": per_second(s.delta.dropped),
        "persisted_rate": 0,
        "validation_succeeded_rate": 0,
        "validation_failed_rate": 0,
        "transformation_succeeded_rate": 0,
        "transformation_failed_rate": 0,
        "license_quota": MAX_SESSIONS,
    });
    if node.is_some() {
        v["node_uptime"] = json!(b.started.elapsed().as_secs());
    }
    ok(v)
}

#[cfg(test)]
mod tests {
    use super::per_second;

    #[test]
    fn a_count_over_ten_seconds_is_a_rate_per_second() {
        assert_eq!(per_second(0), 0);
        assert_eq!(per_second(4), 0);
        assert_eq!(per_second(5), 1);
        assert_eq!(per_second(100), 10);
    }
}
