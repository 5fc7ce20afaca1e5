//! A simulated MQTT client and its session, as `GET /clients` shows it.

use indexmap::IndexMap;
use serde_json::{Map, Value, json};
use time::OffsetDateTime;

use super::node::NODE;
use crate::util::timefmt;

/// Subscription options, as MQTT 5 SUBSCRIBE carries them.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct SubOpts {
    pub qos: u8,
    pub nl: u8,
    pub rap: u8,
    pub rh: u8,
}

#[derive(Debug, Clone)]
pub(crate) struct Client {
    pub clientid: String,
    pub username: Option<String>,
    pub ip_address: String,
    pub port: u64,
    pub proto_name: String,
    pub proto_ver: u64,
    pub clean_start: bool,
    pub keepalive: u64,
    pub expiry_interval: u64,
    pub connected: bool,
    pub created_at: OffsetDateTime,
    pub connected_at: OffsetDateTime,
    pub disconnected_at: Option<OffsetDateTime>,
    /// Caller-supplied fields shown as they are (e.g. `client_attrs`).
    pub extra: Map<String, Value>,
    pub subs: IndexMap<String, SubOpts>,
    pub recv_msg: [u64; 3],
    pub send_msg: [u64; 3],
}

impl Client {
    pub fn new(
        clientid: &str,
        username: Option<&str>,
        now: OffsetDateTime,
        mut attrs: Map<String, Value>,
    ) -> Self {
        let mut take_u64 = |k: &str, d: u64| attrs.remove(k).and_then(|v| v.as_u64()).unwrap_or(d);
        let port = take_u64("port", 50_000 + fastrand::u64(..10_000));
        let proto_ver = take_u64("proto_ver", 5);
        let keepalive = take_u64("keepalive", 60);
        let expiry_interval = take_u64("expiry_interval", 0);
        let clean_start = attrs
            .remove("clean_start")
            .and_then(|v| v.as_bool())
            .unwrap_or(true);
        let take_str = |attrs: &mut Map<String, Value>, k: &str, d: &str| {
            attrs
                .remove(k)
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_else(|| d.to_owned())
        };
        let ip_address = take_str(&mut attrs, "ip_address", "127.0.0.1");
        let proto_name = take_str(&mut attrs, "proto_name", "MQTT");
        let take_time = |attrs: &mut Map<String, Value>, k: &str| {
            attrs.remove(k).and_then(|v| match v {
                Value::String(s) => timefmt::parse_time(&s),
                Value::Number(n) => n
                    .as_i64()
                    .and_then(|ms| timefmt::parse_time(&ms.to_string())),
                _ => None,
            })
        };
        let connected_at = take_time(&mut attrs, "connected_at").unwrap_or(now);
        let created_at = take_time(&mut attrs, "created_at").unwrap_or(connected_at);
        // Identity fields are not overridable through `attrs`.
        for k in [
            "clientid",
            "username",
            "connected",
            "disconnected_at",
            "node",
        ] {
            attrs.remove(k);
        }
        Self {
            clientid: clientid.to_owned(),
            username: username.map(str::to_owned),
            ip_address,
            port,
            proto_name,
            proto_ver,
            clean_start,
            keepalive,
            expiry_interval,
            connected: true,
            created_at,
            connected_at,
            disconnected_at: None,
            extra: attrs,
            subs: IndexMap::new(),
            recv_msg: [0; 3],
            send_msg: [0; 3],
        }
    }

    /// MQTT 5: a session outlives its connection only with clean start off and a
    /// non-zero expiry interval.
    pub fn keeps_session(&self) -> bool {
        !self.clean_start && self.expiry_interval > 0
    }

    pub fn conn_state(&self) -> &'static str {
        if self.connected {
            "connected"
        } else {
            "disconnected"
        }
    }

    /// The client object as EMQX 5.8 renders it. `disconnected_at` appears only
    /// for a disconnected session; `username` is `null` when the client sent none.
    pub fn to_json(&self) -> Value {
        let recv: u64 = self.recv_msg.iter().sum();
        let send: u64 = self.send_msg.iter().sum();
        let mut v = json!({
            "clientid": self.clientid,
            "username": self.username,
            "node": NODE,
            "ip_address": self.ip_address,
            "port": self.port,
            "proto_name": self.proto_name,
            "proto_ver": self.proto_ver,
            "is_bridge": false,
            "listener": "ssl:default",
            "enable_authn": true,
            "is_persistent": false,
            "durable": false,
            "client_attrs": {},
            "connected": self.connected,
            "clean_start": self.clean_start,
            "keepalive": self.keepalive,
            "expiry_interval": self.expiry_interval,
            "is_expired": false,
            "created_at": timefmt::rfc3339_ms(self.created_at),
            "connected_at": timefmt::rfc3339_ms(self.connected_at),
            "subscriptions_cnt": self.subs.len(),
            "subscriptions_max": "infinity",
            "inflight_cnt": 0,
            "inflight_max": 32,
            "mqueue_len": 0,
            "mqueue_max": 1000,
            "mqueue_dropped": 0,
            "awaiting_rel_cnt": 0,
            "awaiting_rel_max": 100,
            "recv_cnt": recv,
            "recv_oct": 0,
            "recv_pkt": recv,
            "recv_msg": recv,
            "recv_msg.qos0": self.recv_msg[0],
            "recv_msg.qos1": self.recv_msg[1],
            "recv_msg.qos2": self.recv_msg[2],
            "recv_msg.dropped": 0,
            "recv_msg.dropped.await_pubrel_timeout": 0,
            "send_cnt": send,
            "send_oct": 0,
            "send_pkt": send,
            "send_msg": send,
            "send_msg.qos0": self.send_msg[0],
            "send_msg.qos1": self.send_msg[1],
            "send_msg.qos2": self.send_msg[2],
            "send_msg.dropped": 0,
            "send_msg.dropped.expired": 0,
            "send_msg.dropped.queue_full": 0,
            "send_msg.dropped.too_large": 0,
            "mailbox_len": 0,
            "heap_size": 987,
            "reductions": 10_276,
        });
        if let Some(obj) = v.as_object_mut() {
            if let Some(t) = self.disconnected_at {
                obj.insert(
                    "disconnected_at".into(),
                    Value::String(timefmt::rfc3339_ms(t)),
                );
            }
            for (k, val) in &self.extra {
                obj.insert(k.clone(), val.clone());
            }
        }
        v
    }

    pub fn subscription_json(&self, topic: &str, o: &SubOpts) -> Value {
        json!({
            "clientid": self.clientid, "topic": topic, "qos": o.qos,
            "nl": o.nl, "rap": o.rap, "rh": o.rh, "node": NODE, "durable": false,
        })
    }
}
