//! The counters behind `/metrics`, moved by what the emulator sees: simulated
//! connects, API subscribes, publishes and deliveries.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

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

    pub fn get(&self, key: &str) -> u64 {
        self.counters.get(key).copied().unwrap_or(0)
    }

    pub fn to_map(&self) -> Map<String, Value> {
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
