//! Broker settings of the MQTT extensions: `GET`/`PUT /mqtt/auto_subscribe`,
//! `GET`/`PUT /mqtt/topic_rewrite` (each PUT replaces the whole list),
//! `GET`/`PUT /mqtt/retainer` (replaced: a key left out takes its default,
//! an unknown key or a value of the wrong form is refused) and
//! `DELETE /mqtt/retainer/messages`.

use http::StatusCode;
use regex::Regex;
use serde_json::{Map, Value};

use crate::model::deployment::broker::Broker;
use crate::model::deployment::client::SubOpts;
use crate::model::deployment::mqtt_config::{
    AutoTopic, MAX_ENTRIES, RewriteRule, default_retainer,
};
use crate::rest::errors::{ApiError, Reply, bad_request, no_content, ok};
use crate::rest::request::Req;
use crate::util::hocon::{byte_size, is_duration, is_rate};
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

/// The form of one retainer setting, as the schema `retainer.retainer` (and
/// `retainer.mnesia_config` for `backend`) types it.
#[derive(Clone, Copy)]
enum Form {
    Bool,
    Duration,
    /// A duration, or `disabled`.
    DurationOrDisabled,
    Size,
    Rate,
    OneOf(&'static [&'static str]),
    Count,
    /// A list of lists of positive integers.
    IndexSpecs,
}

const RETAINER_FIELDS: [(&str, Form); 9] = [
    ("enable", Form::Bool),
    ("msg_expiry_interval", Form::Duration),
    ("msg_expiry_interval_override", Form::DurationOrDisabled),
    ("allow_never_expire", Form::Bool),
    ("msg_clear_interval", Form::Duration),
    ("max_payload_size", Form::Size),
    ("stop_publish_clear_msg", Form::Bool),
    ("delivery_rate", Form::Rate),
    ("max_publish_rate", Form::Rate),
];

const BACKEND_FIELDS: [(&str, Form); 5] = [
    ("type", Form::OneOf(&["built_in_database"])),
    ("storage_type", Form::OneOf(&["ram", "disc"])),
    ("max_retained_messages", Form::Count),
    ("index_specs", Form::IndexSpecs),
    ("enable", Form::Bool),
];

fn fits(form: Form, value: &Value) -> bool {
    let text = value.as_str();
    match form {
        Form::Bool => value.is_boolean(),
        Form::Duration => text.is_some_and(is_duration),
        Form::DurationOrDisabled => text.is_some_and(|s| s == "disabled" || is_duration(s)),
        Form::Size => text.and_then(byte_size).is_some(),
        Form::Rate => text.is_some_and(is_rate),
        Form::OneOf(options) => text.is_some_and(|s| options.contains(&s)),
        Form::Count => value.is_u64(),
        Form::IndexSpecs => value.as_array().is_some_and(|specs| {
            specs.iter().all(|spec| {
                spec.as_array()
                    .is_some_and(|ix| ix.iter().all(|i| i.as_u64().is_some_and(|n| n > 0)))
            })
        }),
    }
}

/// The request check's 400 for `path` (`retainer.<key>`), as hocon words it.
fn refused(path: &str, reason: &str) -> ApiError {
    bad_request(format!(
        "{{\"kind\":\"validation_error\",\"path\":\"{path}\",\"reason\":\"{reason}\"}}"
    ))
}

/// `given` over `defaults`, each key checked against `fields`.
fn fill(
    fields: &[(&str, Form)],
    section: &str,
    given: &Map<String, Value>,
    defaults: &mut Map<String, Value>,
) -> Result<(), ApiError> {
    for (key, value) in given {
        let path = format!("{section}.{key}");
        let (_, form) = fields
            .iter()
            .find(|(name, _)| name == key)
            .ok_or_else(|| refused(&path, "unknown_fields"))?;
        if !fits(*form, value) {
            return Err(refused(&path, "bad_value"));
        }
        defaults.insert(key.clone(), value.clone());
    }
    Ok(())
}

/// Like EMQX, the body replaces the settings: what it leaves out (in
/// `backend` too) takes its default.
pub(crate) fn set_retainer(b: &mut Broker, req: &Req<'_>) -> Reply {
    let body = req
        .json()?
        .as_object()
        .ok_or_else(|| bad_request("the body must be an object"))?;
    let mut settings = match default_retainer() {
        Value::Object(defaults) => defaults,
        _ => Map::new(),
    };
    let mut top = body.clone();
    if let Some(backend) = top.remove("backend") {
        let given = backend
            .as_object()
            .ok_or_else(|| refused("retainer.backend", "bad_value"))?;
        if let Some(Value::Object(defaults)) = settings.get_mut("backend") {
            fill(&BACKEND_FIELDS, "retainer.backend", given, defaults)?;
        }
    }
    fill(&RETAINER_FIELDS, "retainer", &top, &mut settings)?;
    b.mqtt.retainer = Value::Object(settings);
    retainer(b)
}

/// Deletes every retained message.
pub(crate) fn delete_all_retained(b: &mut Broker) -> Reply {
    b.retained.clear();
    b.observe_stats();
    no_content()
}
