//! Each session's in-flight window and message queue. Simulated clients
//! never acknowledge QoS 1/2 messages, so those stay in flight (up to
//! [`INFLIGHT_MAX`]) and the rest wait in the queue, as they would for a
//! stalled device; a disconnected session queues every message.

use std::collections::VecDeque;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

pub(crate) const INFLIGHT_MAX: usize = 32;
pub(crate) const MQUEUE_MAX: usize = 1000;

#[derive(Debug, Clone)]
pub(crate) struct QueuedMessage {
    pub id: String,
    pub topic: String,
    pub qos: u8,
    pub payload: Vec<u8>,
    pub from_clientid: String,
    /// Epoch milliseconds.
    pub publish_at: i64,
    /// Epoch nanoseconds when it entered the window or the queue: the position.
    pub inserted_at: i128,
}

impl QueuedMessage {
    /// As `GET .../inflight_messages` shows it; `payload` is `none`, `base64` or `plain`.
    pub fn to_json(&self, payload: &str, in_queue: bool) -> Value {
        let mut v = json!({
            "msgid": self.id,
            "topic": self.topic,
            "qos": self.qos,
            "publish_at": self.publish_at,
            "from_clientid": self.from_clientid,
            "from_username": "",
            "inserted_at": self.inserted_at.to_string(),
        });
        if in_queue {
            v["mqueue_priority"] = json!(0);
        }
        match payload {
            "base64" => v["payload"] = json!(STANDARD.encode(&self.payload)),
            "plain" => v["payload"] = json!(String::from_utf8_lossy(&self.payload)),
            _ => {}
        }
        v
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Queues {
    pub inflight: VecDeque<QueuedMessage>,
    pub mqueue: VecDeque<QueuedMessage>,
    pub dropped: u64,
}

impl Queues {
    /// One delivery. QoS 0 to a connected client is sent and forgotten.
    pub fn deliver(&mut self, msg: QueuedMessage, connected: bool) {
        if connected && msg.qos == 0 {
            return;
        }
        if connected && self.inflight.len() < INFLIGHT_MAX {
            push(&mut self.inflight, msg);
            return;
        }
        if self.mqueue.len() >= MQUEUE_MAX {
            // A full queue drops its oldest message (EMQX's default).
            self.mqueue.pop_front();
            self.dropped += 1;
        }
        push(&mut self.mqueue, msg);
    }

    /// A resumed session: queued messages are sent, filling the window.
    pub fn resume(&mut self) {
        while self.inflight.len() < INFLIGHT_MAX {
            let Some(m) = self.mqueue.pop_front() else {
                break;
            };
            if m.qos > 0 {
                push(&mut self.inflight, m);
            }
        }
    }
}

/// Appends `msg`, its `inserted_at` made later than the last one's, so that
/// positions stay strictly increasing however fast messages arrive.
fn push(queue: &mut VecDeque<QueuedMessage>, mut msg: QueuedMessage) {
    if let Some(last) = queue.back() {
        msg.inserted_at = msg.inserted_at.max(last.inserted_at + 1);
    }
    queue.push_back(msg);
}

/// The page after `position` (exclusive; `None` for the first) of at most
/// `limit` messages, and the position of its last message (`None` at the end).
pub(crate) fn chunk(
    queue: &VecDeque<QueuedMessage>,
    position: Option<i128>,
    limit: usize,
) -> (Vec<&QueuedMessage>, Option<i128>) {
    let rest: Vec<&QueuedMessage> = queue
        .iter()
        .filter(|m| position.is_none_or(|p| m.inserted_at > p))
        .collect();
    let more = rest.len() > limit;
    let page: Vec<&QueuedMessage> = rest.into_iter().take(limit).collect();
    let next = if more {
        page.last().map(|m| m.inserted_at)
    } else {
        None
    };
    (page, next)
}
