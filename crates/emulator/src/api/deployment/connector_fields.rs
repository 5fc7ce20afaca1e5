//! The check `POST /connectors` and `PUT /connectors/{id}` run on a
//! connector's configuration: the fields its type's 5.8.6 schema requires
//! (a table generated from the spec). A type the table does not know is
//! not checked.

use serde_json::{Map, Value};

use crate::rest::errors::{ApiError, required_field};
use crate::vocab::connector_fields::CONNECTOR_FIELDS;

/// The fields a connector of type `kind` requires, picked among the type's
/// variants by the body's discriminating field (IoTDB's `driver`).
fn required(kind: &str, config: &Map<String, Value>) -> &'static [&'static str] {
    CONNECTOR_FIELDS
        .iter()
        .filter(|(known, _, _)| *known == kind)
        .find(|(_, variant, _)| {
            variant.is_none_or(|(field, value)| {
                config.get(field).and_then(Value::as_str) == Some(value)
            })
        })
        .map_or(&[], |(_, _, fields)| *fields)
}

/// 400 `required_field` for the first required field `config` lacks.
pub(crate) fn check(kind: &str, config: &Map<String, Value>) -> Result<(), ApiError> {
    match required(kind, config)
        .iter()
        .find(|field| !config.contains_key(**field))
    {
        Some(missing) => Err(required_field(missing)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn missing(kind: &str, config: Value) -> Option<String> {
        check(kind, config.as_object().unwrap())
            .err()
            .map(|e| e.message)
    }

    #[test]
    fn each_type_requires_its_schema_fields() {
        assert!(
            missing("mqtt", json!({"enable": false}))
                .unwrap()
                .contains("root.server")
        );
        assert!(
            missing("kafka_producer", json!({}))
                .unwrap()
                .contains("root.bootstrap_hosts")
        );
        assert!(
            missing("pgsql", json!({"server": "s", "database": "d"}))
                .unwrap()
                .contains("root.username")
        );
        assert_eq!(missing("mqtt", json!({"server": "broker:1883"})), None);
        assert_eq!(missing("not_a_type", json!({})), None);
    }

    #[test]
    fn iotdb_fields_follow_the_driver() {
        assert!(
            missing("iotdb", json!({}))
                .unwrap()
                .contains("root.base_url")
        );
        let thrift = json!({"driver": "thrift", "server": "s", "username": "u"});
        assert!(missing("iotdb", thrift).unwrap().contains("root.password"));
    }
}
