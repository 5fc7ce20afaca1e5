//! What `POST /publish` accepted, for tests to inspect through the handle.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

/// A message accepted by publish (delivered or not).
#[derive(Debug, Clone, PartialEq)]
pub struct PublishedMessage {
    /// The message id answered with 200; `None` when nobody was subscribed (202).
    pub id: Option<String>,
    pub topic: String,
    /// The payload after `payload_encoding` was applied (raw bytes).
    pub payload: Vec<u8>,
    pub qos: u8,
    pub retain: bool,
    pub properties: Option<Value>,
    /// Client ids the message was delivered to.
    pub delivered_to: Vec<String>,
    /// RFC 3339 with milliseconds.
    pub published_at: String,
}

impl PublishedMessage {
    /// As JSON. `payload` is the text when it is valid UTF-8 (absent otherwise);
    /// `payload_base64` is always there.
    pub fn to_json(&self) -> Value {
        let mut v = json!({
            "id": self.id,
            "topic": self.topic,
            "payload_base64": STANDARD.encode(&self.payload),
            "qos": self.qos,
            "retain": self.retain,
            "properties": self.properties,
            "delivered": !self.delivered_to.is_empty(),
            "delivered_to": self.delivered_to,
            "published_at": self.published_at,
        });
        if let Ok(text) = std::str::from_utf8(&self.payload) {
            v["payload"] = Value::String(text.to_owned());
        }
        v
    }
}
