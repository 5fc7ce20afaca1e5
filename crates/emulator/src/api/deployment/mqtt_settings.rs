//! Broker settings of the MQTT extensions: `GET`/`PUT /mqtt/auto_subscribe`,
//! `GET`/`PUT /mqtt/topic_rewrite` (each PUT replaces the whole list),
//! `GET`/`PUT /mqtt/retainer` (replaced: a key left out takes its default,
//! an unknown key or a value of the wrong form is refused) and
//! `DELETE /mqtt/retainer/messages`.

use http::StatusCode;
use regex::Regex;
use serde_json::{Map, Value};

use super::settings_check::{Check, Field, merged};
use crate::model::deployment::broker::Broker;
use crate::model::deployment::client::SubOpts;
use crate::model::deployment::mqtt_config::{
    AutoTopic, MAX_ENTRIES, RewriteRule, default_retainer,
};
use crate::rest::errors::{ApiError, Reply, bad_request, no_content, ok};
use crate::rest::request::Req;
use crate::util::topic;

/// The list a PUT replaces, refused with `EXCEED_LIMIT` (at `status`) past
/// [`MAX_ENTRIES`].
fn entries<'r>(
    req: &'r Req<'_>,
    status: StatusCode,
    what: &str,
) -> Result<&'r Vec<Value>, ApiError> {
    let items = req
        .json()?
        .as_array()
        .ok_or_else(|| bad_request("body must be an array"))?;
    if items.len() > MAX_ENTRIES {
        return Err(ApiError::new(
            status,
            "EXCEED_LIMIT",
            format!("{what} count exceeds the limit of {MAX_ENTRIES}"),
        ));
    }
    Ok(items)
}

fn small_int(obj: &Map<String, Value>, key: &str, max: u64) -> Result<u8, ApiError> {
    match obj.get(key) {
        None => Ok(0),
        Some(v) => v
            .as_u64()
            .filter(|n| *n <= max)
            .map(|n| n as u8)
            .ok_or_else(|| bad_request(format!("{key} must be an integer 0..{max}"))),
    }
}

pub(crate) fn auto_subscribe(b: &Broker) -> Reply {
    ok(b.mqtt
        .auto_subscribe
        .iter()
        .map(AutoTopic::to_json)
        .collect())
}

pub(crate) fn set_auto_subscribe(b: &mut Broker, req: &Req<'_>) -> Reply {
    let items = entries(req, StatusCode::CONFLICT, "Auto subscribe topic")?;
    let mut topics = Vec::with_capacity(items.len());
    for item in items {
        let obj = item
            .as_object()
            .ok_or_else(|| bad_request("each topic must be an object"))?;
        let filter = obj
            .get("topic")
            .and_then(Value::as_str)
            .filter(|t| topic::valid_filter(t))
            .ok_or_else(|| bad_request("topic must be a valid topic filter"))?;
        let opts = SubOpts {
            qos: small_int(obj, "qos", 2)?,
            nl: small_int(obj, "nl", 1)?,
            rap: small_int(obj, "rap", 1)?,
            rh: small_int(obj, "rh", 2)?,
        };
        topics.push(AutoTopic {
            topic: filter.to_owned(),
            opts,
        });
    }
    b.mqtt.auto_subscribe = topics;
    auto_subscribe(b)
}

pub(crate) fn topic_rewrite(b: &Broker) -> Reply {
    ok(b.mqtt.rewrite.iter().map(RewriteRule::to_json).collect())
}

pub(crate) fn set_topic_rewrite(b: &mut Broker, req: &Req<'_>) -> Reply {
    let items = entries(req, StatusCode::PAYLOAD_TOO_LARGE, "Topic rewrite rule")?;
    let mut rules = Vec::with_capacity(items.len());
    for item in items {
        let text = |key: &str| {
            item.get(key)
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .ok_or_else(|| bad_request(format!("{key} is required")))
        };
        let action = text("action")?;
        if !["publish", "subscribe", "all"].contains(&action) {
            return Err(bad_request("action must be publish, subscribe or all"));
        }
        let re = Regex::new(text("re")?).map_err(|e| bad_request(format!("re: {e}")))?;
        rules.push(RewriteRule {
            action: action.to_owned(),
            source_topic: text("source_topic")?.to_owned(),
            dest_topic: text("dest_topic")?.to_owned(),
            re,
        });
    }
    b.mqtt.rewrite = rules;
    topic_rewrite(b)
}

pub(crate) fn retainer(b: &Broker) -> Reply {
    ok(b.mqtt.retainer.clone())
}

/// `retainer.mnesia_config`, the built-in database backend.
const BACKEND_FIELDS: &[Field] = &[
    ("type", Check::OneOf(&["built_in_database"])),
    ("storage_type", Check::OneOf(&["ram", "disc"])),
    ("max_retained_messages", Check::Int(0, u64::MAX)),
    ("index_specs", Check::IntLists),
    ("enable", Check::Bool),
];

/// `retainer.retainer`, the schema minirest checks a `PUT` body against.
const RETAINER_FIELDS: &[Field] = &[
    ("enable", Check::Bool),
    ("msg_expiry_interval", Check::Duration),
    (
        "msg_expiry_interval_override",
        Check::DurationOr("disabled"),
    ),
    ("allow_never_expire", Check::Bool),
    ("msg_clear_interval", Check::Duration),
    ("max_payload_size", Check::Size),
    ("stop_publish_clear_msg", Check::Bool),
    ("delivery_rate", Check::Rate),
    ("max_publish_rate", Check::Rate),
    ("backend", Check::Object(BACKEND_FIELDS)),
];

/// Like EMQX, the body replaces the settings: what it leaves out (in
/// `backend` too) takes its default.
pub(crate) fn set_retainer(b: &mut Broker, req: &Req<'_>) -> Reply {
    b.mqtt.retainer = merged("", req.json()?, &default_retainer(), RETAINER_FIELDS)?;
    retainer(b)
}

/// Deletes every retained message.
pub(crate) fn delete_all_retained(b: &mut Broker) -> Reply {
    b.retained.clear();
    b.observe_stats();
    no_content()
}
