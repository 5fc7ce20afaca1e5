//! EMQX 4 `emqx_acl_mnesia` rules: one rule per (target, topic), where the
//! target is a client id, a username or `$all`.

use serde_json::{Map, Value, json};

/// Whom a rule is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    Clientid(String),
    Username(String),
    All,
}

impl Target {
    /// The key and value the rule's JSON names its target with.
    pub fn field(&self) -> (&'static str, &str) {
        match self {
            Target::Clientid(id) => ("clientid", id),
            Target::Username(name) => ("username", name),
            Target::All => ("all", "$all"),
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct AclRule {
    pub target: Target,
    pub topic: String,
    /// `sub`, `pub` or `pubsub`.
    pub action: &'static str,
    /// `allow` or `deny`.
    pub access: &'static str,
}

impl AclRule {
    pub fn to_json(&self) -> Value {
        let (key, who) = self.target.field();
        let mut obj = Map::new();
        obj.insert(key.into(), json!(who));
        obj.insert("topic".into(), json!(self.topic));
        obj.insert("action".into(), json!(self.action));
        obj.insert("access".into(), json!(self.access));
        Value::Object(obj)
    }
}

/// The rules, in insertion order.
#[derive(Debug, Default)]
pub(crate) struct AclTable {
    rules: Vec<AclRule>,
}

impl AclTable {
    /// Adds a rule, replacing the one with the same target and topic.
    pub fn put(&mut self, rule: AclRule) {
        match self
            .rules
            .iter_mut()
            .find(|r| r.target == rule.target && r.topic == rule.topic)
        {
            Some(existing) => *existing = rule,
            None => self.rules.push(rule),
        }
    }

    /// Rules whose target has the kind of `like` (its id ignored).
    pub fn of_kind(&self, like: &Target) -> Vec<&AclRule> {
        let kind = std::mem::discriminant(like);
        self.rules
            .iter()
            .filter(|r| std::mem::discriminant(&r.target) == kind)
            .collect()
    }

    pub fn of(&self, target: &Target) -> Vec<&AclRule> {
        self.rules.iter().filter(|r| r.target == *target).collect()
    }

    /// Removes the rule; whether there was one.
    pub fn remove(&mut self, target: &Target, topic: &str) -> bool {
        let before = self.rules.len();
        self.rules
            .retain(|r| !(r.target == *target && r.topic == topic));
        self.rules.len() != before
    }
}
