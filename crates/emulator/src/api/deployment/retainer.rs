//! Retained messages (`retain: true` publishes): `GET /mqtt/retainer/messages`,
//! `GET`/`DELETE /mqtt/retainer/message/{topic}`.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;

use crate::model::deployment::broker::Broker;
use crate::model::deployment::retained::Retained;
use crate::rest::errors::{Reply, no_content, not_found, ok};
use crate::rest::pagination::PageParams;
use crate::rest::request::Query;
use crate::util::topic;

pub(crate) fn list(b: &Broker, q: &Query) -> Reply {
    let page = PageParams::from_query(q)?;
    let filter = q.get("topic");
    let rows: Vec<&Retained> = b
        .retained
        .values()
        .filter(|r| filter.is_none_or(|f| topic::matches(&r.topic, f)))
        .collect();
    ok(page.envelope(rows, filter.is_none(), Retained::summary))
}

fn missing() -> crate::rest::errors::ApiError {
    not_found("Viewed message doesn't exist")
}

pub(crate) fn get(b: &Broker, name: &str) -> Reply {
    let r = b.retained.get(name).ok_or_else(missing)?;
    let mut v = r.summary();
    v["payload"] = Value::String(STANDARD.encode(&r.payload));
    ok(v)
}

pub(crate) fn delete(b: &mut Broker, name: &str) -> Reply {
    b.retained.shift_remove(name).ok_or_else(missing)?;
    no_content()
}
