//! A retained message (a `retain: true` publish).

use serde_json::{Value, json};

use crate::util::timefmt;

#[derive(Debug, Clone)]
pub(crate) struct Retained {
    pub msgid: String,
    pub topic: String,
    pub payload: Vec<u8>,
    pub qos: u8,
    pub publish_at: String,
}

impl Retained {
    pub fn new(msgid: String, topic: &str, payload: Vec<u8>, qos: u8) -> Self {
        Self {
            msgid,
            topic: topic.to_owned(),
            payload,
            qos,
            publish_at: timefmt::rfc3339_ms(timefmt::now()),
        }
    }

    pub fn summary(&self) -> Value {
        // Published through the API: there is no publishing client.
        json!({
            "msgid": self.msgid, "topic": self.topic, "qos": self.qos,
            "publish_at": self.publish_at, "from_clientid": "http_api", "from_username": "http_api",
        })
    }
}
