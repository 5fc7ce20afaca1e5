//! The state of one deployment's broker: simulated clients and their sessions,
//! authentication users, authorization rules, bans, rules, connectors, actions,
//! retained and published messages, and the counters behind `/metrics`.

use std::collections::{HashMap, VecDeque};
use std::time::Instant;

use indexmap::IndexMap;
use serde_json::{Map, Value};
use time::OffsetDateTime;

use super::banned::Ban;
use super::clients::Client;
use super::connectors::{Action, Connector};
use super::metrics::Metrics;
use super::published::PublishedMessage;
use super::retainer::Retained;
use super::rules::Rule;
use crate::timefmt;

/// Node name of the single-node "cluster" every deployment runs.
pub(crate) const NODE: &str = "emqx@127.0.0.1";

#[derive(Debug, Clone)]
pub(crate) struct AuthUser {
    pub password: String,
    pub is_superuser: bool,
}

pub(crate) struct Broker {
    pub started: Instant,
    pub clients: IndexMap<String, Client>,
    pub users: IndexMap<String, AuthUser>,
    pub acl_clients: IndexMap<String, Vec<Value>>,
    pub acl_users: IndexMap<String, Vec<Value>>,
    pub acl_all: Vec<Value>,
    pub banned: IndexMap<(String, String), Ban>,
    pub rules: IndexMap<String, Rule>,
    pub connectors: IndexMap<String, Connector>,
    pub actions: IndexMap<String, Action>,
    pub retained: IndexMap<String, Retained>,
    pub published: VecDeque<PublishedMessage>,
    published_limit: usize,
    pub metrics: Metrics,
    /// High-water marks for the `*.max` stats.
    pub stats_max: HashMap<&'static str, u64>,
    msg_seq: u64,
}

impl Broker {
    pub fn new(published_limit: usize) -> Self {
        Self {
            started: Instant::now(),
            clients: IndexMap::new(),
            users: IndexMap::new(),
            acl_clients: IndexMap::new(),
            acl_users: IndexMap::new(),
            acl_all: Vec::new(),
            banned: IndexMap::new(),
            rules: IndexMap::new(),
            connectors: IndexMap::new(),
            actions: IndexMap::new(),
            retained: IndexMap::new(),
            published: VecDeque::new(),
            published_limit,
            metrics: Metrics::default(),
            stats_max: HashMap::new(),
            msg_seq: 0,
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
        match self.clients.get(clientid) {
            Some(old) if !client.clean_start => {
                client.subs = old.subs.clone();
                client.created_at = old.created_at;
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
        let json = client.to_json();
        self.clients.insert(clientid.to_owned(), client);
        self.observe_stats();
        json
    }

    /// Simulated disconnect: the session stays when it should outlive the connection.
    pub fn disconnect(&mut self, clientid: &str) -> bool {
        let Some(client) = self.clients.get_mut(clientid) else {
            return false;
        };
        self.metrics.incr("client.disconnected", 1);
        if client.connected && client.keeps_session() {
            client.connected = false;
            client.disconnected_at = Some(timefmt::now());
        } else {
            self.clients.shift_remove(clientid);
            self.metrics.incr("session.terminated", 1);
        }
        true
    }

    /// Kick: ends the connection and the session.
    pub fn kick(&mut self, clientid: &str) -> bool {
        if self.clients.shift_remove(clientid).is_none() {
            return false;
        }
        self.metrics.incr("client.disconnected", 1);
        self.metrics.incr("session.terminated", 1);
        true
    }

    /// Distinct route filters (the `$share/<group>/` prefix removed), in first-seen order.
    pub fn routes(&self) -> IndexMap<&str, ()> {
        let mut routes = IndexMap::new();
        for c in self.clients.values() {
            for topic in c.subs.keys() {
                routes.insert(crate::topic::route_filter(topic), ());
            }
        }
        routes
    }

    /// Current gauges for `/stats`; also refreshes the high-water marks.
    pub fn observe_stats(&mut self) -> Vec<(&'static str, u64)> {
        let connected = self.clients.values().filter(|c| c.connected).count() as u64;
        let sessions = self.clients.len() as u64;
        let subs: u64 = self.clients.values().map(|c| c.subs.len() as u64).sum();
        let shared = self
            .clients
            .values()
            .flat_map(|c| c.subs.keys())
            .filter(|t| crate::topic::split_share(t).is_some())
            .count() as u64;
        let subscribers = self.clients.values().filter(|c| !c.subs.is_empty()).count() as u64;
        let topics = self.routes().len() as u64;
        let current = [
            ("channels", sessions),
            ("connections", connected),
            ("live_connections", connected),
            ("cluster_sessions", sessions),
            ("sessions", sessions),
            ("subscriptions", subs),
            ("subscriptions.shared", shared),
            ("suboptions", subs),
            ("subscribers", subscribers),
            ("topics", topics),
            ("retained", self.retained.len() as u64),
            ("delayed", 0),
        ];
        for (k, v) in current {
            let max = self.stats_max.entry(k).or_insert(0);
            *max = (*max).max(v);
        }
        current.to_vec()
    }
}
