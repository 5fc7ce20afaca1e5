//! MQTT listeners (`tcp:default`, `ssl:default`, ...): their configuration as
//! EMQX keeps it, and whether each one runs. A listener runs while it is
//! enabled; start and stop set `enable`, as EMQX does.

use indexmap::IndexMap;
use serde_json::{Map, Value, json};

/// The listener types EMQX 5 has.
pub(crate) const TYPES: [&str; 5] = ["tcp", "ssl", "ws", "wss", "quic"];

#[derive(Debug, Clone)]
pub(crate) struct Listener {
    pub kind: String,
    pub name: String,
    /// The raw configuration (`bind`, `enable`, `tcp_options`, ...), without `id`/`type`.
    pub conf: Map<String, Value>,
}

impl Listener {
    pub fn new(kind: &str, name: &str, conf: Map<String, Value>) -> Self {
        let mut full = defaults(kind);
        deep_merge(&mut full, conf);
        for key in ["id", "type", "name", "running", "current_connections"] {
            full.remove(key);
        }
        Self {
            kind: kind.to_owned(),
            name: name.to_owned(),
            conf: full,
        }
    }

    pub fn id(&self) -> String {
        format!("{}:{}", self.kind, self.name)
    }

    pub fn enabled(&self) -> bool {
        self.conf.get("enable").and_then(Value::as_bool) != Some(false)
    }

    fn bind(&self) -> String {
        match self.conf.get("bind") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => format!("0.0.0.0:{n}"),
            _ => String::new(),
        }
    }

    /// `GET /listeners/{id}`: the configuration with `id`, `type`, `running`
    /// and `current_connections`.
    pub fn to_json(&self, connections: usize) -> Value {
        let mut v = self.conf.clone();
        v.insert("id".into(), json!(self.id()));
        v.insert("type".into(), json!(self.kind));
        v.insert("bind".into(), json!(self.bind()));
        v.insert("running".into(), json!(self.enabled()));
        v.insert("current_connections".into(), json!(connections));
        Value::Object(v)
    }

    /// `{running, max_connections, current_connections}`.
    pub fn status(&self, connections: usize) -> Value {
        json!({
            "running": self.enabled(),
            "max_connections": self.conf.get("max_connections").cloned().unwrap_or(json!("infinity")),
            "current_connections": connections,
        })
    }

    /// A row of `GET /listeners`.
    pub fn summary(&self, number: usize, node: &str, connections: usize) -> Value {
        let status = self.status(connections);
        json!({
            "id": self.id(),
            "type": self.kind,
            "name": self.name,
            "enable": self.enabled(),
            "number": number,
            "bind": self.bind(),
            "acceptors": self.conf.get("acceptors").cloned().unwrap_or(json!(16)),
            "status": status,
            "node_status": [{"node": node, "status": status}],
        })
    }
}

/// What EMQX fills in for a listener of `kind` when the request leaves it out.
fn defaults(kind: &str) -> Map<String, Value> {
    let port = match kind {
        "ssl" => 8883,
        "ws" => 8083,
        "wss" => 8084,
        "quic" => 14567,
        _ => 1883,
    };
    let mut v = json!({
        "enable": true,
        "bind": format!("0.0.0.0:{port}"),
        "acceptors": 16,
        "max_connections": "infinity",
        "mountpoint": "",
        "zone": "default",
        "max_conn_rate": "infinity",
        "access_rules": ["allow all"],
        "proxy_protocol": false,
        "proxy_protocol_timeout": "3s",
        "tcp_options": {"active_n": 100, "backlog": 1024, "buffer": "4KB",
            "high_watermark": "1MB", "nodelay": true, "reuseaddr": true,
            "send_timeout": "15s", "send_timeout_close": true},
    });
    let obj = v.as_object_mut().expect("a JSON object literal");
    if matches!(kind, "ssl" | "wss" | "quic") {
        obj.insert(
            "ssl_options".into(),
            json!({"verify": "verify_none", "fail_if_no_peer_cert": false,
                "versions": ["tlsv1.3", "tlsv1.2"]}),
        );
    }
    if matches!(kind, "ws" | "wss") {
        obj.insert(
            "websocket".into(),
            json!({"mqtt_path": "/mqtt", "mqtt_piggyback": "multiple"}),
        );
    }
    if kind == "quic" {
        for key in [
            "access_rules",
            "proxy_protocol",
            "proxy_protocol_timeout",
            "tcp_options",
        ] {
            obj.remove(key);
        }
    }
    v.as_object().cloned().unwrap_or_default()
}

/// Merges `update` into `base`, objects key by key (how EMQX applies a listener update).
pub(crate) fn deep_merge(base: &mut Map<String, Value>, update: Map<String, Value>) {
    for (key, value) in update {
        match (base.get_mut(&key), value) {
            (Some(Value::Object(old)), Value::Object(new)) => deep_merge(old, new),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// The deployment's listeners, by id, in the order they were added.
#[derive(Debug, Clone)]
pub(crate) struct Listeners(pub IndexMap<String, Listener>);

impl Default for Listeners {
    /// The usual four: MQTT over TCP and TLS, and over WebSocket with and without TLS.
    fn default() -> Self {
        let mut all = IndexMap::new();
        for kind in ["tcp", "ssl", "ws", "wss"] {
            let l = Listener::new(kind, "default", Map::new());
            all.insert(l.id(), l);
        }
        Self(all)
    }
}

/// `type:name` split, with a known type and a non-empty name.
pub(crate) fn parse_id(id: &str) -> Option<(&str, &str)> {
    let (kind, name) = id.split_once(':')?;
    (TYPES.contains(&kind) && !name.is_empty()).then_some((kind, name))
}
