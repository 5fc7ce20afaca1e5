//! Delayed publish: `GET`/`PUT /mqtt/delayed` (settings), `GET /mqtt/delayed/messages`,
//! `GET`/`DELETE /mqtt/delayed/messages/{node}/{msgid}`, `DELETE /mqtt/delayed/messages/{topic}`.
//! Messages whose time has come are published before each answer.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use http::StatusCode;
use serde_json::Value;

use crate::model::deployment::broker::Broker;
use crate::model::deployment::delayed::{Delayed, DelayedMessage};
use crate::model::deployment::node::NODE;
use crate::rest::errors::{ApiError, Reply, bad_request, no_content, ok};
use crate::rest::pagination::PageParams;
use crate::rest::request::{Query, Req};
use crate::util::{timefmt, topic};

pub(crate) fn settings(b: &mut Broker) -> Reply {
    b.release_delayed();
    ok(b.delayed.settings())
}

/// Replaces the settings, as EMQX does: a key left out takes its default.
pub(crate) fn update_settings(b: &mut Broker, req: &Req<'_>) -> Reply {
    let body = req
        .json()?
        .as_object()
        .ok_or_else(|| bad_request("body must be an object"))?;
    let defaults = Delayed::default();
    let enable = match body.get("enable") {
        None => defaults.enable,
        Some(v) => v
            .as_bool()
            .ok_or_else(|| bad_request("enable must be a boolean"))?,
    };
    let max = match body.get("max_delayed_messages") {
        None => defaults.max_delayed_messages,
        Some(v) => v
            .as_u64()
            .ok_or_else(|| bad_request("Max limit illegality"))?,
    };
    b.delayed.enable = enable;
    b.delayed.max_delayed_messages = max;
    ok(b.delayed.settings())
}

pub(crate) fn list(b: &mut Broker, q: &Query) -> Reply {
    let page = PageParams::from_query(q)?;
    b.release_delayed();
    let now = timefmt::now();
    let rows: Vec<&DelayedMessage> = b.delayed.messages.values().collect();
    ok(page.envelope(rows, true, |m| m.summary(now)))
}

/// The message id of `{node}/{msgid}`, checked as EMQX checks it.
fn locate<'a>(node: &str, msgid: &'a str) -> Result<&'a str, ApiError> {
    if node != NODE {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "INVALID_NODE",
            format!("Invalid node {node}"),
        ));
    }
    if msgid.len() != 32 || !msgid.bytes().all(|c| c.is_ascii_hexdigit()) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "MESSAGE_ID_SCHEMA_ERROR",
            "Message ID is not a valid hex string",
        ));
    }
    Ok(msgid)
}

fn message_not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "MESSAGE_ID_NOT_FOUND",
        "Message ID not found",
    )
}

fn find<'b>(b: &'b Broker, msgid: &str) -> Option<&'b DelayedMessage> {
    b.delayed
        .messages
        .values()
        .find(|m| m.id.eq_ignore_ascii_case(msgid))
}

pub(crate) fn get(b: &mut Broker, node: &str, msgid: &str) -> Reply {
    let msgid = locate(node, msgid)?;
    b.release_delayed();
    let m = find(b, msgid).ok_or_else(message_not_found)?;
    let mut v = m.summary(timefmt::now());
    v["payload"] = Value::String(STANDARD.encode(&m.payload));
    ok(v)
}

pub(crate) fn delete(b: &mut Broker, node: &str, msgid: &str) -> Reply {
    let msgid = locate(node, msgid)?;
    b.release_delayed();
    let id = find(b, msgid).ok_or_else(message_not_found)?.id.clone();
    b.delayed.messages.shift_remove(&id);
    no_content()
}

/// Every delayed message for `name` (a topic name, not a filter).
pub(crate) fn delete_topic(b: &mut Broker, name: &str) -> Reply {
    if !topic::valid_name(name) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "INVALID_TOPIC_NAME",
            "The topic name must not contain wildcards",
        ));
    }
    b.release_delayed();
    let before = b.delayed.messages.len();
    b.delayed.messages.retain(|_, m| m.topic != name);
    if b.delayed.messages.len() == before {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "MESSAGE_NOT_FOUND",
            format!("Not found delayed message for topic {name}"),
        ));
    }
    no_content()
}
