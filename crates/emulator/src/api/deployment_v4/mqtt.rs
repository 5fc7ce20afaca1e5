//! `/mqtt/...`: subscribe and unsubscribe a connected client (one or a
//! batch), publish one message or a batch. `topics` (comma-separated) may
//! stand for `topic`; an unknown client is 112, a bad topic 115.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value, json};

use crate::model::deployment::broker::Broker;
use crate::model::deployment::client::SubOpts;
use crate::model::deployment::publish::Message;
use crate::rest::request::Req;
use crate::rest::v4::{
    V4Error, V4Reply, code, data, done, flag, missing, object, opt_text, param_error, small_int,
    text,
};
use crate::util::topic;

use super::clients::not_online;

fn bad_topic(t: &str) -> V4Error {
    V4Error::new(code::BAD_TOPIC, format!("bad topic: {t:?}"))
}

/// `topic`, or each of the comma-separated `topics`: 107 when neither is given.
fn topics(obj: &Map<String, Value>) -> Result<Vec<String>, V4Error> {
    let mut out: Vec<String> = Vec::new();
    if let Some(t) = opt_text(obj, "topic")?.filter(|t| !t.is_empty()) {
        out.push(t.to_owned());
    }
    if let Some(many) = opt_text(obj, "topics")? {
        out.extend(
            many.split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned),
        );
    }
    if out.is_empty() {
        return Err(missing("topic"));
    }
    Ok(out)
}

/// One subscribe request: the client and its filters, checked.
fn parse_subscribe(v: &Value) -> Result<(String, Vec<String>, u8), V4Error> {
    let obj = object(Some(v))?;
    let clientid = text(obj, "clientid")?.to_owned();
    let filters = topics(obj)?;
    if let Some(t) = filters.iter().find(|t| !topic::valid_filter(t)) {
        return Err(bad_topic(t));
    }
    Ok((clientid, filters, small_int(obj, "qos", 2, 0)?))
}

fn subscribe_one(b: &mut Broker, (clientid, filters, qos): (String, Vec<String>, u8)) -> bool {
    let opts = SubOpts {
        qos,
        ..SubOpts::default()
    };
    b.subscribe_for(&clientid, filters.into_iter().map(|f| (f, opts)).collect())
}

pub(crate) fn subscribe(b: &mut Broker, req: &Req<'_>) -> V4Reply {
    let request = parse_subscribe(req.body.ok_or_else(|| missing("body"))?)?;
    let clientid = request.0.clone();
    if !subscribe_one(b, request) {
        return Err(not_online(&clientid));
    }
    done()
}

fn array<'r>(req: &Req<'r>) -> Result<&'r Vec<Value>, V4Error> {
    match req.body {
        None => Err(missing("body")),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(param_error("the body must be a JSON array")),
    }
}

/// Each entry is checked before any is applied; the answer gives each
/// `{clientid, topic, code}` (112 for a client that is not online).
pub(crate) fn subscribe_batch(b: &mut Broker, req: &Req<'_>) -> V4Reply {
    let requests = array(req)?
        .iter()
        .map(parse_subscribe)
        .collect::<Result<Vec<_>, _>>()?;
    let mut results = Vec::new();
    for request in requests {
        let (clientid, filters) = (request.0.clone(), request.1.clone());
        let result = if subscribe_one(b, request) {
            0
        } else {
            code::CLIENT_OFFLINE
        };
        for t in filters {
            results.push(json!({"clientid": clientid, "topic": t, "code": result}));
        }
    }
    data(Value::Array(results))
}

/// `topic` is the only selector, so it is required though the docs call
/// it optional.
fn parse_unsubscribe(v: &Value) -> Result<(String, String), V4Error> {
    let obj = object(Some(v))?;
    Ok((
        text(obj, "clientid")?.to_owned(),
        text(obj, "topic")?.to_owned(),
    ))
}

pub(crate) fn unsubscribe(b: &mut Broker, req: &Req<'_>) -> V4Reply {
    let (clientid, filter) = parse_unsubscribe(req.body.ok_or_else(|| missing("body"))?)?;
    if !b.unsubscribe_for(&clientid, &[&filter]) {
        return Err(not_online(&clientid));
    }
    done()
}

pub(crate) fn unsubscribe_batch(b: &mut Broker, req: &Req<'_>) -> V4Reply {
    let requests = array(req)?
        .iter()
        .map(parse_unsubscribe)
        .collect::<Result<Vec<_>, _>>()?;
    let results: Vec<Value> = requests
        .into_iter()
        .map(|(clientid, filter)| {
            let ok = b.unsubscribe_for(&clientid, &[&filter]);
            let result = if ok { 0 } else { code::CLIENT_OFFLINE };
            json!({"clientid": clientid, "topic": filter, "code": result})
        })
        .collect();
    data(Value::Array(results))
}

/// One publish request: a message per topic, checked. `clientid` is
/// required as documented, though nothing needs it to be connected.
fn parse_publish(v: &Value) -> Result<Vec<Message>, V4Error> {
    let obj = object(Some(v))?;
    text(obj, "clientid")?;
    let payload = match obj.get("payload") {
        None | Some(Value::Null) => return Err(missing("payload")),
        Some(Value::String(p)) => p,
        Some(_) => return Err(param_error("payload must be a string")),
    };
    let payload = match opt_text(obj, "encoding")?.unwrap_or("plain") {
        "plain" => payload.as_bytes().to_vec(),
        "base64" => STANDARD
            .decode(payload)
            .map_err(|_| param_error("payload is not valid base64"))?,
        other => {
            return Err(param_error(format!(
                "encoding must be plain or base64, got {other:?}"
            )));
        }
    };
    let qos = small_int(obj, "qos", 2, 0)?;
    let retain = flag(obj, "retain")?;
    topics(obj)?
        .into_iter()
        .map(|t| {
            if !topic::valid_name(&t) {
                return Err(bad_topic(&t));
            }
            Ok(Message {
                topic: t,
                payload: payload.clone(),
                qos,
                retain,
                properties: None,
            })
        })
        .collect()
}

pub(crate) fn publish(b: &mut Broker, req: &Req<'_>) -> V4Reply {
    let messages = parse_publish(req.body.ok_or_else(|| missing("body"))?)?;
    for m in messages {
        b.publish(m);
    }
    done()
}

/// Every message is checked first; one bad message fails the whole batch.
/// The answer gives each `{topic, code}`, as the docs' example.
pub(crate) fn publish_batch(b: &mut Broker, req: &Req<'_>) -> V4Reply {
    let batches = array(req)?
        .iter()
        .map(parse_publish)
        .collect::<Result<Vec<_>, _>>()?;
    let mut results = Vec::new();
    for m in batches.into_iter().flatten() {
        results.push(json!({"topic": m.topic, "code": 0}));
        b.publish(m);
    }
    data(Value::Array(results))
}
