//! Topic metrics: message counters of the topic names an operator registered
//! (`/mqtt/topic_metrics`), moved by every publish to that exact name.

use indexmap::IndexMap;
use serde_json::{Map, Value, json};
use time::OffsetDateTime;

use crate::util::timefmt;

/// EMQX's `topic_metrics` limit.
pub(crate) const MAX_TOPICS: usize = 512;

/// Counter names, in the order of [`TopicMetric::counts`].
const COUNTERS: [&str; 9] = [
    "message.in",
    "message.out",
    "message.dropped",
    "message.qos0.in",
    "message.qos1.in",
    "message.qos2.in",
    "message.qos0.out",
    "message.qos1.out",
    "message.qos2.out",
];

#[derive(Debug, Clone)]
pub(crate) struct TopicMetric {
    create_time: OffsetDateTime,
    reset_time: Option<OffsetDateTime>,
    counts: [u64; COUNTERS.len()],
}

impl TopicMetric {
    fn reset(&mut self, now: OffsetDateTime) {
        self.counts = [0; COUNTERS.len()];
        self.reset_time = Some(now);
    }
}

/// Why a topic could not be registered.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum AddError {
    AlreadyExists,
    Full,
}

#[derive(Debug, Default)]
pub(crate) struct TopicMetrics {
    topics: IndexMap<String, TopicMetric>,
}

impl TopicMetrics {
    pub fn add(&mut self, topic: &str, now: OffsetDateTime) -> Result<(), AddError> {
        if self.topics.contains_key(topic) {
            return Err(AddError::AlreadyExists);
        }
        if self.topics.len() >= MAX_TOPICS {
            return Err(AddError::Full);
        }
        let metric = TopicMetric {
            create_time: now,
            reset_time: None,
            counts: [0; COUNTERS.len()],
        };
        self.topics.insert(topic.to_owned(), metric);
        Ok(())
    }

    pub fn remove(&mut self, topic: &str) -> bool {
        self.topics.shift_remove(topic).is_some()
    }

    /// Zeroes one topic's counters, or every topic's; `false` if `topic` is unknown.
    pub fn reset(&mut self, topic: Option<&str>, now: OffsetDateTime) -> bool {
        match topic {
            Some(t) => self.topics.get_mut(t).map(|m| m.reset(now)).is_some(),
            None => {
                self.topics.values_mut().for_each(|m| m.reset(now));
                true
            }
        }
    }

    /// Counts one publish to `topic` at `qos`, delivered at each of `out_qos`.
    pub fn on_publish(&mut self, topic: &str, qos: u8, out_qos: &[u8]) {
        let Some(m) = self.topics.get_mut(topic) else {
            return;
        };
        m.counts[0] += 1;
        m.counts[3 + usize::from(qos.min(2))] += 1;
        if out_qos.is_empty() {
            m.counts[2] += 1;
        }
        for q in out_qos {
            m.counts[1] += 1;
            m.counts[6 + usize::from((*q).min(2))] += 1;
        }
    }

    pub fn get(&self, topic: &str) -> Option<Value> {
        self.topics.get(topic).map(|m| to_json(topic, m))
    }

    pub fn all(&self) -> Vec<Value> {
        self.topics.iter().map(|(t, m)| to_json(t, m)).collect()
    }
}

fn to_json(topic: &str, m: &TopicMetric) -> Value {
    let mut metrics = Map::new();
    for (name, count) in COUNTERS.iter().zip(m.counts) {
        metrics.insert(format!("{name}.count"), json!(count));
        // The emulator keeps no rate window; rates read as idle.
        metrics.insert(format!("{name}.rate"), json!(0.0));
    }
    let mut v = json!({
        "topic": topic,
        "create_time": timefmt::rfc3339_s(m.create_time),
        "metrics": metrics,
    });
    if let Some(at) = m.reset_time {
        v["reset_time"] = json!(timefmt::rfc3339_s(at));
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_publishes_to_the_registered_name_only() {
        let mut tm = TopicMetrics::default();
        let now = timefmt::now();
        tm.add("a/1", now).unwrap();
        assert_eq!(tm.add("a/1", now), Err(AddError::AlreadyExists));
        tm.on_publish("a/1", 1, &[0, 1]);
        tm.on_publish("a/1", 0, &[]);
        tm.on_publish("a/2", 0, &[]);
        let v = tm.get("a/1").unwrap();
        assert_eq!(v["metrics"]["message.in.count"], json!(2));
        assert_eq!(v["metrics"]["message.out.count"], json!(2));
        assert_eq!(v["metrics"]["message.dropped.count"], json!(1));
        assert_eq!(v["metrics"]["message.qos1.out.count"], json!(1));
        assert!(tm.reset(Some("a/1"), now));
        assert!(!tm.reset(Some("a/2"), now));
        assert_eq!(
            tm.get("a/1").unwrap()["metrics"]["message.in.count"],
            json!(0)
        );
    }
}
