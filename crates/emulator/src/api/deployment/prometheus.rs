//! Prometheus: the settings (`GET`/`PUT /prometheus`, in the recommended or
//! the legacy shape) and the scrape endpoints (`/prometheus/stats`, `/auth`,
//! `/data_integration`, `/schema_validation`, `/message_transformation`),
//! answered as text exposition unless the request accepts exactly
//! `application/json`, as `emqx_prometheus_api` decides.

use std::fmt::Write as _;

use axum::body::Body;
use http::{HeaderValue, Response, StatusCode, header};
use serde_json::{Map, Value, json};

use super::settings_check::{Check, Field, merged};
use crate::model::deployment::broker::Broker;
use crate::model::deployment::prometheus::{Family, Scrape, families};
use crate::model::deployment::telemetry::{legacy_to_recommended, prometheus_defaults};
use crate::rest::errors::{Reply, bad_request, ok};
use crate::rest::request::Req;

const ON_OFF: Check = Check::OneOf(&["enabled", "disabled"]);

const PUSH_GATEWAY: &[Field] = &[
    ("enable", Check::Bool),
    ("method", Check::OneOf(&["put", "post"])),
    ("url", Check::Str),
    ("interval", Check::Duration),
    ("headers", Check::StrMap),
    ("job_name", Check::Str),
];

const COLLECTORS: &[Field] = &[
    ("mnesia", ON_OFF),
    ("vm_dist", ON_OFF),
    ("vm_memory", ON_OFF),
    ("vm_msacc", ON_OFF),
    ("vm_statistics", ON_OFF),
    ("vm_system_info", ON_OFF),
];

const RECOMMENDED: &[Field] = &[
    ("enable_basic_auth", Check::Bool),
    ("push_gateway", Check::Object(PUSH_GATEWAY)),
    ("collectors", Check::Object(COLLECTORS)),
];

const LEGACY: &[Field] = &[
    ("enable", Check::Bool),
    ("push_gateway_server", Check::Str),
    ("interval", Check::Duration),
    ("headers", Check::StrMap),
    ("job_name", Check::Str),
    ("mnesia_collector", ON_OFF),
    ("vm_dist_collector", ON_OFF),
    ("vm_memory_collector", ON_OFF),
    ("vm_msacc_collector", ON_OFF),
    ("vm_statistics_collector", ON_OFF),
    ("vm_system_info_collector", ON_OFF),
];

pub(crate) fn settings(b: &Broker) -> Reply {
    ok(b.telemetry.prometheus.clone())
}

/// A body naming any of the recommended shape's fields is read in that
/// shape, else in the legacy one (`emqx_prometheus_schema`'s union).
fn is_recommended(body: &Map<String, Value>) -> bool {
    ["enable_basic_auth", "push_gateway", "collectors"]
        .iter()
        .any(|k| body.contains_key(*k))
}

/// `PUT`: the body replaces the settings (a field left out takes its
/// default); the answer is always in the recommended shape.
pub(crate) fn update_settings(b: &mut Broker, r: &Req<'_>) -> Reply {
    let body = r.json()?;
    let Value::Object(fields) = body else {
        return Err(bad_request("the body must be an object"));
    };
    let settings = if is_recommended(fields) {
        merged("", body, &prometheus_defaults(), RECOMMENDED)?
    } else {
        merged("", body, &json!({}), LEGACY)?;
        legacy_to_recommended(fields)
    };
    b.telemetry.prometheus = settings;
    ok(b.telemetry.prometheus.clone())
}

/// `GET /prometheus/<scrape>?mode=`: one node, so every mode answers the same values.
pub(crate) fn scrape(b: &mut Broker, r: &Req<'_>, which: Scrape) -> Reply {
    let modes = ["node", "all_nodes_aggregated", "all_nodes_unaggregated"];
    if let Some(mode) = r.query.get("mode")
        && !modes.contains(&mode)
    {
        return Err(bad_request(format!("mode: bad value {mode:?}")));
    }
    let families = families(b, which);
    if r.accept == Some("application/json") {
        ok(as_json(&families))
    } else {
        Ok(text_response(as_text(&families)))
    }
}

/// The text exposition format: a `# TYPE` line, then one line per sample.
fn as_text(families: &[Family]) -> String {
    let mut out = String::new();
    for family in families {
        let _ = writeln!(out, "# TYPE {} {}", family.name, family.kind.name());
        for sample in &family.samples {
            match &sample.label {
                Some((key, value)) => {
                    let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
                    let _ = writeln!(
                        out,
                        "{}{{{key}=\"{escaped}\"}} {}",
                        family.name, sample.value
                    );
                }
                None => {
                    let _ = writeln!(out, "{} {}", family.name, sample.value);
                }
            }
        }
    }
    out
}

/// Each group an object of its unlabelled values, or a list with one
/// object per labelled item (`{"id": ..., "<metric>": value, ...}`).
fn as_json(families: &[Family]) -> Value {
    let mut groups: Map<String, Value> = Map::new();
    for family in families {
        for sample in &family.samples {
            match &sample.label {
                None => {
                    let group = groups
                        .entry(family.group)
                        .or_insert_with(|| Value::Object(Map::new()));
                    group[&family.name] = json!(sample.value);
                }
                Some((key, id)) => {
                    let group = groups.entry(family.group).or_insert_with(|| json!([]));
                    let Value::Array(items) = group else { continue };
                    match items.iter_mut().find(|item| item[*key] == json!(id)) {
                        Some(item) => item[&family.name] = json!(sample.value),
                        None => items.push(json!({*key: id, &family.name: sample.value})),
                    }
                }
            }
        }
    }
    Value::Object(groups)
}

fn text_response(text: String) -> Response<Body> {
    let mut resp = Response::new(Body::from(text));
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
    *resp.status_mut() = StatusCode::OK;
    resp
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::deployment::prometheus::{MetricType, Sample};

    fn family(name: &str, label: Option<&str>, value: u64) -> Family {
        Family {
            name: name.into(),
            kind: MetricType::Gauge,
            group: "g",
            samples: vec![Sample {
                label: label.map(|l| ("id", l.to_owned())),
                value,
            }],
        }
    }

    #[test]
    fn text_has_a_type_line_and_escaped_labels() {
        let text = as_text(&[family("emqx_rule_enable", Some("a\"b"), 1)]);
        assert_eq!(
            text,
            "# TYPE emqx_rule_enable gauge\nemqx_rule_enable{id=\"a\\\"b\"} 1\n"
        );
    }

    #[test]
    fn json_merges_the_values_of_one_item() {
        let got = as_json(&[
            family("emqx_rule_enable", Some("r1"), 1),
            family("emqx_rule_matched", Some("r1"), 4),
        ]);
        assert_eq!(
            got,
            json!({"g": [{"id": "r1", "emqx_rule_enable": 1, "emqx_rule_matched": 4}]})
        );
    }
}
