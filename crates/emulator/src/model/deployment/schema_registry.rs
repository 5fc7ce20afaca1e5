//! The schema registry: schemas kept by name (Avro, Protobuf, JSON Schema), and
//! the external registries (Confluent) EMQX can fetch schemas from.

use indexmap::IndexMap;
use serde_json::{Map, Value, json};

/// What EMQX shows instead of a stored password.
pub(crate) const MASKED: &str = "******";

#[derive(Debug, Default)]
pub(crate) struct SchemaRegistry {
    /// Each schema's `type`, `source` and `description`, by name.
    pub schemas: IndexMap<String, Map<String, Value>>,
    /// Each external registry's `type`, `url` and `auth`, by name.
    pub external: IndexMap<String, Map<String, Value>>,
}

/// An external registry as answers show it: the password masked.
pub(crate) fn external_json(config: &Map<String, Value>) -> Value {
    let mut shown = config.clone();
    if let Some(auth) = shown.get_mut("auth").and_then(Value::as_object_mut)
        && auth.contains_key("password")
    {
        auth.insert("password".into(), json!(MASKED));
    }
    Value::Object(shown)
}
