//! Subscribing and unsubscribing a client on its behalf (the v5
//! `/clients/{id}/subscribe` family, the v4 `/mqtt/subscribe` family), with
//! the counters a real SUBSCRIBE or UNSUBSCRIBE moves.

use super::broker::Broker;
use super::client::SubOpts;

impl Broker {
    /// Adds each subscription; `false` (and nothing changed) when the client
    /// is unknown.
    pub fn subscribe_for(&mut self, clientid: &str, subs: Vec<(String, SubOpts)>) -> bool {
        if self.sessions.get(clientid).is_none() {
            return false;
        }
        let n = subs.len() as u64;
        for (filter, opts) in subs {
            self.sessions.subscribe(clientid, filter, opts);
        }
        self.metrics.incr("client.subscribe", n);
        self.metrics.incr("packets.subscribe.received", 1);
        self.metrics.incr("packets.suback.sent", 1);
        self.observe_stats();
        true
    }

    /// Removes each subscription the client has; `false` when the client is
    /// unknown.
    pub fn unsubscribe_for(&mut self, clientid: &str, filters: &[&str]) -> bool {
        if self.sessions.get(clientid).is_none() {
            return false;
        }
        let n = filters
            .iter()
            .filter(|f| self.sessions.unsubscribe(clientid, f))
            .count() as u64;
        self.metrics.incr("client.unsubscribe", n);
        self.metrics.incr("packets.unsubscribe.received", 1);
        self.metrics.incr("packets.unsuback.sent", 1);
        true
    }
}
