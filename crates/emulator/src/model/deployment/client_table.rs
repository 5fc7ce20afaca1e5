//! The simulated clients of one broker by client id, iterated in the order
//! they first connected (the order of `GET /clients`).
//!
//! Removing from an `IndexMap` shifts every later entry, which makes
//! disconnecting n clients oldest-first O(n²). Here each client gets a
//! sequence number when it first connects: the clients live in a `BTreeMap`
//! keyed by that number, which iterates in connect order and removes in
//! O(log n), and a `HashMap` finds a client's number from its id.

use std::collections::{BTreeMap, HashMap};

use super::client::Client;

#[derive(Default)]
pub(crate) struct ClientTable {
    by_seq: BTreeMap<u64, Client>,
    seq_of: HashMap<String, u64>,
    next_seq: u64,
}

impl ClientTable {
    pub fn len(&self) -> usize {
        self.by_seq.len()
    }

    pub fn get(&self, clientid: &str) -> Option<&Client> {
        self.by_seq.get(self.seq_of.get(clientid)?)
    }

    pub fn get_mut(&mut self, clientid: &str) -> Option<&mut Client> {
        self.by_seq.get_mut(self.seq_of.get(clientid)?)
    }

    /// Clients in the order they first connected.
    pub fn values(&self) -> impl Iterator<Item = &Client> {
        self.by_seq.values()
    }

    /// Adds a client at the end, or replaces the one with the same id in its
    /// place (a takeover keeps the position of the session it takes over).
    /// Returns the replaced client.
    pub fn insert(&mut self, client: Client) -> Option<Client> {
        if let Some(&seq) = self.seq_of.get(&client.clientid) {
            return self.by_seq.insert(seq, client);
        }
        let seq = self.next_seq;
        self.next_seq += 1;
        self.seq_of.insert(client.clientid.clone(), seq);
        self.by_seq.insert(seq, client);
        None
    }

    pub fn remove(&mut self, clientid: &str) -> Option<Client> {
        let seq = self.seq_of.remove(clientid)?;
        self.by_seq.remove(&seq)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Map;

    use super::*;

    fn client(id: &str) -> Client {
        Client::new(id, None, crate::util::timefmt::now(), Map::new())
    }

    fn order(t: &ClientTable) -> Vec<&str> {
        t.values().map(|c| c.clientid.as_str()).collect()
    }

    #[test]
    fn keeps_first_connect_order_through_replacements_and_removals() {
        let mut t = ClientTable::default();
        for id in ["a", "b", "c", "d"] {
            assert!(t.insert(client(id)).is_none());
        }
        let mut again = client("b");
        again.keepalive = 5;
        assert_eq!(t.insert(again).map(|old| old.keepalive), Some(60));
        assert_eq!(order(&t), ["a", "b", "c", "d"], "b keeps its place");
        assert_eq!(t.get("b").map(|c| c.keepalive), Some(5));

        assert_eq!(t.remove("a").map(|c| c.clientid), Some("a".to_owned()));
        assert!(t.remove("a").is_none());
        assert!(t.get("a").is_none());
        t.insert(client("a"));
        assert_eq!(order(&t), ["b", "c", "d", "a"], "a comes back last");
        assert_eq!(t.len(), 4);
    }

    /// Random inserts and removals give the order an `IndexMap` with
    /// `shift_remove` gives (the plain way to keep connect order).
    #[test]
    fn order_matches_an_index_map_after_random_changes() {
        let mut rng = fastrand::Rng::with_seed(0x0DE7_0001);
        let mut table = ClientTable::default();
        let mut reference: indexmap::IndexMap<String, ()> = indexmap::IndexMap::new();
        for step in 0..5_000 {
            let id = format!("c{}", rng.usize(..50));
            if rng.u8(..3) == 0 {
                assert_eq!(
                    table.remove(&id).is_some(),
                    reference.shift_remove(&id).is_some()
                );
            } else {
                table.insert(client(&id));
                reference.insert(id, ());
            }
            let expected: Vec<&str> = reference.keys().map(String::as_str).collect();
            assert_eq!(order(&table), expected, "step {step}");
        }
    }
}
