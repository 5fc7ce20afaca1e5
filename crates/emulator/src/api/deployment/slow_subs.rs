//! Slow subscriptions: settings (`GET`/`PUT /slow_subscriptions/settings`),
//! records (`GET /slow_subscriptions`, paginated) and clearing them (`DELETE`).

use serde_json::{Map, Value, json};

use crate::model::deployment::broker::Broker;
use crate::model::deployment::slow_subs::default_settings;
use crate::rest::errors::{ApiError, Reply, bad_request, no_content, ok};
use crate::rest::pagination::PageParams;
use crate::rest::request::{Query, Req};
use crate::util::hocon::is_duration;

pub(crate) fn settings(b: &Broker) -> Reply {
    ok(b.slow_subs.settings.clone())
}

fn check_field(key: &str, value: &Value) -> Result<(), ApiError> {
    let fine = match key {
        "enable" => value.is_boolean(),
        "threshold" | "expire_interval" => value.as_str().is_some_and(is_duration),
        "top_k_num" => value.as_u64().is_some_and(|n| (1..=1000).contains(&n)),
        "stats_type" => value
            .as_str()
            .is_some_and(|s| ["whole", "internal", "response"].contains(&s)),
        _ => return Err(bad_request(format!("unknown field: {key}"))),
    };
    if fine {
        Ok(())
    } else {
        Err(bad_request(format!("{key}: bad value {value}")))
    }
}

/// `PUT`: the body replaces the settings; a field left out takes its default.
pub(crate) fn update_settings(b: &mut Broker, r: &Req<'_>) -> Reply {
    let Value::Object(body) = r.json()? else {
        return Err(bad_request("the body must be an object"));
    };
    let mut settings: Map<String, Value> = match default_settings() {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    for (key, value) in body {
        check_field(key, value)?;
        settings.insert(key.clone(), value.clone());
    }
    b.slow_subs.settings = Value::Object(settings);
    if b.slow_subs.settings["enable"] == json!(false) {
        b.slow_subs.records.clear();
    }
    ok(b.slow_subs.settings.clone())
}

/// `{data}` only: this list has no `meta`.
pub(crate) fn list(b: &Broker, q: &Query) -> Reply {
    let page = PageParams::from_query(q)?;
    let data: Vec<Value> = b
        .slow_subs
        .records
        .iter()
        .skip((page.page - 1).saturating_mul(page.limit))
        .take(page.limit)
        .cloned()
        .collect();
    ok(json!({ "data": data }))
}

pub(crate) fn clear(b: &mut Broker) -> Reply {
    b.slow_subs.records.clear();
    no_content()
}
