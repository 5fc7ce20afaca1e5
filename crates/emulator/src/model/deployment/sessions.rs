//! The simulated clients (sessions) of one broker, with the gauges `/stats`
//! reports kept up to date as they change.
//!
//! Recounting every client on each change would make connecting n clients
//! O(n²); every change here adjusts the gauges by the difference it makes
//! instead, so a connect, disconnect, kick, subscribe or unsubscribe costs
//! the same however many clients there are (removing one is O(log n), see
//! [`ClientTable`]). The client table is private so no caller can change a
//! client behind the gauges' back.

use std::collections::HashMap;

use time::OffsetDateTime;

use super::client::{Client, SubOpts};
use super::client_table::ClientTable;
use crate::util::topic;

/// The client-derived gauges of `/stats`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct SessionGauges {
    /// Clients with a live connection.
    pub connected: u64,
    /// Subscriptions, counting each (client, filter) pair once.
    pub subscriptions: u64,
    /// Subscriptions to `$share/...` or `$queue/...` filters.
    pub shared_subscriptions: u64,
    /// Clients with at least one subscription.
    pub subscribers: u64,
}

#[derive(Default)]
pub(crate) struct Sessions {
    clients: ClientTable,
    gauges: SessionGauges,
    /// How many subscriptions route through each filter (the `$share/<group>/`
    /// prefix removed); a filter is a topic of `/topics` while its count is > 0.
    route_refs: HashMap<String, u64>,
}

impl Sessions {
    pub fn len(&self) -> usize {
        self.clients.len()
    }

    pub fn get(&self, clientid: &str) -> Option<&Client> {
        self.clients.get(clientid)
    }

    /// Clients in the order they first connected.
    pub fn values(&self) -> impl Iterator<Item = &Client> {
        self.clients.values()
    }

    pub fn gauges(&self) -> &SessionGauges {
        &self.gauges
    }

    /// Distinct route filters, the `topics` gauge.
    pub fn topic_count(&self) -> u64 {
        self.route_refs.len() as u64
    }

    pub fn has_route(&self, filter: &str) -> bool {
        self.route_refs.contains_key(filter)
    }

    /// Adds a client, or replaces the one with the same id in its place.
    pub fn insert(&mut self, client: Client) {
        self.account(&client, Change::Add);
        if let Some(old) = self.clients.insert(client) {
            self.account(&old, Change::Remove);
        }
    }

    pub fn remove(&mut self, clientid: &str) -> Option<Client> {
        let old = self.clients.remove(clientid)?;
        self.account(&old, Change::Remove);
        Some(old)
    }

    /// Every client and session goes at once (the broker stops).
    pub fn clear(&mut self) {
        *self = Self::default();
    }

    /// The connection ends and the session stays.
    pub fn mark_disconnected(&mut self, clientid: &str, at: OffsetDateTime) {
        if let Some(c) = self.clients.get_mut(clientid)
            && c.connected
        {
            c.connected = false;
            c.disconnected_at = Some(at);
            self.gauges.connected -= 1;
        }
    }

    /// Adds or updates one subscription; `false` when the client is unknown.
    pub fn subscribe(&mut self, clientid: &str, filter: String, opts: SubOpts) -> bool {
        let Some(c) = self.clients.get_mut(clientid) else {
            return false;
        };
        let was_subscriber = !c.subs.is_empty();
        if c.subs.insert(filter.clone(), opts).is_some() {
            // Only its options changed.
            return true;
        }
        self.gauges.subscribers += u64::from(!was_subscriber);
        self.count_subscription(&filter, Change::Add);
        true
    }

    /// Removes one subscription; `true` when there was one.
    pub fn unsubscribe(&mut self, clientid: &str, filter: &str) -> bool {
        let Some(c) = self.clients.get_mut(clientid) else {
            return false;
        };
        if c.subs.shift_remove(filter).is_none() {
            return false;
        }
        self.gauges.subscribers -= u64::from(c.subs.is_empty());
        self.count_subscription(filter, Change::Remove);
        true
    }

    /// A message was delivered to this client at this QoS.
    pub fn record_sent(&mut self, clientid: &str, qos: usize) {
        if let Some(c) = self.clients.get_mut(clientid) {
            c.send_msg[qos] += 1;
        }
    }

    /// Adds or takes away everything one client contributes to the gauges.
    fn account(&mut self, client: &Client, change: Change) {
        let apply = |gauge: &mut u64, n: u64| change.apply(gauge, n);
        apply(&mut self.gauges.connected, u64::from(client.connected));
        apply(
            &mut self.gauges.subscribers,
            u64::from(!client.subs.is_empty()),
        );
        for filter in client.subs.keys() {
            self.count_subscription(filter, change);
        }
    }

    fn count_subscription(&mut self, filter: &str, change: Change) {
        change.apply(&mut self.gauges.subscriptions, 1);
        change.apply(
            &mut self.gauges.shared_subscriptions,
            u64::from(topic::split_share(filter).is_some()),
        );
        let route = topic::route_filter(filter);
        match change {
            Change::Add => *self.route_refs.entry(route.to_owned()).or_insert(0) += 1,
            Change::Remove => {
                if let Some(refs) = self.route_refs.get_mut(route) {
                    *refs -= 1;
                    if *refs == 0 {
                        self.route_refs.remove(route);
                    }
                }
            }
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Change {
    Add,
    Remove,
}

impl Change {
    fn apply(self, gauge: &mut u64, n: u64) {
        match self {
            Change::Add => *gauge += n,
            Change::Remove => *gauge -= n,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::Map;

    /// The gauges and routes recounted from scratch: the reference the kept
    /// gauges must equal.
    pub(crate) fn recount(s: &Sessions) -> (SessionGauges, HashMap<String, u64>) {
        let mut gauges = SessionGauges::default();
        let mut routes = HashMap::new();
        for c in s.values() {
            gauges.connected += u64::from(c.connected);
            gauges.subscribers += u64::from(!c.subs.is_empty());
            for filter in c.subs.keys() {
                gauges.subscriptions += 1;
                gauges.shared_subscriptions += u64::from(topic::split_share(filter).is_some());
                *routes
                    .entry(topic::route_filter(filter).to_owned())
                    .or_insert(0) += 1;
            }
        }
        (gauges, routes)
    }

    fn client(id: &str, connected: bool, filters: &[&str]) -> Client {
        let mut c = Client::new(id, None, crate::util::timefmt::now(), Map::new());
        c.connected = connected;
        for f in filters {
            c.subs.insert((*f).to_owned(), SubOpts::default());
        }
        c
    }

    #[test]
    fn replacing_a_client_swaps_its_contribution() {
        let mut s = Sessions::default();
        s.insert(client("a", true, &["t/1", "$share/g/t/1", "$queue/q"]));
        s.insert(client("b", false, &[]));
        assert_eq!(
            s.gauges(),
            &SessionGauges {
                connected: 1,
                subscriptions: 3,
                shared_subscriptions: 2,
                subscribers: 1,
            }
        );
        assert_eq!(s.topic_count(), 2, "t/1 and q");
        s.insert(client("a", true, &[]));
        assert_eq!(s.gauges().subscriptions, 0);
        assert_eq!(s.topic_count(), 0);
        let order: Vec<&str> = s.values().map(|c| c.clientid.as_str()).collect();
        assert_eq!(order, ["a", "b"], "a replaced client keeps its place");
    }

    #[test]
    fn resubscribing_changes_options_not_counts() {
        let mut s = Sessions::default();
        s.insert(client("a", true, &[]));
        let qos2 = SubOpts {
            qos: 2,
            ..SubOpts::default()
        };
        assert!(s.subscribe("a", "t".into(), SubOpts::default()));
        assert!(s.subscribe("a", "t".into(), qos2));
        assert_eq!(s.gauges().subscriptions, 1);
        assert_eq!(s.get("a").map(|c| c.subs["t"].qos), Some(2));
        assert!(!s.subscribe("nobody", "t".into(), SubOpts::default()));
        assert!(!s.unsubscribe("a", "other"));
        assert!(s.unsubscribe("a", "t"));
        assert_eq!(recount(&s), (s.gauges().clone(), s.route_refs.clone()));
    }

    /// Random connects, takeovers, disconnects, kicks, (un)subscribes: after
    /// each one the kept gauges equal a full recount.
    #[test]
    fn gauges_equal_a_recount_after_random_changes() {
        const FILTERS: [&str; 8] = [
            "a/b",
            "a/+",
            "#",
            "$share/g1/a/b",
            "$share/g2/a/b",
            "$queue/a/+",
            "x/y/z",
            "$share/g1/x/#",
        ];
        let mut rng = fastrand::Rng::with_seed(0x5EED_0001);
        let mut s = Sessions::default();
        for step in 0..20_000 {
            let id = format!("c{}", rng.usize(..40));
            let filter = FILTERS[rng.usize(..FILTERS.len())];
            match rng.u8(..6) {
                0 => {
                    let filters: Vec<&str> = (0..rng.usize(..3))
                        .map(|_| FILTERS[rng.usize(..FILTERS.len())])
                        .collect();
                    s.insert(client(&id, rng.bool(), &filters));
                }
                1 => s.mark_disconnected(&id, crate::util::timefmt::now()),
                2 => {
                    s.remove(&id);
                }
                3 | 4 => {
                    s.subscribe(&id, filter.to_owned(), SubOpts::default());
                }
                _ => {
                    s.unsubscribe(&id, filter);
                }
            }
            let (gauges, routes) = recount(&s);
            assert_eq!(s.gauges(), &gauges, "step {step}");
            assert_eq!(s.route_refs, routes, "step {step}");
        }
    }
}
