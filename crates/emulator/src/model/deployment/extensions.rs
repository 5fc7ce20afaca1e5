//! Where the MQTT extensions meet the broker's own operations: auto
//! subscribe on connect, topic rewrite and delayed publish on publish, and
//! the sessions' in-flight windows and queues on delivery.

use serde_json::{Value, json};

use super::broker::Broker;
use super::client::Client;
use super::delayed::{self, DelayedMessage};
use super::publish::{Message, Routed};
use super::queues::QueuedMessage;
use crate::util::timefmt;

/// Who sends what the HTTP publish API publishes, as EMQX names it.
pub(crate) const HTTP_PUBLISHER: &str = "http_api";

impl Broker {
    /// A client connected: its session's queues resume or start afresh, and
    /// the auto-subscribe topics are subscribed for it.
    pub(crate) fn after_connect(&mut self, clientid: &str, resumed: bool) {
        if resumed {
            self.queues.entry(clientid.to_owned()).or_default().resume();
        } else {
            self.queues.shift_remove(clientid);
        }
        let Some(c) = self.sessions.get(clientid) else {
            return;
        };
        let (username, host, port) = (
            c.username.clone().unwrap_or_default(),
            c.ip_address.clone(),
            c.port,
        );
        let topics: Vec<_> = self
            .mqtt
            .auto_subscribe
            .iter()
            .map(|t| (t.filter_for(clientid, &username, &host, port), t.opts))
            .collect();
        for (filter, opts) in topics {
            self.sessions.subscribe(clientid, filter, opts);
        }
    }

    /// The client as `GET /clients` shows it, with its window and queue counted.
    pub(crate) fn client_json(&self, c: &Client) -> Value {
        let mut v = c.to_json();
        if let Some(q) = self.queues.get(&c.clientid) {
            v["inflight_cnt"] = json!(q.inflight.len());
            v["mqueue_len"] = json!(q.mqueue.len());
            v["mqueue_dropped"] = json!(q.dropped);
        }
        v
    }

    /// A session ended: its window and queue go with it.
    pub(crate) fn forget_queues(&mut self, clientid: &str) {
        self.queues.shift_remove(clientid);
    }

    /// Topic rewrite, then delayed publish (`$delayed/{seconds}/{topic}`).
    pub(crate) fn route_publish(&mut self, mut m: Message) -> Routed {
        self.release_delayed();
        m.topic = self.mqtt.rewrite_published(&m.topic);
        match delayed::parse(&m.topic) {
            None => Routed::Deliver(m),
            Some(_) if !self.delayed.enable => Routed::Deliver(m),
            Some(Err(())) => Routed::Held,
            Some(Ok(_)) if self.delayed.is_full() => {
                self.metrics.incr("messages.dropped", 1);
                Routed::Held
            }
            Some(Ok((interval, topic))) => {
                let id = self.next_message_id();
                let held = DelayedMessage {
                    id: id.clone(),
                    topic: topic.to_owned(),
                    payload: m.payload,
                    qos: m.qos,
                    interval,
                    published_at: timefmt::now(),
                    from_clientid: HTTP_PUBLISHER.to_owned(),
                };
                self.delayed.messages.insert(id, held);
                self.metrics.incr("messages.delayed", 1);
                Routed::Held
            }
        }
    }

    /// Publishes the delayed messages whose time has come.
    pub(crate) fn release_delayed(&mut self) {
        for m in self.delayed.take_due(timefmt::now()) {
            self.publish(Message {
                topic: m.topic,
                payload: m.payload,
                qos: m.qos,
                retain: false,
                properties: None::<Value>,
            });
        }
    }

    /// One delivery to `clientid`'s session, at `qos`.
    pub(crate) fn enqueue(&mut self, clientid: &str, id: &str, m: &Message, qos: u8) {
        let connected = self.sessions.get(clientid).is_some_and(|c| c.connected);
        let now = timefmt::now();
        let msg = QueuedMessage {
            id: id.to_owned(),
            topic: m.topic.clone(),
            qos,
            payload: m.payload.clone(),
            from_clientid: HTTP_PUBLISHER.to_owned(),
            publish_at: (now.unix_timestamp_nanos() / 1_000_000) as i64,
            inserted_at: now.unix_timestamp_nanos(),
        };
        self.queues
            .entry(clientid.to_owned())
            .or_default()
            .deliver(msg, connected);
    }
}
