//! What stopping a deployment does to its broker: the cluster goes down.
//!
//! Every connection closes, and every session ends with it, the ones kept
//! across disconnects too: EMQX keeps sessions in memory unless they are
//! durable, and the emulator's never are (`durable: false`). Their
//! subscriptions go with them, and so do the routes behind `/topics`.
//!
//! What was configured survives the stop and start: authentication users,
//! authorization rules, bans, rules, connectors and actions. Retained messages
//! are kept too. (Open-source EMQX's default `retainer.backend.storage_type` is
//! `ram`, which would lose them; what EMQX Cloud sets is not documented, and
//! the emulator treats them as data a hosted deployment keeps.) The counters
//! of `/metrics` and the `*.max` marks of `/stats` are kept as well, with the
//! ended connections and sessions counted, so they add up across the stop.

use super::broker::Broker;

impl Broker {
    /// The deployment was stopped: see the module documentation.
    pub fn shut_down(&mut self) {
        let connections = self.sessions.gauges().connected;
        let sessions = self.sessions.len() as u64;
        self.sessions.clear();
        self.queues.clear();
        self.metrics.incr("client.disconnected", connections);
        self.metrics.incr("session.terminated", sessions);
        self.observe_stats();
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Map, json};

    use super::*;
    use crate::model::deployment::broker::AuthUser;
    use crate::model::deployment::client::SubOpts;
    use crate::model::deployment::retained::Retained;
    use crate::model::deployment::sessions::SessionGauges;

    fn attrs(v: serde_json::Value) -> Map<String, serde_json::Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn sessions_go_and_configuration_stays() {
        let mut b = Broker::new(0);
        b.connect("live", None, Map::new());
        let keeps_session = json!({"clean_start": false, "expiry_interval": 3600});
        b.connect("kept", None, attrs(keeps_session.clone()));
        b.sessions
            .subscribe("live", "t/1".into(), SubOpts::default());
        b.sessions
            .subscribe("kept", "$share/g/t/2".into(), SubOpts::default());
        b.disconnect("kept");
        assert_eq!(b.sessions.len(), 2, "kept outlives its connection");
        b.users.insert(
            "alice".into(),
            AuthUser {
                password: "p".into(),
                is_superuser: false,
            },
        );
        b.acl_all
            .push(json!({"topic": "#", "action": "all", "permission": "deny"}));
        b.retained
            .insert("r".into(), Retained::new(String::new(), "r", vec![1], 0));
        let disconnected = b.metrics.get("client.disconnected");
        let terminated = b.metrics.get("session.terminated");

        b.shut_down();

        assert_eq!(b.sessions.len(), 0);
        assert_eq!(b.sessions.gauges(), &SessionGauges::default());
        assert_eq!(b.sessions.topic_count(), 0);
        assert!(b.routes().is_empty());
        assert_eq!(b.metrics.get("client.disconnected"), disconnected + 1);
        assert_eq!(b.metrics.get("session.terminated"), terminated + 2);
        assert_eq!(
            (b.users.len(), b.acl_all.len(), b.retained.len()),
            (1, 1, 1),
            "configuration and retained messages stay"
        );
        let stats = b.observe_stats();
        assert_eq!((stats[1].count, stats[1].max), (0, 2), "connections");

        // Reconnecting with clean_start off finds no session to resume.
        let client = b.connect("kept", None, attrs(keeps_session));
        assert_eq!(client["subscriptions_cnt"], 0);
        assert_eq!(b.sessions.gauges().subscriptions, 0);
    }
}
