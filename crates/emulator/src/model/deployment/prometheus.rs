//! The metric families behind the Prometheus endpoints, read from the
//! broker's state: `/stats`' gauges and `/metrics`' counters, the
//! authenticators and authorization sources, rules, actions and connectors,
//! schema validations and message transformations. The API renders them as
//! text exposition or JSON.

use super::authn::{PASSWORD_BUILT_IN, SCRAM_BUILT_IN};
use super::broker::Broker;
use super::pipeline::Pipeline;

/// Which endpoint is scraped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scrape {
    Stats,
    Auth,
    DataIntegration,
    SchemaValidation,
    MessageTransformation,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MetricType {
    Gauge,
    Counter,
}

impl MetricType {
    pub fn name(self) -> &'static str {
        match self {
            Self::Gauge => "gauge",
            Self::Counter => "counter",
        }
    }
}

/// One value, with the label naming what it counts (a rule id, an authenticator...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sample {
    pub label: Option<(&'static str, String)>,
    pub value: u64,
}

/// One metric family; `group` is the key its values go under in the JSON form.
#[derive(Debug, Clone)]
pub(crate) struct Family {
    pub name: String,
    pub kind: MetricType,
    pub group: &'static str,
    pub samples: Vec<Sample>,
}

fn single(name: String, kind: MetricType, group: &'static str, value: u64) -> Family {
    Family {
        name,
        kind,
        group,
        samples: vec![Sample { label: None, value }],
    }
}

/// One family per metric name, a sample per labelled item.
struct Labelled {
    label: &'static str,
    families: Vec<Family>,
}

impl Labelled {
    fn new(group: &'static str, label: &'static str, names: &[(&str, MetricType)]) -> Self {
        let families = names
            .iter()
            .map(|(name, kind)| Family {
                name: (*name).to_owned(),
                kind: *kind,
                group,
                samples: Vec::new(),
            })
            .collect();
        Self { label, families }
    }

    /// The values of one item, in the order of the names given to `new`.
    fn add(&mut self, id: &str, values: &[u64]) {
        for (family, value) in self.families.iter_mut().zip(values) {
            family.samples.push(Sample {
                label: Some((self.label, id.to_owned())),
                value: *value,
            });
        }
    }
}

use MetricType::{Counter, Gauge};

/// The families `scrape` answers, from the broker's current state.
pub(crate) fn families(b: &mut Broker, scrape: Scrape) -> Vec<Family> {
    match scrape {
        Scrape::Stats => stats(b),
        Scrape::Auth => auth(b),
        Scrape::DataIntegration => data_integration(b),
        Scrape::SchemaValidation => pipeline(
            &b.validations,
            "schema_validation",
            "validation_name",
            "emqx_schema_validation",
            "passed",
        ),
        Scrape::MessageTransformation => pipeline(
            &b.transformations,
            "message_transformation",
            "transformation_name",
            "emqx_message_transformation",
            "succeeded",
        ),
    }
}

fn stats(b: &mut Broker) -> Vec<Family> {
    let mut out = Vec::new();
    for stat in b.observe_stats() {
        let base = format!("emqx_{}", stat.name.replace('.', "_"));
        out.push(single(format!("{base}_count"), Gauge, "stats", stat.count));
        out.push(single(format!("{base}_max"), Gauge, "stats", stat.max));
    }
    for (key, value) in b.metrics.to_map() {
        // `bytes.*` sit with the packets, as in EMQX's JSON form.
        let group = match key.split('.').next().unwrap_or("") {
            "bytes" | "packets" => "packets",
            "messages" => "messages",
            "delivery" => "delivery",
            "client" => "client",
            "session" => "session",
            "authorization" => "acl",
            "authentication" => "authn",
            _ => "olp",
        };
        let name = format!("emqx_{}", key.replace('.', "_"));
        out.push(single(name, Counter, group, value.as_u64().unwrap_or(0)));
    }
    let uptime = b.started.elapsed().as_secs();
    out.push(single("emqx_vm_uptime".into(), Gauge, "metrics", uptime));
    out.push(single("emqx_vm_run_queue".into(), Gauge, "metrics", 0));
    out.push(single(
        "emqx_cluster_nodes_running".into(),
        Gauge,
        "cluster",
        1,
    ));
    out.push(single(
        "emqx_cluster_nodes_stopped".into(),
        Gauge,
        "cluster",
        0,
    ));
    out
}

fn enabled(config: &serde_json::Value) -> u64 {
    u64::from(config["enable"].as_bool().unwrap_or(true))
}

fn auth(b: &Broker) -> Vec<Family> {
    let mut authn = Labelled::new(
        "emqx_authn",
        "id",
        &[
            ("emqx_authn_enable", Gauge),
            ("emqx_authn_status", Gauge),
            ("emqx_authn_users_count", Gauge),
        ],
    );
    for (id, config) in b.authn.iter() {
        let users = match id.as_str() {
            PASSWORD_BUILT_IN => b.users.len(),
            SCRAM_BUILT_IN => b.scram_users.len(),
            _ => 0,
        };
        // An enabled authenticator is connected: the emulator reaches no backend.
        authn.add(id, &[enabled(config), enabled(config), users as u64]);
    }
    let mut authz = Labelled::new(
        "emqx_authz",
        "type",
        &[
            ("emqx_authz_enable", Gauge),
            ("emqx_authz_status", Gauge),
            ("emqx_authz_rules_count", Gauge),
        ],
    );
    for (kind, config) in b.authz_sources.iter() {
        let rules = if kind == "built_in_database" {
            let listed = b.acl_clients.values().chain(b.acl_users.values());
            listed.map(Vec::len).sum::<usize>() + b.acl_all.len()
        } else {
            0
        };
        authz.add(kind, &[enabled(config), enabled(config), rules as u64]);
    }
    let mut out = authn.families;
    out.extend(authz.families);
    out.push(single(
        "emqx_banned_count".into(),
        Gauge,
        "emqx_banned",
        b.banned.len() as u64,
    ));
    out
}

fn data_integration(b: &Broker) -> Vec<Family> {
    let counts = [
        ("emqx_rules_count", b.rules.len()),
        ("emqx_actions_count", b.actions.len()),
        ("emqx_connectors_count", b.connectors.len()),
        (
            "emqx_schema_registrys_count",
            b.schema_registry.schemas.len(),
        ),
    ];
    let mut out: Vec<Family> = counts
        .iter()
        .map(|(name, n)| single((*name).to_owned(), Gauge, "counts", *n as u64))
        .collect();
    let mut rules = Labelled::new(
        "rules",
        "id",
        &[
            ("emqx_rule_enable", Gauge),
            ("emqx_rule_matched", Counter),
            ("emqx_rule_passed", Counter),
            ("emqx_rule_failed", Counter),
            ("emqx_rule_actions_total", Counter),
            ("emqx_rule_actions_success", Counter),
            ("emqx_rule_actions_failed", Counter),
        ],
    );
    for rule in b.rules.values() {
        let m = rule.metrics;
        rules.add(
            &rule.id,
            &[u64::from(rule.enable), m[0], m[1], m[2], m[5], m[6], m[7]],
        );
    }
    let mut actions = Labelled::new(
        "actions",
        "id",
        &[
            ("emqx_action_enable", Gauge),
            ("emqx_action_matched", Counter),
            ("emqx_action_success", Counter),
            ("emqx_action_failed", Counter),
        ],
    );
    for action in b.actions.values() {
        let [matched, success, failed] = action.metrics;
        let id = format!("{}:{}", action.kind, action.name);
        actions.add(&id, &[u64::from(action.enable), matched, success, failed]);
    }
    let mut connectors = Labelled::new(
        "connectors",
        "id",
        &[
            ("emqx_connector_enable", Gauge),
            ("emqx_connector_status", Gauge),
        ],
    );
    for c in b.connectors.values() {
        let on = u64::from(c.enable);
        connectors.add(&format!("{}:{}", c.kind, c.name), &[on, on]);
    }
    out.extend(rules.families);
    out.extend(actions.families);
    out.extend(connectors.families);
    out
}

/// Schema validations (`passed`) or message transformations (`succeeded`).
fn pipeline(
    items: &Pipeline,
    group: &'static str,
    label: &'static str,
    prefix: &str,
    success: &str,
) -> Vec<Family> {
    let names = [
        (format!("{prefix}_enable"), Gauge),
        (format!("{prefix}_matched"), Counter),
        (format!("{prefix}_{success}"), Counter),
        (format!("{prefix}_failed"), Counter),
    ];
    let borrowed: Vec<(&str, MetricType)> = names.iter().map(|(n, k)| (n.as_str(), *k)).collect();
    let mut families = Labelled::new(group, label, &borrowed);
    for (name, item) in &items.items {
        let enable = item
            .config
            .get("enable")
            .and_then(serde_json::Value::as_bool);
        let [matched, succeeded, failed] = item.metrics;
        let on = u64::from(enable.unwrap_or(true));
        families.add(name, &[on, matched, succeeded, failed]);
    }
    families.families
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats_counts_the_connected_clients() {
        let mut b = Broker::new(10);
        b.connect("c1", None, serde_json::Map::new());
        let families = families(&mut b, Scrape::Stats);
        let connections = families
            .iter()
            .find(|f| f.name == "emqx_connections_count")
            .unwrap();
        assert_eq!(connections.samples[0].value, 1);
        assert_eq!(connections.kind, Gauge);
        let received = families
            .iter()
            .find(|f| f.name == "emqx_messages_received")
            .unwrap();
        assert_eq!((received.kind, received.group), (Counter, "messages"));
    }

    #[test]
    fn auth_labels_each_authenticator_by_id() {
        let mut b = Broker::new(10);
        let families = families(&mut b, Scrape::Auth);
        let enable = families
            .iter()
            .find(|f| f.name == "emqx_authn_enable")
            .unwrap();
        assert_eq!(
            enable.samples,
            [Sample {
                label: Some(("id", PASSWORD_BUILT_IN.to_owned())),
                value: 1
            }]
        );
    }
}
