//! Traces: a log of what one client id, topic filter or IP address does,
//! written while the trace runs. The emulator writes a line per message
//! published to a traced topic or delivered to a traced client.

use base64::Engine;
use indexmap::IndexMap;
use serde_json::{Value, json};
use time::OffsetDateTime;

use super::node::NODE;
use crate::util::{timefmt, topic};

/// What a trace follows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Filter {
    ClientId(String),
    Topic(String),
    IpAddress(String),
    /// A rule's id: the emulator's rule engine writes nothing to these.
    RuleId(String),
}

impl Filter {
    fn kind(&self) -> &'static str {
        match self {
            Filter::ClientId(_) => "clientid",
            Filter::Topic(_) => "topic",
            Filter::IpAddress(_) => "ip_address",
            Filter::RuleId(_) => "ruleid",
        }
    }

    fn value(&self) -> &str {
        match self {
            Filter::ClientId(v) | Filter::Topic(v) | Filter::IpAddress(v) | Filter::RuleId(v) => v,
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Trace {
    pub name: String,
    pub filter: Filter,
    /// `text`, `hex` or `hidden`.
    pub payload_encode: String,
    /// `text` or `json`.
    pub formatter: String,
    pub start_at: OffsetDateTime,
    pub end_at: OffsetDateTime,
    /// Cleared by `PUT /trace/{name}/stop`, which leaves both times as they are.
    pub enable: bool,
    pub log: String,
    /// When the log was last written.
    pub mtime: OffsetDateTime,
}

impl Trace {
    pub fn status(&self, now: OffsetDateTime) -> &'static str {
        if !self.enable {
            "stopped"
        } else if now < self.start_at {
            "waiting"
        } else if now >= self.end_at {
            "stopped"
        } else {
            "running"
        }
    }

    pub fn to_json(&self, now: OffsetDateTime) -> Value {
        json!({
            "name": self.name,
            "type": self.filter.kind(),
            self.filter.kind(): self.filter.value(),
            "status": self.status(now),
            "payload_encode": self.payload_encode,
            "formatter": self.formatter,
            "start_at": timefmt::rfc3339_s(self.start_at),
            "end_at": timefmt::rfc3339_s(self.end_at),
            // A map of node to bytes, whatever the spec's array says.
            "log_size": {NODE: self.log.len()},
        })
    }

    fn payload(&self, payload: &[u8]) -> String {
        match self.payload_encode.as_str() {
            "hex" => payload.iter().map(|b| format!("{b:02X}")).collect(),
            "hidden" => "******".into(),
            _ => match std::str::from_utf8(payload) {
                Ok(text) => text.to_owned(),
                Err(_) => base64::engine::general_purpose::STANDARD.encode(payload),
            },
        }
    }

    fn write(&mut self, now: OffsetDateTime, event: &Event<'_>) {
        let payload = self.payload(event.payload);
        let time = timefmt::rfc3339_ms(now);
        let line = if self.formatter == "json" {
            json!({
                "time": time, "level": "debug", "msg": event.msg,
                "clientid": event.clientid, "peername": event.peername,
                "topic": event.topic, "qos": event.qos, "payload": payload,
            })
            .to_string()
        } else {
            format!(
                "{time} [MQTT] {}@{} msg: {}, topic: {}, qos: {}, payload: {payload}",
                event.clientid, event.peername, event.msg, event.topic, event.qos
            )
        };
        self.log.push_str(&line);
        self.log.push('\n');
        self.mtime = now;
    }
}

/// One thing a trace may log.
pub(crate) struct Event<'a> {
    /// `publish` (received by the broker) or `publish_to` (delivered).
    pub msg: &'static str,
    pub clientid: &'a str,
    pub peername: &'a str,
    pub topic: &'a str,
    pub qos: u8,
    pub payload: &'a [u8],
}

/// Why a trace could not be created.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum CreateError {
    AlreadyExists,
    /// Another trace, named here, follows the same thing from the same second.
    DuplicateCondition(String),
}

#[derive(Debug, Default)]
pub(crate) struct Traces {
    traces: IndexMap<String, Trace>,
}

impl Traces {
    /// Adds `trace`. Like EMQX, only a trace of the same filter starting in the
    /// same second is a duplicate: two traces may follow one client at once.
    pub fn create(&mut self, trace: Trace) -> Result<&Trace, CreateError> {
        if self.traces.contains_key(&trace.name) {
            return Err(CreateError::AlreadyExists);
        }
        let same_second = |t: &&Trace| {
            t.filter == trace.filter
                && t.start_at.unix_timestamp() == trace.start_at.unix_timestamp()
        };
        if let Some(other) = self.traces.values().find(same_second) {
            return Err(CreateError::DuplicateCondition(other.name.clone()));
        }
        let name = trace.name.clone();
        self.traces.insert(name.clone(), trace);
        Ok(&self.traces[&name])
    }

    pub fn get(&self, name: &str) -> Option<&Trace> {
        self.traces.get(name)
    }

    pub fn all(&self) -> impl Iterator<Item = &Trace> {
        self.traces.values()
    }

    /// Disables a trace, keeping its times; `None` if there is no such trace.
    pub fn stop(&mut self, name: &str) -> Option<&Trace> {
        let t = self.traces.get_mut(name)?;
        t.enable = false;
        Some(t)
    }

    pub fn delete(&mut self, name: &str) -> bool {
        self.traces.shift_remove(name).is_some()
    }

    pub fn clear(&mut self) {
        self.traces.clear();
    }

    /// Writes `event` to every running trace that follows it.
    pub fn record(&mut self, event: &Event<'_>, ip: &str, now: OffsetDateTime) {
        for t in self.traces.values_mut() {
            if t.status(now) != "running" {
                continue;
            }
            let follows = match &t.filter {
                Filter::ClientId(id) => id == event.clientid,
                Filter::Topic(filter) => topic::matches(event.topic, filter),
                Filter::IpAddress(addr) => addr == ip,
                Filter::RuleId(_) => false,
            };
            if follows {
                t.write(now, event);
            }
        }
    }
}
