//! Delayed publish: a message published to `$delayed/{seconds}/{topic}` is
//! held and published to `{topic}` once its interval has passed. The emulator
//! runs no timer: due messages are released when the API is next used.

use indexmap::IndexMap;
use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};

use super::node::NODE;
use crate::util::timefmt;

/// EMQX refuses intervals above this (`4294967` seconds, about 49 days).
pub(crate) const MAX_INTERVAL: u64 = 4_294_967;

#[derive(Debug, Clone)]
pub(crate) struct DelayedMessage {
    pub id: String,
    pub topic: String,
    pub payload: Vec<u8>,
    pub qos: u8,
    pub interval: u64,
    pub published_at: OffsetDateTime,
    pub from_clientid: String,
}

impl DelayedMessage {
    pub fn expected_at(&self) -> OffsetDateTime {
        self.published_at + Duration::seconds(self.interval as i64)
    }

    /// A row of `GET /mqtt/delayed/messages` (no payload).
    pub fn summary(&self, now: OffsetDateTime) -> Value {
        let remaining = (self.expected_at() - now).whole_seconds().max(0);
        json!({
            "msgid": self.id,
            "node": NODE,
            "publish_at": timefmt::rfc3339_s(self.published_at),
            "delayed_interval": self.interval,
            "delayed_remaining": remaining,
            "expected_at": timefmt::rfc3339_s(self.expected_at()),
            "topic": self.topic,
            "qos": self.qos,
            "from_clientid": self.from_clientid,
            "from_username": "",
        })
    }
}

/// The delayed-publish settings and the messages it holds, oldest first.
#[derive(Debug, Clone)]
pub(crate) struct Delayed {
    pub enable: bool,
    /// 0 is no limit.
    pub max_delayed_messages: u64,
    pub messages: IndexMap<String, DelayedMessage>,
}

impl Default for Delayed {
    fn default() -> Self {
        Self {
            enable: true,
            max_delayed_messages: 0,
            messages: IndexMap::new(),
        }
    }
}

impl Delayed {
    pub fn settings(&self) -> Value {
        json!({"enable": self.enable, "max_delayed_messages": self.max_delayed_messages})
    }

    pub fn is_full(&self) -> bool {
        self.max_delayed_messages > 0 && self.messages.len() as u64 >= self.max_delayed_messages
    }

    /// Removes and returns the messages whose time has come, in order.
    pub fn take_due(&mut self, now: OffsetDateTime) -> Vec<DelayedMessage> {
        let due: Vec<String> = self
            .messages
            .values()
            .filter(|m| m.expected_at() <= now)
            .map(|m| m.id.clone())
            .collect();
        due.iter()
            .filter_map(|id| self.messages.shift_remove(id))
            .collect()
    }
}

/// `$delayed/{seconds}/{topic}` split into its interval and the real topic.
/// `Err` for a `$delayed/` topic EMQX drops (bad interval, no topic).
pub(crate) fn parse(topic: &str) -> Option<Result<(u64, &str), ()>> {
    let rest = topic.strip_prefix("$delayed/")?;
    let parsed = rest
        .split_once('/')
        .and_then(|(secs, real)| Some((secs.parse::<u64>().ok()?, real)))
        .filter(|(secs, real)| *secs <= MAX_INTERVAL && !real.is_empty());
    Some(parsed.ok_or(()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_delayed_topics() {
        assert_eq!(parse("t/1"), None);
        assert_eq!(parse("$delayed/15/t/1"), Some(Ok((15, "t/1"))));
        assert_eq!(parse("$delayed/x/t/1"), Some(Err(())));
        assert_eq!(parse("$delayed/15/"), Some(Err(())));
        assert_eq!(parse("$delayed/4294968/t"), Some(Err(())));
    }
}
