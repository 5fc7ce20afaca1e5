//! `/shadows`: the Cloud device-shadow service. Models are listed under
//! `items` (not `data`) in camelCase, and its success answers carry no
//! `code`, as documented; failures use the v4 shape (unknown id: 404).

use serde_json::{Map, Value};

use crate::model::deployment::broker::Broker;
use crate::model::deployment::v4::shadow::Shadow;
use crate::rest::request::{Query, Req};
use crate::rest::v4::{
    V4Error, V4Page, V4Reply, code, done, not_found, object, opt_text, param_error,
};
use crate::util::ids;

fn shadow<'b>(b: &'b mut Broker, id: &str) -> Result<&'b mut Shadow, V4Error> {
    b.v4.shadows
        .get_mut(id)
        .ok_or_else(|| not_found(format!("shadow {id:?} does not exist")))
}

/// `meta.limit` is 10 in the docs' example when no `_limit` is sent.
pub(crate) fn list(b: &mut Broker, q: &Query) -> V4Reply {
    let page = V4Page::from_query(q, 10)?;
    Ok(page.envelope("items", b.v4.shadows.values(), false, Shadow::to_json))
}

pub(crate) fn get(b: &mut Broker, id: &str) -> V4Reply {
    Ok(shadow(b, id)?.to_json())
}

/// `shadowID` is generated when absent; an existing one is 113.
pub(crate) fn create(b: &mut Broker, req: &Req<'_>) -> V4Reply {
    let obj = object(req.body)?;
    let id = match opt_text(obj, "shadowID")? {
        Some(id) if !id.is_empty() => id.to_owned(),
        _ => ids::shadow_id(),
    };
    if b.v4.shadows.contains_key(&id) {
        return Err(V4Error::new(
            code::ALREADY_EXISTS,
            format!("shadow {id:?} already exists"),
        ));
    }
    let name = opt_text(obj, "shadowName")?.unwrap_or(&id).to_owned();
    let description = opt_text(obj, "description")?.unwrap_or("").to_owned();
    let created = Shadow::new(id.clone(), name, description);
    let answer = created.to_json();
    b.v4.shadows.insert(id, created);
    Ok(answer)
}

/// Name and description only; the id cannot change (a different
/// `shadowID` in the body is 108).
pub(crate) fn update(b: &mut Broker, id: &str, req: &Req<'_>) -> V4Reply {
    let obj = object(req.body)?;
    if opt_text(obj, "shadowID")?.is_some_and(|given| given != id) {
        return Err(param_error("shadowID cannot be changed"));
    }
    let name = opt_text(obj, "shadowName")?.map(str::to_owned);
    let description = opt_text(obj, "description")?.map(str::to_owned);
    let s = shadow(b, id)?;
    if let Some(name) = name {
        s.name = name;
    }
    if let Some(description) = description {
        s.description = description;
    }
    s.updated_at = crate::util::timefmt::now();
    Ok(s.to_json())
}

/// The document answers `{data, createdAt, createAt, lastTime, version}`.
pub(crate) fn get_json(b: &mut Broker, id: &str) -> V4Reply {
    Ok(shadow(b, id)?.doc_json())
}

/// The docs' table wraps the document in `data` (typed String), their
/// example sends it bare: a body that is exactly `{"data": <object>}` is
/// unwrapped, a `data` string is parsed, anything else is the document.
fn document(req: &Req<'_>) -> Result<Map<String, Value>, V4Error> {
    let obj = object(req.body)?;
    let inner = match obj.get("data") {
        Some(Value::Object(doc)) if obj.len() == 1 => Some(doc.clone()),
        Some(Value::String(text)) if obj.len() == 1 => match serde_json::from_str(text) {
            Ok(Value::Object(doc)) => Some(doc),
            _ => return Err(param_error("data must hold a JSON object")),
        },
        _ => None,
    };
    Ok(inner.unwrap_or_else(|| obj.clone()))
}

pub(crate) fn replace_json(b: &mut Broker, id: &str, req: &Req<'_>) -> V4Reply {
    let doc = document(req)?;
    let s = shadow(b, id)?;
    s.replace(doc);
    Ok(s.doc_json())
}

/// A nested object where the document has none is 108: the service wants
/// it added level by level.
pub(crate) fn patch_json(b: &mut Broker, id: &str, req: &Req<'_>) -> V4Reply {
    let patch = document(req)?;
    let s = shadow(b, id)?;
    s.patch(&patch).map_err(|e| {
        param_error(format!(
            "add the object {:?} level by level: first {{}}, then its keys",
            e.0
        ))
    })?;
    Ok(s.doc_json())
}

/// The docs show no answer body; `{"code": 0}` is sent.
pub(crate) fn delete(b: &mut Broker, id: &str) -> V4Reply {
    b.v4.shadows
        .shift_remove(id)
        .ok_or_else(|| not_found(format!("shadow {id:?} does not exist")))?;
    done()
}
