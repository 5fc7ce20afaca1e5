//! `POST /publish` and `POST /publish/bulk`: topic matching against the simulated
//! subscriptions (`+`, `#`, `$share/<group>/...`), with the real answers:
//! 200 `{id}`, 202 `{"reason_code": 16, "message": "no_matching_subscribers"}`,
//! 400 `{"reason_code": 144 | 151, "message": ...}` (or `{code: BAD_REQUEST}` for a
//! body that fails the schema).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use http::StatusCode;
use serde_json::{Map, Value, json};

use crate::model::deployment::broker::Broker;
use crate::model::deployment::publish::Message;
use crate::rest::errors::{ApiError, Reply, bad_request, json_response};
use crate::rest::request::Req;
use crate::util::topic;

/// `mqtt.max_packet_size` default (1 MiB).
const MAX_PACKET: usize = 1024 * 1024;

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

fn no_subscribers() -> Value {
    json!({"reason_code": 16, "message": "no_matching_subscribers"})
}

pub(crate) fn publish(b: &mut Broker, req: &Req<'_>) -> Reply {
    let m = match parse(req.json()?) {
        Ok(m) => m,
        Err(e) => return invalid_response(e),
    };
    match b.publish(m) {
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
        .map(|m| match b.publish(m) {
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
