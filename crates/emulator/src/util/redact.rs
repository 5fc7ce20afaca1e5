//! Secrets in configurations, as EMQX 5.8 hides them: answers show `******`
//! for every sensitive key at any depth (and for the `authorization` headers),
//! and a PUT that sends `******` back keeps the stored value.

use serde_json::{Map, Value};

pub(crate) const MASK: &str = "******";

/// The keys EMQX treats as secrets wherever they appear.
const SENSITIVE_KEYS: [&str; 14] = [
    "account_key",
    "aws_secret_access_key",
    "password",
    "private_key",
    "secret",
    "secret_access_key",
    "access_key_secret",
    "access_key_id",
    "secret_key",
    "security_token",
    "sp_private_key",
    "token",
    "jwt",
    "bind_password",
];

/// Header names whose values are secrets, inside a `headers` object.
const SENSITIVE_HEADERS: [&str; 2] = ["authorization", "proxy-authorization"];

fn is_sensitive_key(key: &str) -> bool {
    SENSITIVE_KEYS.contains(&key)
}

fn is_sensitive_header(key: &str) -> bool {
    is_sensitive_key(key) || SENSITIVE_HEADERS.contains(&key.trim().to_lowercase().as_str())
}

/// A secret's value as answered. A value that is one `${placeholder}` or a
/// `file://` reference names where the secret is, so EMQX shows it.
fn mask(value: &Value) -> Value {
    if let Value::String(text) = value {
        let placeholder = text.starts_with("${")
            && text.ends_with('}')
            && !text[2..text.len() - 1].contains(['{', '}']);
        if placeholder || text.starts_with("file://") {
            return value.clone();
        }
    }
    Value::String(MASK.to_owned())
}

/// `value` with every secret masked, at any depth.
pub(crate) fn redact(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, v)| {
                    let shown = if key == "headers" {
                        redact_headers(v)
                    } else if is_sensitive_key(key) {
                        mask(v)
                    } else {
                        redact(v)
                    };
                    (key.clone(), shown)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(redact).collect()),
        other => other.clone(),
    }
}

/// A `headers` object: only the credential headers are masked.
fn redact_headers(headers: &Value) -> Value {
    match headers {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(name, v)| {
                    let shown = if is_sensitive_header(name) {
                        mask(v)
                    } else {
                        v.clone()
                    };
                    (name.clone(), shown)
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The configuration to store from a PUT body `new`: a secret sent back as
/// `******` keeps the value in `old` (or is dropped where `old` has none),
/// objects are merged key by key; everything else is taken from `new`.
pub(crate) fn deobfuscate(
    new: &Map<String, Value>,
    old: &Map<String, Value>,
) -> Map<String, Value> {
    restore(new, old, is_sensitive_key)
}

fn restore(
    new: &Map<String, Value>,
    old: &Map<String, Value>,
    sensitive: fn(&str) -> bool,
) -> Map<String, Value> {
    let masked = |key: &str, v: &Value| v.as_str() == Some(MASK) && sensitive(key);
    let mut out = Map::new();
    for (key, v) in new {
        let kept = match (old.get(key), v) {
            (None, _) if masked(key, v) => continue,
            (Some(Value::Object(before)), Value::Object(now)) => {
                let inner = if key == "headers" {
                    is_sensitive_header
                } else {
                    sensitive
                };
                Value::Object(restore(now, before, inner))
            }
            (Some(before), _) if masked(key, v) => before.clone(),
            _ => v.clone(),
        };
        out.insert(key.clone(), kept);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// What a PUT of `new` stores over `old`.
    fn restored(new: Value, old: Value) -> Value {
        Value::Object(deobfuscate(
            new.as_object().unwrap(),
            old.as_object().unwrap(),
        ))
    }

    #[test]
    fn redacts_secrets_at_any_depth() {
        let config = json!({
            "server": "db:3306",
            "password": "p",
            "method": {"type": "bind", "bind_password": "b"},
            "ssl": {"enable": true, "password": "k"},
            "authentication": [{"secret": "s", "username": "u"}],
            "parameters": {"aws_secret_access_key": "a", "token": 7},
            "headers": {"Authorization": "Bearer x", "content-type": "json"},
        });
        assert_eq!(
            redact(&config),
            json!({
                "server": "db:3306",
                "password": MASK,
                "method": {"type": "bind", "bind_password": MASK},
                "ssl": {"enable": true, "password": MASK},
                "authentication": [{"secret": MASK, "username": "u"}],
                "parameters": {"aws_secret_access_key": MASK, "token": MASK},
                "headers": {"Authorization": MASK, "content-type": "json"},
            })
        );
    }

    #[test]
    fn placeholders_and_files_are_shown() {
        let config =
            json!({"password": "${env.DB_PASS}", "secret": "file:///etc/s", "token": "a${x}"});
        assert_eq!(
            redact(&config),
            json!({"password": "${env.DB_PASS}", "secret": "file:///etc/s", "token": MASK})
        );
    }

    #[test]
    fn a_mask_sent_back_keeps_the_stored_secret() {
        let old = json!({
            "password": "p",
            "ssl": {"password": "k", "verify": "verify_peer"},
            "headers": {"authorization": "Bearer x"},
        });
        let new = json!({
            "password": MASK,
            "ssl": {"password": MASK},
            "headers": {"authorization": MASK, "accept": "json"},
            "secret": MASK,
            "pool_size": 4,
        });
        assert_eq!(
            restored(new, old),
            json!({
                "password": "p",
                "ssl": {"password": "k"},
                "headers": {"authorization": "Bearer x", "accept": "json"},
                "pool_size": 4,
            })
        );
    }

    #[test]
    fn a_new_secret_replaces_the_stored_one() {
        let old = json!({"password": "p"});
        let new = json!({"password": "q", "name": MASK});
        assert_eq!(restored(new, old), json!({"password": "q", "name": MASK}));
    }
}
