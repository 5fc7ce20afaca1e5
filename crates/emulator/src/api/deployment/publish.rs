//! `POST /publish` and `POST /publish/bulk`: topic matching against the simulated
//! subscriptions (`+`, `#`, `$share/<group>/...`), with the real answers:
//! 200 `{id}`, 202 `{"reason_code": 16, "message": "no_matching_subscribers"}`,
//! 400 `{"reason_code": 144 | 151, "message": ...}` (or `{code: BAD_REQUEST}` for a
//! body that fails the schema).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use http::StatusCode;
use indexmap::IndexMap;
use serde_json::{Map, Value, json};

use super::retainer::Retained;
use crate::model::deployment::broker::Broker;
use crate::model::deployment::published::PublishedMessage;
use crate::rest::errors::{ApiError, Reply, bad_request, json_response};
use crate::rest::request::Req;
use crate::util::{timefmt, topic};

/// `mqtt.max_packet_size` default (1 MiB).
const MAX_PACKET: usize = 1024 * 1024;

struct Message {
    topic: String,
    payload: Vec<u8>,
    qos: u8,
    retain: bool,
    properties: Option<Value>,
}

/// A per-message failure in MQTT reason-code form.
struct ReasonError {
    reason_code: u8,
    message: &'static str,
}

impl ReasonError {
    fn json(&self) -> Value {
        json!({"reason_code": self.reason_code, "message": self.message})
    }
}

enum Invalid {
    Schema(ApiError),
    Reason(ReasonError),
}

fn parse(v: &Value) -> Result<Message, Invalid> {
    let schema = |m: &str| Invalid::Schema(bad_request(m.to_owned()));
    let obj: &Map<String, Value> = v
        .as_object()
        .ok_or_else(|| schema("message must be an object"))?;
    let topic = obj
        .get("topic")
        .and_then(Value::as_str)
        .ok_or_else(|| schema("topic is required"))?;
    let payload = obj
        .get("payload")
        .and_then(Value::as_str)
        .ok_or_else(|| schema("payload is required"))?;
    let qos = match obj.get("qos") {
        None => 0,
        Some(q) => q
            .as_u64()
            .filter(|q| *q <= 2)
            .ok_or_else(|| schema("qos must be 0, 1 or 2"))? as u8,
    };
    let retain = match obj.get("retain") {
        None => false,
        Some(r) => r
            .as_bool()
            .ok_or_else(|| schema("retain must be a boolean"))?,
    };
    let payload = match obj.get("payload_encoding").map(|e| e.as_str()) {
        None | Some(Some("plain")) => payload.as_bytes().to_vec(),
        Some(Some("base64")) => STANDARD
            .decode(payload)
            .map_err(|_| schema("payload is not valid base64"))?,
        _ => return Err(schema("payload_encoding must be plain or base64")),
    };
    let properties = match obj.get("properties") {
        None | Some(Value::Null) => None,
        Some(p @ Value::Object(_)) => Some(p.clone()),
        Some(_) => return Err(schema("properties must be an object")),
    };
    if !topic::valid_name(topic) {
        return Err(Invalid::Reason(ReasonError {
            reason_code: 144,
            message: "topic_name_invalid",
        }));
    }
    if topic.len() + payload.len() > MAX_PACKET {
        return Err(Invalid::Reason(ReasonError {
            reason_code: 151,
            message: "packet_too_large",
        }));
    }
    Ok(Message {
        topic: topic.to_owned(),
        payload,
        qos,
        retain,
        properties,
    })
}

fn invalid_response(e: Invalid) -> Reply {
    match e {
        Invalid::Schema(e) => Err(e),
        Invalid::Reason(r) => Ok(json_response(StatusCode::BAD_REQUEST, &r.json())),
    }
}

/// Dispatches one message; `Ok(id)` when delivered, `Err(())` when nobody matched.
fn deliver(b: &mut Broker, m: Message) -> Option<String> {
    let qos_key = [
        "messages.qos0.received",
        "messages.qos1.received",
        "messages.qos2.received",
    ][m.qos as usize];
    for k in ["messages.received", "messages.publish", qos_key] {
        b.metrics.incr(k, 1);
    }
    if m.retain {
        if m.payload.is_empty() {
            b.retained.shift_remove(&m.topic);
        } else {
            let id = b.next_message_id();
            b.retained.insert(
                m.topic.clone(),
                Retained::new(id, &m.topic, m.payload.clone(), m.qos),
            );
            b.observe_stats();
        }
    }
    // Plain subscriptions: every matching client; shared: one member per group.
    let mut targets: Vec<(String, u8)> = Vec::new();
    let mut groups: IndexMap<(&str, &str), (String, u8)> = IndexMap::new();
    for c in b.sessions.values() {
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
    b.rules_on_publish(&m.topic);
    let delivered_to: Vec<String> = targets.iter().map(|(id, _)| id.clone()).collect();
    for (id, sub_qos) in &targets {
        let q = m.qos.min(*sub_qos) as usize;
        b.sessions.record_sent(id, q);
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
            b.metrics.incr(k, 1);
        }
    }
    let id = if targets.is_empty() {
        b.metrics.incr("messages.dropped", 1);
        b.metrics.incr("messages.dropped.no_subscribers", 1);
        None
    } else {
        Some(b.next_message_id())
    };
    b.record_published(PublishedMessage {
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

fn no_subscribers() -> Value {
    json!({"reason_code": 16, "message": "no_matching_subscribers"})
}

pub(crate) fn publish(b: &mut Broker, req: &Req<'_>) -> Reply {
    let m = match parse(req.json()?) {
        Ok(m) => m,
        Err(e) => return invalid_response(e),
    };
    match deliver(b, m) {
        Some(id) => Ok(json_response(StatusCode::OK, &json!({"id": id}))),
        None => Ok(json_response(StatusCode::ACCEPTED, &no_subscribers())),
    }
}

/// All messages are validated first; one bad message fails the whole batch.
pub(crate) fn publish_bulk(b: &mut Broker, req: &Req<'_>) -> Reply {
    let items = req
        .json()?
        .as_array()
        .ok_or_else(|| bad_request("body must be an array of messages"))?;
    if items.is_empty() {
        return Err(bad_request("at least one message is required"));
    }
    let messages = match items.iter().map(parse).collect::<Result<Vec<_>, _>>() {
        Ok(m) => m,
        Err(e) => return invalid_response(e),
    };
    let mut all_delivered = true;
    let results: Vec<Value> = messages
        .into_iter()
        .map(|m| match deliver(b, m) {
            Some(id) => json!({"id": id}),
            None => {
                all_delivered = false;
                no_subscribers()
            }
        })
        .collect();
    let status = if all_delivered {
        StatusCode::OK
    } else {
        StatusCode::ACCEPTED
    };
    Ok(json_response(status, &Value::Array(results)))
}
