//! Publishing: retained messages, delivery to matching subscriptions
//! (`+`, `#`, `$share/<group>/...`), the counters it moves, and the rules and
//! actions a message reaches.

use indexmap::IndexMap;
use serde_json::Value;

use super::broker::Broker;
use super::published::PublishedMessage;
use super::retained::Retained;
use crate::util::{timefmt, topic};

/// One message to publish, already validated.
pub(crate) struct Message {
    pub topic: String,
    pub payload: Vec<u8>,
    pub qos: u8,
    pub retain: bool,
    pub properties: Option<Value>,
}

/// What became of a publish before delivery (see `extensions`).
pub(crate) enum Routed {
    /// Deliver it (its topic possibly rewritten).
    Deliver(Message),
    /// Held as a delayed message, or dropped: nobody receives it now.
    Held,
}

impl Broker {
    /// Publishes one message: retains it if asked, delivers it to every
    /// matching subscription (one member per shared group), counts it against
    /// the rules, and records it. The message id when delivered, `None` when
    /// nobody matched.
    pub fn publish(&mut self, m: Message) -> Option<String> {
        let Routed::Deliver(m) = self.route_publish(m) else {
            return None;
        };
        let qos_key = [
            "messages.qos0.received",
            "messages.qos1.received",
            "messages.qos2.received",
        ][m.qos as usize];
        for k in ["messages.received", "messages.publish", qos_key] {
            self.metrics.incr(k, 1);
        }
        if m.retain {
            if m.payload.is_empty() {
                self.retained.shift_remove(&m.topic);
            } else {
                let id = self.next_message_id();
                self.retained.insert(
                    m.topic.clone(),
                    Retained::new(id, &m.topic, m.payload.clone(), m.qos),
                );
                self.observe_stats();
            }
        }
        // Plain subscriptions: every matching client; shared: one member per group.
        let mut targets: Vec<(String, u8)> = Vec::new();
        let mut groups: IndexMap<(&str, &str), (String, u8)> = IndexMap::new();
        for c in self.sessions.values() {
            for (filter, opts) in &c.subs {
                match topic::split_share(filter) {
                    Some((group, inner)) if topic::matches(&m.topic, inner) => {
                        groups
                            .entry((group, inner))
                            .or_insert_with(|| (c.clientid.clone(), opts.qos));
                    }
                    None if topic::matches(&m.topic, filter)
                        && !targets.iter().any(|(id, _)| *id == c.clientid) =>
                    {
                        targets.push((c.clientid.clone(), opts.qos));
                    }
                    _ => {}
                }
            }
        }
        targets.extend(groups.into_values());
        self.rules_on_publish(&m.topic);
        self.v4.rule_engine.on_publish(&m.topic);
        let delivered_to: Vec<String> = targets.iter().map(|(id, _)| id.clone()).collect();
        let msgid = (!targets.is_empty()).then(|| self.next_message_id());
        for (id, sub_qos) in &targets {
            let q = m.qos.min(*sub_qos) as usize;
            self.sessions.record_sent(id, q);
            self.enqueue(id, msgid.as_deref().unwrap_or_default(), &m, q as u8);
            let sent_key = [
                "messages.qos0.sent",
                "messages.qos1.sent",
                "messages.qos2.sent",
            ][q];
            for k in [
                "messages.delivered",
                "messages.sent",
                "packets.publish.sent",
                sent_key,
            ] {
                self.metrics.incr(k, 1);
            }
        }
        let out_qos: Vec<u8> = targets.iter().map(|(_, q)| m.qos.min(*q)).collect();
        self.topic_metrics.on_publish(&m.topic, m.qos, &out_qos);
        self.trace_publish(&m, &targets);
        let id = msgid;
        if targets.is_empty() {
            self.metrics.incr("messages.dropped", 1);
            self.metrics.incr("messages.dropped.no_subscribers", 1);
        }
        self.record_published(PublishedMessage {
            id: id.clone(),
            topic: m.topic,
            payload: m.payload,
            qos: m.qos,
            retain: m.retain,
            properties: m.properties,
            delivered_to,
            published_at: timefmt::rfc3339_ms(timefmt::now()),
        });
        id
    }

    /// Counts a published message against every enabled rule whose `FROM` matches,
    /// and against the data-integration actions those rules reference.
    fn rules_on_publish(&mut self, published: &str) {
        let mut hits: Vec<String> = Vec::new();
        for r in self.rules.values_mut().filter(|r| r.enable) {
            if r.from.iter().any(|f| topic::matches(published, f)) {
                let n = r.actions.len() as u64;
                r.metrics[0] += 1; // matched
                r.metrics[1] += 1; // passed
                r.metrics[5] += n; // actions.total
                r.metrics[6] += n; // actions.success
                hits.extend(r.action_refs().map(str::to_owned));
            }
        }
        for a in hits {
            if let Some(action) = self.actions.get_mut(&a) {
                action.count_success();
            }
        }
    }
}
