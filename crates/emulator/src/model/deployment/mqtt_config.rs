//! Broker settings the MQTT-extension endpoints configure: auto subscribe
//! (topics every connecting client is subscribed to), topic rewrite (rules
//! applied to published topics) and the retainer's settings.

use regex::Regex;
use serde_json::{Value, json};

use super::client::SubOpts;
use crate::util::topic;

/// EMQX's limit on auto-subscribe topics and on topic-rewrite rules.
pub(crate) const MAX_ENTRIES: usize = 20;

/// One auto-subscribe topic; `${clientid}`, `${username}`, `${host}` and
/// `${port}` are filled per client.
#[derive(Debug, Clone)]
pub(crate) struct AutoTopic {
    pub topic: String,
    pub opts: SubOpts,
}

impl AutoTopic {
    pub fn to_json(&self) -> Value {
        let o = self.opts;
        json!({"topic": self.topic, "qos": o.qos, "rh": o.rh, "rap": o.rap, "nl": o.nl})
    }

    /// The filter for one client.
    pub fn filter_for(&self, clientid: &str, username: &str, host: &str, port: u64) -> String {
        self.topic
            .replace("${clientid}", clientid)
            .replace("${username}", username)
            .replace("${host}", host)
            .replace("${port}", &port.to_string())
    }
}

/// One topic-rewrite rule: topics matching `source_topic` and `re` become `dest_topic`
/// (`$1`... are the regex's groups).
#[derive(Debug, Clone)]
pub(crate) struct RewriteRule {
    pub action: String,
    pub source_topic: String,
    pub dest_topic: String,
    pub re: Regex,
}

impl RewriteRule {
    pub fn to_json(&self) -> Value {
        json!({"action": self.action, "source_topic": self.source_topic,
            "dest_topic": self.dest_topic, "re": self.re.as_str()})
    }
}

#[derive(Debug, Clone)]
pub(crate) struct MqttConfig {
    pub auto_subscribe: Vec<AutoTopic>,
    pub rewrite: Vec<RewriteRule>,
    pub retainer: Value,
}

impl Default for MqttConfig {
    fn default() -> Self {
        Self {
            auto_subscribe: Vec::new(),
            rewrite: Vec::new(),
            retainer: default_retainer(),
        }
    }
}

/// The retainer's settings as EMQX 5.8 ships them; a `PUT` fills what it
/// leaves out from these.
pub(crate) fn default_retainer() -> Value {
    json!({
        "enable": true,
        "msg_expiry_interval": "0s",
        "msg_expiry_interval_override": "disabled",
        "allow_never_expire": true,
        "msg_clear_interval": "0s",
        "max_payload_size": "1MB",
        "stop_publish_clear_msg": false,
        "delivery_rate": "1000/s",
        "max_publish_rate": "1000/s",
        "backend": {"type": "built_in_database", "storage_type": "ram",
            "max_retained_messages": 0,
            "index_specs": [[1, 2, 3], [1, 3], [2, 3], [3]], "enable": true},
    })
}

impl MqttConfig {
    /// The topic a publish to `name` goes to: the first rule for publishes
    /// whose `source_topic` matches decides, as in EMQX (no match of its
    /// regex leaves the topic as it is).
    pub fn rewrite_published(&self, name: &str) -> String {
        let rule = self
            .rewrite
            .iter()
            .filter(|r| r.action != "subscribe")
            .find(|r| topic::matches(name, &r.source_topic));
        let Some(rule) = rule else {
            return name.to_owned();
        };
        match rule.re.captures(name) {
            Some(caps) => {
                let mut dest = rule.dest_topic.clone();
                // Highest group first, so `$1` does not eat the start of `$10`.
                for i in (1..caps.len()).rev() {
                    let text = caps.get(i).map_or("", |m| m.as_str());
                    dest = dest.replace(&format!("${i}"), text);
                }
                dest
            }
            None => name.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(action: &str, source: &str, dest: &str, re: &str) -> RewriteRule {
        RewriteRule {
            action: action.into(),
            source_topic: source.into(),
            dest_topic: dest.into(),
            re: Regex::new(re).expect("a valid regex"),
        }
    }

    #[test]
    fn the_first_matching_publish_rule_rewrites() {
        let c = MqttConfig {
            rewrite: vec![
                rule("subscribe", "x/#", "never/$1", "^x/(.+)$"),
                rule("all", "x/#", "z/$2/$1", "^x/(.+)/(.+)$"),
                rule("publish", "x/#", "later/$1", "^x/(.+)$"),
            ],
            ..MqttConfig::default()
        };
        assert_eq!(c.rewrite_published("x/a/b"), "z/b/a");
        assert_eq!(c.rewrite_published("x/a"), "x/a", "regex does not match");
        assert_eq!(c.rewrite_published("y/a"), "y/a");
    }
}
