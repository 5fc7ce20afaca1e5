//! The EMQX Cloud device-shadow service of a v4 deployment: shadow models
//! (id, name, description) each holding one JSON document with a version.

use serde_json::{Map, Value, json};
use time::OffsetDateTime;

use crate::util::timefmt;

pub(crate) struct Shadow {
    pub id: String,
    pub name: String,
    pub description: String,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    /// The shadow JSON document (an object).
    pub doc: Map<String, Value>,
    pub version: u64,
    /// When the document last changed (its creation until then).
    pub last_time: OffsetDateTime,
}

/// Why a PATCH could not be merged.
#[derive(Debug)]
pub(crate) struct NestedAdd(pub String);

impl Shadow {
    pub fn new(id: String, name: String, description: String) -> Self {
        let now = timefmt::now();
        Self {
            id,
            name,
            description,
            created_at: now,
            updated_at: now,
            doc: Map::new(),
            version: 0,
            last_time: now,
        }
    }

    /// The model, in camelCase with `YYYY-MM-DD HH:mm` times.
    pub fn to_json(&self) -> Value {
        json!({
            "shadowID": self.id,
            "shadowName": self.name,
            "description": self.description,
            "createdAt": timefmt::platform_minutes(self.created_at),
            "updatedAt": timefmt::platform_minutes(self.updated_at),
        })
    }

    /// The document with its times in epoch ms. The table names the creation
    /// time `createdAt`, the examples `createAt`: both are sent.
    pub fn doc_json(&self) -> Value {
        let ms = |t: OffsetDateTime| (t.unix_timestamp_nanos() / 1_000_000) as i64;
        json!({
            "data": self.doc,
            "createdAt": ms(self.created_at),
            "createAt": ms(self.created_at),
            "lastTime": ms(self.last_time),
            "version": self.version,
        })
    }

    pub fn replace(&mut self, doc: Map<String, Value>) {
        self.doc = doc;
        self.touch();
    }

    /// Merges `patch` into the document. A non-empty object merges into an
    /// existing object at its key; adding one where there is none fails, as
    /// the service wants nested objects added level by level.
    pub fn patch(&mut self, patch: &Map<String, Value>) -> Result<(), NestedAdd> {
        let mut doc = self.doc.clone();
        merge(&mut doc, patch, "")?;
        self.doc = doc;
        self.touch();
        Ok(())
    }

    fn touch(&mut self) {
        self.version += 1;
        self.last_time = timefmt::now();
    }
}

fn merge(
    doc: &mut Map<String, Value>,
    patch: &Map<String, Value>,
    at: &str,
) -> Result<(), NestedAdd> {
    for (key, value) in patch {
        let path = format!("{at}{key}");
        match (doc.get_mut(key), value) {
            (Some(Value::Object(inner)), Value::Object(p)) => merge(inner, p, &format!("{path}."))?,
            (_, Value::Object(p)) if !p.is_empty() => return Err(NestedAdd(path)),
            _ => {
                doc.insert(key.clone(), value.clone());
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patch_adds_nested_objects_level_by_level() {
        let mut s = Shadow::new("s".into(), "n".into(), String::new());
        s.replace(json!({"color": "blue"}).as_object().cloned().unwrap());
        let nested = json!({"key": {"a": 100}});
        assert!(s.patch(nested.as_object().unwrap()).is_err());
        assert_eq!(s.version, 1, "a failed patch changes nothing");
        s.patch(json!({"key": {}}).as_object().unwrap()).unwrap();
        s.patch(nested.as_object().unwrap()).unwrap();
        assert_eq!(
            Value::Object(s.doc.clone()),
            json!({"color": "blue", "key": {"a": 100}})
        );
        assert_eq!(s.version, 3);
    }
}
