//! A rule engine rule and the metrics matching publishes move.

use serde_json::{Map, Value, json};

use super::node::NODE;

const METRIC_KEYS: [&str; 9] = [
    "matched",
    "passed",
    "failed",
    "failed.exception",
    "failed.unknown",
    "actions.total",
    "actions.success",
    "actions.failed",
    "actions.failed.unknown",
];

#[derive(Debug, Clone)]
pub(crate) struct Rule {
    pub id: String,
    pub name: String,
    pub sql: String,
    pub from: Vec<String>,
    pub actions: Vec<Value>,
    pub enable: bool,
    pub description: String,
    pub metadata: Value,
    pub created_at: String,
    pub last_modified_at: String,
    pub metrics: [u64; 9],
}

impl Rule {
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id, "name": self.name, "sql": self.sql, "from": self.from,
            "actions": self.actions, "enable": self.enable, "description": self.description,
            "metadata": self.metadata, "created_at": self.created_at,
            "last_modified_at": self.last_modified_at,
        })
    }

    /// `"type:name"` references to data-integration actions.
    pub fn action_refs(&self) -> impl Iterator<Item = &str> {
        self.actions.iter().filter_map(Value::as_str)
    }

    /// Does the rule read from the data-integration source `id`? EMQX knows
    /// two exact forms in `FROM`: `$bridges/<id>` and `$sources/<id>`.
    pub fn reads_from(&self, id: &str) -> bool {
        self.from.iter().any(|topic| {
            topic
                .strip_prefix("$bridges/")
                .or_else(|| topic.strip_prefix("$sources/"))
                == Some(id)
        })
    }

    pub fn metrics_json(&self) -> Value {
        let mut m = Map::new();
        for (k, v) in METRIC_KEYS.iter().zip(self.metrics) {
            m.insert((*k).into(), json!(v));
        }
        for k in ["matched.rate", "matched.rate.max", "matched.rate.last5m"] {
            m.insert(k.into(), json!(0.0));
        }
        let mut node = m.clone();
        node.insert("node".into(), json!(NODE));
        json!({"id": self.id, "metrics": m, "node_metrics": [node]})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(from: &[&str]) -> Rule {
        Rule {
            id: "r".into(),
            name: String::new(),
            sql: String::new(),
            from: from.iter().map(|t| (*t).to_owned()).collect(),
            actions: vec![],
            enable: true,
            description: String::new(),
            metadata: json!({}),
            created_at: String::new(),
            last_modified_at: String::new(),
            metrics: [0; 9],
        }
    }

    #[test]
    fn reads_from_matches_both_hookpoints_exactly() {
        assert!(reading(&["$bridges/mqtt:s1"]).reads_from("mqtt:s1"));
        assert!(reading(&["t/#", "$sources/mqtt:s1"]).reads_from("mqtt:s1"));
        assert!(!reading(&["x/mqtt:s1"]).reads_from("mqtt:s1"));
        assert!(!reading(&["$bridges/mqtt:s10"]).reads_from("mqtt:s1"));
        assert!(!reading(&["x/1"]).reads_from("1"));
    }
}
