//! Retained messages (`retain: true` publishes): `GET /mqtt/retainer/messages`,
//! `GET`/`DELETE /mqtt/retainer/message/{topic}`. Like EMQX, the `{topic}` of
//! the last two is a filter: GET answers the oldest message it matches, and
//! DELETE removes every message it matches (`#` removes them all).

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

/// The oldest retained message `filter` matches, as EMQX's `page_read(Topic, 1, 1)`.
fn oldest<'b>(b: &'b Broker, filter: &str) -> Option<&'b Retained> {
    b.retained
        .values()
        .filter(|r| topic::matches(&r.topic, filter))
        .min_by(|x, y| x.publish_at.cmp(&y.publish_at))
}

pub(crate) fn get(b: &Broker, filter: &str) -> Reply {
    let r = oldest(b, filter).ok_or_else(missing)?;
    let mut v = r.summary();
    v["payload"] = Value::String(STANDARD.encode(&r.payload));
    ok(v)
}

pub(crate) fn delete(b: &mut Broker, filter: &str) -> Reply {
    oldest(b, filter).ok_or_else(missing)?;
    b.retained.retain(|_, r| !topic::matches(&r.topic, filter));
    no_content()
}
