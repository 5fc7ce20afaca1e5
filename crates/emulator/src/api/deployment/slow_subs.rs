//! Slow subscriptions: settings (`GET`/`PUT /slow_subscriptions/settings`),
//! records (`GET /slow_subscriptions`, all in one answer) and clearing them (`DELETE`).

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

/// EMQX's most records in one answer.
const MAX_RECORDS: usize = 1000;

/// `{data}` only: every record, slowest first, up to [`MAX_RECORDS`]. Like
/// EMQX, `page` and `limit` are checked but do not page the answer.
pub(crate) fn list(b: &Broker, q: &Query) -> Reply {
    PageParams::from_query(q)?;
    ok(json!({ "data": slowest_first(&b.slow_subs.records) }))
}

fn slowest_first(records: &[Value]) -> Vec<Value> {
    let mut data = records.to_vec();
    let timespan = |v: &Value| v.get("timespan").and_then(Value::as_u64).unwrap_or(0);
    data.sort_by_key(|v| std::cmp::Reverse(timespan(v)));
    data.truncate(MAX_RECORDS);
    data
}

pub(crate) fn clear(b: &mut Broker) -> Reply {
    b.slow_subs.records.clear();
    no_content()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_record_slowest_first_up_to_the_limit() {
        let records: Vec<Value> = (0..1005).map(|t| json!({"timespan": t})).collect();
        let data = slowest_first(&records);
        assert_eq!(data.len(), MAX_RECORDS);
        assert_eq!(
            (data[0]["timespan"].clone(), data[999]["timespan"].clone()),
            (json!(1004), json!(5))
        );
    }
}
