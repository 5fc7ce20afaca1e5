//! The checks `POST /authentication` and `PUT /authentication/{id}` run on an
//! authenticator's configuration: a known mechanism and backend, and the
//! fields the 5.8.6 schema of that variant requires. Secrets are answered
//! masked at any depth, and a masked secret sent back keeps the stored one,
//! as EMQX does.

use serde_json::{Map, Value};

use crate::model::deployment::authn::authenticator_id;
use crate::rest::errors::{ApiError, bad_request, required_field};
use crate::util::redact::{deobfuscate, redact};

/// The fields every variant of an authenticator requires, beyond `mechanism`
/// and `backend`; variants told apart by a field (`redis_type`, ...) add theirs.
const REQUIRED: &[(&str, &[&str])] = &[
    ("password_based:built_in_database", &["user_id_type"]),
    ("scram:built_in_database", &[]),
    ("password_based:http", &["method", "url"]),
    ("scram:http", &["method", "url"]),
    ("jwt", &[]),
    ("password_based:redis", &["cmd"]),
    ("password_based:mysql", &["database", "query", "server"]),
    (
        "password_based:postgresql",
        &["database", "query", "server", "username"],
    ),
    (
        "password_based:mongodb",
        &["collection", "database", "mongo_type"],
    ),
    ("password_based:ldap", &["base_dn", "server", "username"]),
    ("gssapi:kerberos", &["principal"]),
    ("cinfo", &["checks"]),
    ("gcp_device", &[]),
];

fn text<'a>(config: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    config.get(key).and_then(Value::as_str)
}

/// The fields a variant adds, picked by its discriminating field.
fn variant_fields(
    id: &str,
    config: &Map<String, Value>,
) -> Result<&'static [&'static str], ApiError> {
    let bad = |field: &str, allowed: &str| bad_request(format!("{field} must be one of {allowed}"));
    Ok(match id {
        "password_based:http" | "scram:http" => match text(config, "method") {
            None | Some("post" | "get") => &[],
            Some(_) => return Err(bad("method", "post, get")),
        },
        "jwt" if config.get("use_jwks") == Some(&Value::Bool(true)) => &["endpoint"],
        "jwt" => match text(config, "algorithm") {
            Some("hmac-based") => &["secret"],
            Some("public-key") => &["public_key"],
            None => &["algorithm"],
            Some(_) => return Err(bad("algorithm", "hmac-based, public-key")),
        },
        "password_based:redis" => match text(config, "redis_type").unwrap_or("single") {
            "single" => &["server"],
            "cluster" => &["servers"],
            "sentinel" => &["servers", "sentinel"],
            _ => return Err(bad("redis_type", "single, cluster, sentinel")),
        },
        "password_based:mongodb" => match text(config, "mongo_type") {
            None => &[],
            Some("single") => &["server"],
            Some("rs") => &["servers", "replica_set_name"],
            Some("sharded") => &["servers"],
            Some(_) => return Err(bad("mongo_type", "single, rs, sharded")),
        },
        _ => &[],
    })
}

/// Checks a configuration and answers its id (`<mechanism>:<backend>`).
pub(crate) fn check(config: &Map<String, Value>) -> Result<String, ApiError> {
    if text(config, "mechanism").is_none() {
        return Err(required_field("mechanism"));
    }
    let id = authenticator_id(config).unwrap_or_default();
    let (_, required) = REQUIRED
        .iter()
        .find(|(known, _)| *known == id)
        .ok_or_else(|| bad_request(format!("unknown authenticator type {id}")))?;
    let extra = variant_fields(&id, config)?;
    if let Some(missing) = required
        .iter()
        .chain(extra)
        .find(|field| !config.contains_key(**field))
    {
        return Err(required_field(missing));
    }
    if let Some(enable) = config.get("enable")
        && !enable.is_boolean()
    {
        return Err(bad_request("enable must be a boolean"));
    }
    Ok(id)
}

/// The configuration to store: `enable` defaults to true, and a masked secret
/// sent back (from an earlier GET) keeps the stored one.
pub(crate) fn stored(config: Map<String, Value>, previous: Option<&Value>) -> Value {
    let mut config = match previous.and_then(Value::as_object) {
        Some(old) => deobfuscate(&config, old),
        None => config,
    };
    config.entry("enable").or_insert(Value::Bool(true));
    Value::Object(config)
}

/// A configuration as the API answers it: with its id, secrets masked.
pub(crate) fn answer(id: &str, config: &Value) -> Value {
    let mut out = redact(config);
    if let Some(out) = out.as_object_mut() {
        out.insert("id".to_owned(), Value::String(id.to_owned()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::redact::MASK;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn ids_and_required_fields() {
        let http =
            json!({"mechanism": "password_based", "backend": "http", "method": "post", "url": "u"});
        assert_eq!(check(&obj(http)).unwrap(), "password_based:http");
        let no_url = json!({"mechanism": "password_based", "backend": "http", "method": "post"});
        assert!(
            check(&obj(no_url))
                .unwrap_err()
                .message
                .contains("root.url")
        );
        let jwt = json!({"mechanism": "jwt", "algorithm": "hmac-based"});
        assert!(
            check(&obj(jwt))
                .unwrap_err()
                .message
                .contains("root.secret")
        );
        let redis = json!({"mechanism": "password_based", "backend": "redis", "cmd": "c", "redis_type": "cluster"});
        assert!(
            check(&obj(redis))
                .unwrap_err()
                .message
                .contains("root.servers")
        );
        let unknown = json!({"mechanism": "password_based", "backend": "oracle"});
        assert!(check(&obj(unknown)).is_err());
    }

    #[test]
    fn secrets_are_masked_and_kept() {
        let first = stored(obj(json!({"mechanism": "jwt", "secret": "s"})), None);
        assert_eq!(answer("jwt", &first)["secret"], MASK);
        let again = stored(
            obj(json!({"mechanism": "jwt", "secret": MASK})),
            Some(&first),
        );
        assert_eq!(again["secret"], "s");
    }

    #[test]
    fn nested_secrets_are_masked_and_kept() {
        let ldap = json!({"mechanism": "password_based", "backend": "ldap",
            "method": {"type": "bind", "bind_password": "b"}, "ssl": {"password": "k"}});
        let first = stored(obj(ldap), None);
        let shown = answer("password_based:ldap", &first);
        assert_eq!(shown["method"]["bind_password"], MASK);
        assert_eq!(shown["ssl"]["password"], MASK);
        let again = stored(obj(shown), Some(&first));
        assert_eq!(again["method"]["bind_password"], "b");
        assert_eq!(again["ssl"]["password"], "k");
    }
}
