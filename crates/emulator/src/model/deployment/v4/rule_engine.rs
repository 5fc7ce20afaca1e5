//! EMQX 4's rule engine: resources (instances of a resource type), rules
//! (SQL plus action instances) and the counters matching publishes move.

use indexmap::IndexMap;
use serde_json::{Map, Value, json};

use crate::model::deployment::node::NODE;
use crate::util::topic;

pub(crate) struct Resource {
    pub id: String,
    pub kind: String,
    pub config: Map<String, Value>,
    pub description: String,
}

impl Resource {
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id, "type": self.kind, "config": self.config,
            "description": self.description,
            "status": [{"node": NODE, "is_alive": true}],
        })
    }
}

/// One action of a rule, with its counters.
pub(crate) struct ActionInstance {
    pub id: String,
    pub name: String,
    pub params: Map<String, Value>,
    pub success: u64,
}

pub(crate) struct V4Rule {
    pub id: String,
    pub rawsql: String,
    /// The topics of the SQL's `FROM`.
    pub from: Vec<String>,
    pub actions: Vec<ActionInstance>,
    pub description: String,
    pub enabled: bool,
    /// Unix time in microseconds.
    pub created_at: i64,
    pub matched: u64,
}

impl V4Rule {
    pub fn to_json(&self) -> Value {
        let actions: Vec<Value> = self
            .actions
            .iter()
            .map(|a| {
                json!({
                    "id": a.id, "name": a.name, "params": a.params,
                    "metrics": [{"node": NODE, "success": a.success, "failed": 0}],
                })
            })
            .collect();
        json!({
            "id": self.id,
            "rawsql": self.rawsql,
            "for": self.from,
            "metrics": [{
                "node": NODE, "matched": self.matched,
                "speed": 0.0, "speed_max": 0, "speed_last5m": 0.0,
            }],
            "description": self.description,
            "enabled": self.enabled,
            "created_at": self.created_at,
            "actions": actions,
        })
    }
}

/// The rule engine's state on one broker.
#[derive(Default)]
pub(crate) struct RuleEngine {
    pub resources: IndexMap<String, Resource>,
    pub rules: IndexMap<String, V4Rule>,
}

impl RuleEngine {
    /// Counts a published message against every enabled rule whose `FROM`
    /// matches it, and against that rule's actions.
    pub fn on_publish(&mut self, published: &str) {
        for rule in self.rules.values_mut().filter(|r| r.enabled) {
            if rule.from.iter().any(|f| topic::matches(published, f)) {
                rule.matched += 1;
                for action in &mut rule.actions {
                    action.success += 1;
                }
            }
        }
    }
}
