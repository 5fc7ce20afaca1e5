//! The state of one deployment's broker: simulated clients and their sessions,
//! authentication users, authorization rules, bans, rules, connectors, actions,
//! retained and published messages, and the counters behind `/metrics`.

use std::collections::VecDeque;
use std::time::Instant;

use indexmap::IndexMap;
use serde_json::{Map, Value};
use time::OffsetDateTime;

use super::alarms::Alarms;
use super::authn::initial_chain;
use super::authz::{default_settings, initial_sources};
use super::ban::Ban;
use super::chain::Chain;
use super::client::Client;
use super::connectors::{Action, Connector};
use super::delayed::Delayed;
use super::listeners::Listeners;
use super::metrics::Metrics;
use super::monitor::Monitor;
use super::mqtt_config::MqttConfig;
use super::pipeline::Pipeline;
use super::published::PublishedMessage;
use super::queues::Queues;
use super::retained::Retained;
use super::rule::Rule;
use super::rule_engine::RuleEngineSettings;
use super::schema_registry::SchemaRegistry;
use super::sessions::Sessions;
use super::slow_subs::SlowSubs;
use super::stats::{HighWater, STAT_NAMES, Stat};
use super::telemetry::Telemetry;
use super::topic_metrics::TopicMetrics;
use super::trace::Traces;
use super::v4::V4Store;
use crate::util::timefmt;

#[derive(Debug, Clone)]
pub(crate) struct AuthUser {
    pub password: String,
    pub is_superuser: bool,
}

pub(crate) struct Broker {
    pub started: Instant,
    pub sessions: Sessions,
    /// Users of the `password_based:built_in_database` authenticator.
    pub users: IndexMap<String, AuthUser>,
    /// Users of the `scram:built_in_database` authenticator.
    pub scram_users: IndexMap<String, AuthUser>,
    /// The authentication chain: authenticators in the order EMQX tries them.
    pub authn: Chain,
    /// Authorization sources by type, in the order EMQX checks them.
    pub authz_sources: Chain,
    pub authz_settings: Value,
    pub acl_clients: IndexMap<String, Vec<Value>>,
    pub acl_users: IndexMap<String, Vec<Value>>,
    pub acl_all: Vec<Value>,
    pub banned: IndexMap<(String, String), Ban>,
    pub rules: IndexMap<String, Rule>,
    pub rule_engine: RuleEngineSettings,
    pub connectors: IndexMap<String, Connector>,
    pub actions: IndexMap<String, Action>,
    pub sources: IndexMap<String, Action>,
    pub validations: Pipeline,
    pub transformations: Pipeline,
    pub schema_registry: SchemaRegistry,
    pub retained: IndexMap<String, Retained>,
    pub published: VecDeque<PublishedMessage>,
    published_limit: usize,
    pub metrics: Metrics,
    /// What only the EMQX 4 API configures (a v4 deployment's auth tables...).
    pub v4: V4Store,
    pub listeners: Listeners,
    pub delayed: Delayed,
    pub mqtt: MqttConfig,
    /// In-flight windows and queues of the sessions that have any.
    pub queues: IndexMap<String, Queues>,
    /// High-water marks for the `*.max` stats.
    stats_max: HighWater,
    msg_seq: u64,
    pub alarms: Alarms,
    pub monitor: Monitor,
    pub topic_metrics: TopicMetrics,
    pub slow_subs: SlowSubs,
    pub traces: Traces,
    pub telemetry: Telemetry,
}

impl Broker {
    pub fn new(published_limit: usize) -> Self {
        Self {
            started: Instant::now(),
            sessions: Sessions::default(),
            users: IndexMap::new(),
            scram_users: IndexMap::new(),
            authn: initial_chain(),
            authz_sources: initial_sources(),
            authz_settings: default_settings(),
            acl_clients: IndexMap::new(),
            acl_users: IndexMap::new(),
            acl_all: Vec::new(),
            banned: IndexMap::new(),
            rules: IndexMap::new(),
            rule_engine: RuleEngineSettings::default(),
            connectors: IndexMap::new(),
            actions: IndexMap::new(),
            sources: IndexMap::new(),
            validations: Pipeline::default(),
            transformations: Pipeline::default(),
            schema_registry: SchemaRegistry::default(),
            retained: IndexMap::new(),
            published: VecDeque::new(),
            published_limit,
            metrics: Metrics::default(),
            v4: V4Store::default(),
            listeners: Listeners::default(),
            delayed: Delayed::default(),
            mqtt: MqttConfig::default(),
            queues: IndexMap::new(),
            stats_max: HighWater::default(),
            msg_seq: 0,
            alarms: Alarms::default(),
            monitor: Monitor::default(),
            topic_metrics: TopicMetrics::default(),
            slow_subs: SlowSubs::default(),
            traces: Traces::default(),
            telemetry: Telemetry::default(),
        }
    }

    /// A message id in EMQX's shape: 32 uppercase hex digits, time-ordered.
    pub fn next_message_id(&mut self) -> String {
        self.msg_seq += 1;
        let micros = (OffsetDateTime::now_utc().unix_timestamp_nanos() / 1000) as u64;
        format!(
            "{micros:016X}{:08X}{:08X}",
            0x00E5_0000u32, self.msg_seq as u32
        )
    }

    pub fn record_published(&mut self, msg: PublishedMessage) {
        if self.published_limit == 0 {
            return;
        }
        if self.published.len() >= self.published_limit {
            self.published.pop_front();
        }
        self.published.push_back(msg);
    }

    /// Simulated MQTT CONNECT. An existing client id is taken over.
    pub fn connect(
        &mut self,
        clientid: &str,
        username: Option<&str>,
        attrs: Map<String, Value>,
    ) -> Value {
        let now = timefmt::now();
        let mut client = Client::new(clientid, username, now, attrs);
        let mut resumed = false;
        match self.sessions.get(clientid) {
            Some(old) if !client.clean_start => {
                client.subs = old.subs.clone();
                client.created_at = old.created_at;
                resumed = true;
                self.metrics.incr("session.resumed", 1);
            }
            Some(_) => {
                self.metrics.incr("session.discarded", 1);
                self.metrics.incr("session.created", 1);
            }
            None => self.metrics.incr("session.created", 1),
        }
        for key in [
            "client.connect",
            "client.connack",
            "client.connected",
            "client.authenticate",
            "packets.connect.received",
            "packets.connack.sent",
        ] {
            self.metrics.incr(key, 1);
        }
        self.sessions.insert(client);
        self.after_connect(clientid, resumed);
        let json = self.sessions.get(clientid).map(Client::to_json);
        self.observe_stats();
        self.check_alarms();
        json.unwrap_or_default()
    }

    /// Simulated disconnect: the session stays when it should outlive the connection.
    pub fn disconnect(&mut self, clientid: &str) -> bool {
        let Some(client) = self.sessions.get(clientid) else {
            return false;
        };
        self.metrics.incr("client.disconnected", 1);
        if client.connected && client.keeps_session() {
            self.sessions.mark_disconnected(clientid, timefmt::now());
        } else {
            self.sessions.remove(clientid);
            self.forget_queues(clientid);
            self.metrics.incr("session.terminated", 1);
        }
        self.check_alarms();
        true
    }

    /// Kick: ends the connection and the session.
    pub fn kick(&mut self, clientid: &str) -> bool {
        if self.sessions.remove(clientid).is_none() {
            return false;
        }
        self.forget_queues(clientid);
        self.metrics.incr("client.disconnected", 1);
        self.metrics.incr("session.terminated", 1);
        self.check_alarms();
        true
    }

    /// Distinct route filters (the `$share/<group>/` prefix removed), in first-seen order.
    pub fn routes(&self) -> IndexMap<&str, ()> {
        let mut routes = IndexMap::new();
        for c in self.sessions.values() {
            for topic in c.subs.keys() {
                routes.insert(crate::util::topic::route_filter(topic), ());
            }
        }
        routes
    }

    /// Current gauges for `/stats`; also refreshes the high-water marks. Every
    /// value is kept as the state changes (see [`Sessions`]), so this is cheap
    /// enough to run on each connect and subscribe.
    pub fn observe_stats(&mut self) -> [Stat; STAT_NAMES.len()] {
        let g = self.sessions.gauges();
        let sessions = self.sessions.len() as u64;
        // In `STAT_NAMES` order.
        let counts = [
            sessions,
            g.connected,
            g.connected,
            sessions,
            sessions,
            g.subscriptions,
            g.shared_subscriptions,
            g.subscriptions,
            g.subscribers,
            self.sessions.topic_count(),
            self.retained.len() as u64,
            0,
        ];
        self.stats_max.observe(counts)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Map, json};

    use super::*;
    use crate::model::deployment::client::SubOpts;
    use crate::util::topic;

    /// `/stats` counts by a scan of every client: the reference the kept
    /// gauges must equal.
    fn counts_by_full_scan(b: &Broker) -> [u64; STAT_NAMES.len()] {
        let clients: Vec<&Client> = b.sessions.values().collect();
        let connected = clients.iter().filter(|c| c.connected).count() as u64;
        let sessions = clients.len() as u64;
        let filters = || clients.iter().flat_map(|c| c.subs.keys());
        let subs = filters().count() as u64;
        let shared = filters()
            .filter(|t| topic::split_share(t).is_some())
            .count() as u64;
        let subscribers = clients.iter().filter(|c| !c.subs.is_empty()).count() as u64;
        let topics = b.routes().len() as u64;
        [
            sessions,
            connected,
            connected,
            sessions,
            sessions,
            subs,
            shared,
            subs,
            subscribers,
            topics,
            b.retained.len() as u64,
            0,
        ]
    }

    /// A random mix of connects (fresh, takeovers, resumed sessions),
    /// disconnects, kicks, subscribes, unsubscribes and retained messages:
    /// after each, `/stats` (counts and maxes) equals a full recount.
    #[test]
    fn stats_equal_a_full_recount_after_random_operations() {
        const FILTERS: [&str; 7] = [
            "s/1",
            "s/+",
            "#",
            "$share/g/s/1",
            "$share/h/s/+",
            "$queue/s/1",
            "other",
        ];
        let mut rng = fastrand::Rng::with_seed(0xE4_0C0A7);
        let mut b = Broker::new(0);
        let mut max_by_scan = [0u64; STAT_NAMES.len()];
        for step in 0..5_000 {
            let id = format!("c{}", rng.usize(..30));
            let filter = FILTERS[rng.usize(..FILTERS.len())];
            match rng.u8(..8) {
                0 | 1 => {
                    let mut attrs = Map::new();
                    attrs.insert("clean_start".into(), json!(rng.bool()));
                    attrs.insert("expiry_interval".into(), json!(rng.u64(..2) * 60));
                    b.connect(&id, None, attrs);
                }
                2 => {
                    b.disconnect(&id);
                }
                3 => {
                    b.kick(&id);
                }
                4 | 5 => {
                    b.sessions
                        .subscribe(&id, filter.to_owned(), SubOpts::default());
                }
                6 => {
                    b.sessions.unsubscribe(&id, filter);
                }
                _ => {
                    let topic = format!("r/{}", rng.usize(..5));
                    if rng.bool() {
                        b.retained.insert(
                            topic.clone(),
                            Retained::new(String::new(), &topic, vec![1], 0),
                        );
                    } else {
                        b.retained.shift_remove(&topic);
                    }
                }
            }
            let scanned = counts_by_full_scan(&b);
            for (max, count) in max_by_scan.iter_mut().zip(scanned) {
                *max = (*max).max(count);
            }
            let stats = b.observe_stats();
            let counts: Vec<u64> = stats.iter().map(|s| s.count).collect();
            let maxes: Vec<u64> = stats.iter().map(|s| s.max).collect();
            assert_eq!(counts, scanned, "counts at step {step}");
            assert_eq!(maxes, max_by_scan, "maxes at step {step}");
        }
        assert!(max_by_scan[1] > 5, "the mix reached many connections");
    }
}
