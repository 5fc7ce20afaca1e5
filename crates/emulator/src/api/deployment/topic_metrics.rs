//! Topic metrics: `GET`/`POST`/`PUT /mqtt/topic_metrics` (list, add, reset)
//! and `GET`/`DELETE /mqtt/topic_metrics/{topic}`.

use http::StatusCode;
use serde_json::Value;

use crate::model::deployment::broker::Broker;
use crate::model::deployment::topic_metrics::{AddError, MAX_TOPICS};
use crate::rest::errors::{ApiError, Reply, bad_request, no_content, ok};
use crate::rest::request::Req;
use crate::util::{timefmt, topic};

fn topic_not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "TOPIC_NOT_FOUND", "Topic not found")
}

pub(crate) fn list(b: &Broker) -> Reply {
    ok(Value::Array(b.topic_metrics.all()))
}

pub(crate) fn get(b: &Broker, name: &str) -> Reply {
    b.topic_metrics
        .get(name)
        .map_or_else(|| Err(topic_not_found()), ok)
}

/// `POST {topic}`: a topic name (no wildcards), once; at most 512.
pub(crate) fn add(b: &mut Broker, r: &Req<'_>) -> Reply {
    let Some(name) = r.json()?.get("topic").and_then(Value::as_str) else {
        return Err(bad_request("topic is required and must be a string"));
    };
    if !topic::valid_name(name) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "BAD_TOPIC",
            "Topic is invalid or contains wildcards",
        ));
    }
    match b.topic_metrics.add(name, timefmt::now()) {
        Ok(()) => no_content(),
        Err(AddError::AlreadyExists) => Err(bad_request("Topic already registered")),
        Err(AddError::Full) => Err(ApiError::new(
            StatusCode::CONFLICT,
            "EXCEED_LIMIT",
            format!("Topic metrics exceeded max limit {MAX_TOPICS}"),
        )),
    }
}

/// `PUT {action: "reset", topic?}`: one topic's counters, or every topic's.
pub(crate) fn reset(b: &mut Broker, r: &Req<'_>) -> Reply {
    let body = r.json()?;
    if body.get("action").and_then(Value::as_str) != Some("reset") {
        return Err(bad_request("action must be \"reset\""));
    }
    let name = match body.get("topic") {
        None => None,
        Some(Value::String(s)) => Some(s.as_str()),
        Some(_) => return Err(bad_request("topic must be a string")),
    };
    if b.topic_metrics.reset(name, timefmt::now()) {
        no_content()
    } else {
        Err(topic_not_found())
    }
}

pub(crate) fn delete(b: &mut Broker, name: &str) -> Reply {
    if b.topic_metrics.remove(name) {
        no_content()
    } else {
        Err(topic_not_found())
    }
}
