//! Checks a nested settings body against a table of its fields, as
//! minirest's schema check does before the handler runs: an unknown field or
//! a value of the wrong type is a 400 naming the field's path, and a field
//! left out takes its default (the body replaces the settings).

use serde_json::{Map, Value, json};

use crate::rest::errors::{ApiError, bad_request};
use crate::util::hocon::{byte_size, is_duration, is_rate};

/// What one field accepts.
pub(crate) enum Check {
    Bool,
    Str,
    /// `15s`, `500ms`...
    Duration,
    /// A duration, or this word (`disabled`).
    DurationOr(&'static str),
    /// `1MB`, `512KB`...
    Size,
    /// `1000/s`, `infinity`...
    Rate,
    /// A list of lists of positive integers (the retainer's `index_specs`).
    IntLists,
    OneOf(&'static [&'static str]),
    /// An integer in `min..=max`.
    Int(u64, u64),
    /// `{name: text}` pairs (HTTP headers).
    StrMap,
    /// Any object (TLS options, checked by the real server's own schema).
    AnyObject,
    Object(&'static [Field]),
}

pub(crate) type Field = (&'static str, Check);

/// minirest's message for a body that fails the schema: a JSON object as text.
fn invalid(path: &str, reason: &str, value: Option<&Value>) -> ApiError {
    let mut message = json!({
        "kind": "validation_error",
        "path": format!("root.{path}"),
        "reason": reason,
    });
    if let Some(value) = value {
        message["value"] = value.clone();
    }
    bad_request(message.to_string())
}

/// `given` checked against `fields` and laid over `defaults`.
pub(crate) fn merged(
    path: &str,
    given: &Value,
    defaults: &Value,
    fields: &[Field],
) -> Result<Value, ApiError> {
    let Value::Object(given) = given else {
        let at = if path.is_empty() { "root" } else { path };
        return Err(bad_request(format!("{at}: expected an object")));
    };
    let mut out: Map<String, Value> = defaults.as_object().cloned().unwrap_or_default();
    for (key, value) in given {
        let here = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        let Some((_, check)) = fields.iter().find(|(name, _)| name == key) else {
            return Err(invalid(&here, "unknown_field", None));
        };
        let checked = match check {
            Check::Object(inner) => {
                let default = defaults.get(key).cloned().unwrap_or(Value::Null);
                merged(&here, value, &default, inner)?
            }
            other => {
                if !fits(other, value) {
                    return Err(invalid(&here, "bad_value", Some(value)));
                }
                value.clone()
            }
        };
        out.insert(key.clone(), checked);
    }
    Ok(Value::Object(out))
}

fn fits(check: &Check, value: &Value) -> bool {
    match check {
        Check::Bool => value.is_boolean(),
        Check::Str => value.is_string(),
        Check::Duration => value.as_str().is_some_and(is_duration),
        Check::DurationOr(word) => value.as_str().is_some_and(|s| s == *word || is_duration(s)),
        Check::Size => value.as_str().and_then(byte_size).is_some(),
        Check::Rate => value.as_str().is_some_and(is_rate),
        Check::IntLists => value.as_array().is_some_and(|lists| {
            lists.iter().all(|list| {
                list.as_array()
                    .is_some_and(|ints| ints.iter().all(|i| i.as_u64().is_some_and(|n| n > 0)))
            })
        }),
        Check::OneOf(choices) => value.as_str().is_some_and(|s| choices.contains(&s)),
        Check::Int(min, max) => value.as_u64().is_some_and(|n| (*min..=*max).contains(&n)),
        Check::StrMap => value
            .as_object()
            .is_some_and(|m| m.values().all(Value::is_string)),
        Check::AnyObject => value.is_object(),
        Check::Object(_) => value.is_object(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const INNER: &[Field] = &[("enable", Check::Bool), ("interval", Check::Duration)];
    const FIELDS: &[Field] = &[("name", Check::Str), ("inner", Check::Object(INNER))];

    #[test]
    fn fields_left_out_take_their_defaults() {
        let defaults = json!({"name": "a", "inner": {"enable": false, "interval": "10s"}});
        let got = merged("", &json!({"inner": {"enable": true}}), &defaults, FIELDS).unwrap();
        assert_eq!(
            got,
            json!({"name": "a", "inner": {"enable": true, "interval": "10s"}})
        );
    }

    #[test]
    fn a_bad_nested_value_names_its_path() {
        let err = merged(
            "",
            &json!({"inner": {"interval": "soon"}}),
            &json!({}),
            FIELDS,
        )
        .unwrap_err();
        assert!(
            err.message.contains("root.inner.interval"),
            "{}",
            err.message
        );
        let err = merged("", &json!({"other": 1}), &json!({}), FIELDS).unwrap_err();
        assert!(err.message.contains("unknown_field"), "{}", err.message);
    }
}
