//! A simulated client and its subscriptions as EMQX 4 shows them: the 4.x
//! field names and `YYYY-MM-DD HH:mm:ss` times.

use serde_json::{Value, json};

use crate::model::deployment::client::{Client, SubOpts};
use crate::model::deployment::node::NODE;
use crate::util::timefmt;

/// The fields of the docs' `GET /clients` example (`disconnected_at` only
/// when the client is not connected); caller-supplied extras are kept.
pub(crate) fn client_json(c: &Client) -> Value {
    let recv: u64 = c.recv_msg.iter().sum();
    let send: u64 = c.send_msg.iter().sum();
    let mut v = json!({
        "node": NODE,
        "clientid": c.clientid,
        "username": c.username,
        "proto_name": c.proto_name,
        "proto_ver": c.proto_ver,
        "ip_address": c.ip_address,
        "port": c.port,
        "is_bridge": false,
        "connected_at": timefmt::platform_seconds(c.connected_at),
        "connected": c.connected,
        "zone": "external",
        "mountpoint": "undefined",
        "keepalive": c.keepalive,
        "clean_start": c.clean_start,
        "expiry_interval": c.expiry_interval,
        "created_at": timefmt::platform_seconds(c.created_at),
        "subscriptions_cnt": c.subs.len(),
        "max_subscriptions": 0,
        "inflight": 0,
        "max_inflight": 32,
        "mqueue_len": 0,
        "max_mqueue": 1000,
        "mqueue_dropped": 0,
        "awaiting_rel": 0,
        "max_awaiting_rel": 100,
        "recv_oct": 0,
        "recv_cnt": recv,
        "recv_pkt": recv,
        "recv_msg": recv,
        "send_oct": 0,
        "send_cnt": send,
        "send_pkt": send,
        "send_msg": send,
        "mailbox_len": 0,
        "heap_size": 610,
        "reductions": 35_471,
    });
    if let Some(obj) = v.as_object_mut() {
        if let Some(t) = c.disconnected_at {
            obj.insert(
                "disconnected_at".into(),
                json!(timefmt::platform_seconds(t)),
            );
        }
        for (k, val) in &c.extra {
            obj.insert(k.clone(), val.clone());
        }
    }
    v
}

/// One row of `GET /subscriptions`: `{node, clientid, topic, qos}`.
pub(crate) fn subscription_json(clientid: &str, topic: &str, opts: &SubOpts) -> Value {
    json!({"node": NODE, "clientid": clientid, "topic": topic, "qos": opts.qos})
}
