//! What the broker's state shows its observers: the monitor's samples, the
//! alarms that follow from the state (the connection quota of the license),
//! both brought up to date when they are read, and the trace logs, written as
//! messages pass.

use serde_json::json;

use super::broker::Broker;
use super::license::{HIGH_WATERMARK, LOW_WATERMARK, MAX_SESSIONS};
use super::monitor::{Counters, Gauges};
use super::publish::Message;
use super::trace::Event;
use crate::util::timefmt;

const LICENSE_QUOTA: &str = "license_quota";
/// The client id EMQX gives messages published through the HTTP API.
const HTTP_API: &str = "http_api";

impl Broker {
    /// Takes a monitor sample of the current state.
    pub fn sample_monitor(&mut self) {
        let g = self.sessions.gauges().clone();
        let gauges = Gauges {
            connections: self.sessions.len() as u64,
            live_connections: g.connected,
            subscriptions: g.subscriptions,
            shared_subscriptions: g.shared_subscriptions,
            topics: self.sessions.topic_count(),
            retained: self.retained.len() as u64,
        };
        let counters = Counters {
            received: self.metrics.get("messages.received"),
            sent: self.metrics.get("messages.sent"),
            dropped: self.metrics.get("messages.dropped"),
        };
        let now_ms = (timefmt::now().unix_timestamp_nanos() / 1_000_000) as i64;
        self.monitor.observe(now_ms, gauges, counters);
    }

    /// Raises or ends the alarms whose condition changed.
    pub fn check_alarms(&mut self) {
        let now = timefmt::now();
        let live = self.sessions.gauges().connected;
        let percent = live * 100 / MAX_SESSIONS;
        if percent >= HIGH_WATERMARK {
            self.alarms.activate(
                LICENSE_QUOTA,
                format!("License: sessions quota exceeds {HIGH_WATERMARK}%"),
                json!({"high_watermark": HIGH_WATERMARK, "low_watermark": LOW_WATERMARK,
                       "max_sessions": MAX_SESSIONS}),
                now,
            );
        } else if percent < LOW_WATERMARK {
            self.alarms.deactivate(LICENSE_QUOTA, now);
        }
    }

    /// Logs a publish to the traces that follow its topic, and each delivery
    /// (`targets`: client id, subscription QoS) to those that follow the receiver.
    pub fn trace_publish(&mut self, m: &Message, targets: &[(String, u8)]) {
        let now = timefmt::now();
        let received = Event {
            msg: "publish",
            clientid: HTTP_API,
            peername: "127.0.0.1:0",
            topic: &m.topic,
            qos: m.qos,
            payload: &m.payload,
        };
        self.traces.record(&received, "127.0.0.1", now);
        for (id, sub_qos) in targets {
            let Some(client) = self.sessions.get(id) else {
                continue;
            };
            let peername = format!("{}:{}", client.ip_address, client.port);
            let delivered = Event {
                msg: "publish_to",
                clientid: id,
                peername: &peername,
                topic: &m.topic,
                qos: m.qos.min(*sub_qos),
                payload: &m.payload,
            };
            let ip = client.ip_address.clone();
            self.traces.record(&delivered, &ip, now);
        }
    }
}
