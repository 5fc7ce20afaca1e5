//! The telemetry settings: Prometheus (scrape authentication, the push
//! gateway, the VM collectors) and OpenTelemetry (the exporter, metrics,
//! logs, traces), and the OpenTelemetry trace whitelists. The emulator keeps
//! them; it pushes and exports nothing.

use serde_json::{Map, Value, json};

/// The VM collectors, each `"enabled"` or `"disabled"`.
pub(crate) const COLLECTORS: [&str; 6] = [
    "mnesia",
    "vm_dist",
    "vm_memory",
    "vm_msacc",
    "vm_statistics",
    "vm_system_info",
];

/// Which trace whitelist: client ids or topic filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WhitelistKind {
    ClientId,
    Topic,
}

impl WhitelistKind {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "clientid" => Some(Self::ClientId),
            "topic" => Some(Self::Topic),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::ClientId => "clientid",
            Self::Topic => "topic",
        }
    }

    /// The `e2e_tracing_options` field that bounds this whitelist's length.
    pub fn max_field(self) -> &'static str {
        match self {
            Self::ClientId => "clientid_match_rules_max",
            Self::Topic => "topic_match_rules_max",
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Telemetry {
    /// The Prometheus settings in the recommended (5.4+) shape, as `GET /prometheus` shows them.
    pub prometheus: Value,
    /// The OpenTelemetry settings, as `GET /opentelemetry` shows them.
    pub opentelemetry: Value,
    pub clientid_whitelist: Vec<String>,
    pub topic_whitelist: Vec<String>,
}

impl Default for Telemetry {
    fn default() -> Self {
        Self {
            prometheus: prometheus_defaults(),
            opentelemetry: opentelemetry_defaults(),
            clientid_whitelist: Vec::new(),
            topic_whitelist: Vec::new(),
        }
    }
}

impl Telemetry {
    pub fn whitelist(&self, kind: WhitelistKind) -> &[String] {
        match kind {
            WhitelistKind::ClientId => &self.clientid_whitelist,
            WhitelistKind::Topic => &self.topic_whitelist,
        }
    }

    /// Replaces a whitelist; an entry given twice is kept once, as EMQX stores them in a set.
    pub fn set_whitelist(&mut self, kind: WhitelistKind, entries: Vec<String>) {
        let mut unique: Vec<String> = Vec::with_capacity(entries.len());
        for entry in entries {
            if !unique.contains(&entry) {
                unique.push(entry);
            }
        }
        match kind {
            WhitelistKind::ClientId => self.clientid_whitelist = unique,
            WhitelistKind::Topic => self.topic_whitelist = unique,
        }
    }

    /// Whether the Prometheus scrapes need credentials (`enable_basic_auth`).
    pub fn scrapes_need_auth(&self) -> bool {
        self.prometheus["enable_basic_auth"] == Value::Bool(true)
    }

    /// How many entries a whitelist may hold (`e2e_tracing_options`).
    pub fn whitelist_max(&self, kind: WhitelistKind) -> u64 {
        self.opentelemetry["traces"]["filter"]["e2e_tracing_options"][kind.max_field()]
            .as_u64()
            .unwrap_or(30)
    }
}

/// EMQX's Prometheus defaults: no push gateway, collectors off.
pub(crate) fn prometheus_defaults() -> Value {
    let collectors: Map<String, Value> = COLLECTORS
        .iter()
        .map(|c| ((*c).to_owned(), json!("disabled")))
        .collect();
    json!({
        "enable_basic_auth": false,
        "push_gateway": push_gateway_defaults(),
        "collectors": collectors,
    })
}

fn push_gateway_defaults() -> Value {
    json!({
        "enable": false,
        "method": "put",
        "url": "http://127.0.0.1:9091",
        "interval": "15s",
        "headers": {},
        "job_name": "${name}/instance/${name}~${host}",
    })
}

/// A legacy (pre-5.4) body in the recommended shape, as EMQX stores it.
pub(crate) fn legacy_to_recommended(legacy: &Map<String, Value>) -> Value {
    let mut settings = prometheus_defaults();
    let renamed = [
        ("enable", "enable"),
        ("push_gateway_server", "url"),
        ("interval", "interval"),
        ("headers", "headers"),
        ("job_name", "job_name"),
    ];
    for (old, new) in renamed {
        if let Some(value) = legacy.get(old) {
            settings["push_gateway"][new] = value.clone();
        }
    }
    for collector in COLLECTORS {
        if let Some(value) = legacy.get(&format!("{collector}_collector")) {
            settings["collectors"][collector] = value.clone();
        }
    }
    settings
}

/// EMQX's OpenTelemetry defaults: every signal off, the exporter on localhost.
pub(crate) fn opentelemetry_defaults() -> Value {
    json!({
        "exporter": {"endpoint": "http://localhost:4317", "ssl_options": {"enable": false}},
        "metrics": {"enable": false, "interval": "10s"},
        "logs": {"enable": false, "level": "warning", "scheduled_delay": "1s"},
        "traces": {
            "enable": false,
            "max_queue_size": 2048,
            "scheduled_delay": "5s",
            "filter": {
                "trace_mode": "legacy",
                "trace_all": false,
                "e2e_tracing_options": {
                    "cluster_identifier": "emqxcl",
                    "msg_trace_level": 0,
                    "clientid_match_rules_max": 30,
                    "topic_match_rules_max": 30,
                    "sample_ratio": "10%",
                    "client_connect_disconnect": false,
                    "client_subscribe_unsubscribe": false,
                    "client_messaging": false,
                    "follow_traceparent": true,
                },
            },
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_legacy_body_moves_into_the_push_gateway_and_collectors() {
        let legacy = json!({
            "enable": true,
            "push_gateway_server": "http://gw:9091",
            "interval": "30s",
            "job_name": "j",
            "mnesia_collector": "enabled",
        });
        let settings = legacy_to_recommended(legacy.as_object().unwrap());
        assert_eq!(settings["push_gateway"]["enable"], json!(true));
        assert_eq!(settings["push_gateway"]["url"], json!("http://gw:9091"));
        assert_eq!(settings["push_gateway"]["method"], json!("put"));
        assert_eq!(settings["collectors"]["mnesia"], json!("enabled"));
        assert_eq!(settings["collectors"]["vm_dist"], json!("disabled"));
        assert_eq!(settings["enable_basic_auth"], json!(false));
    }

    #[test]
    fn a_whitelist_keeps_each_entry_once_in_order() {
        let mut t = Telemetry::default();
        t.set_whitelist(
            WhitelistKind::ClientId,
            vec!["b".into(), "a".into(), "b".into()],
        );
        assert_eq!(t.whitelist(WhitelistKind::ClientId), ["b", "a"]);
        assert!(t.whitelist(WhitelistKind::Topic).is_empty());
        assert_eq!(t.whitelist_max(WhitelistKind::Topic), 30);
    }
}
