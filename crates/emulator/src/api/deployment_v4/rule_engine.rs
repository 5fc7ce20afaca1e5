//! The 4.x rule engine: `/resources` (create, list, get, delete),
//! `/resource_types` and `/actions` (the fixed catalog), `/rules` (create,
//! list, get, update, delete). Ids look like `resource:b12d3e44` and
//! `rule:7fdb2c9e`; an unknown one is 404 in the body, as EMQX 4 answers.

use serde_json::{Map, Value};

use crate::model::deployment::broker::Broker;
use crate::model::deployment::v4::catalog;
use crate::model::deployment::v4::rule_engine::{ActionInstance, Resource, V4Rule};
use crate::rest::request::Req;
use crate::rest::v4::{
    V4Error, V4Reply, data, done, not_found, object, opt_text, param_error, text,
};
use crate::util::{ids, sql, timefmt};

fn unknown(what: &str, id: &str) -> V4Error {
    not_found(format!("{what} {id:?} not found"))
}

fn opt_object(obj: &Map<String, Value>, key: &str) -> Result<Map<String, Value>, V4Error> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(Map::new()),
        Some(Value::Object(o)) => Ok(o.clone()),
        Some(_) => Err(param_error(format!("{key} must be an object"))),
    }
}

pub(crate) fn create_resource(b: &mut Broker, req: &Req<'_>) -> V4Reply {
    let obj = object(req.body)?;
    let resource = Resource {
        id: format!("resource:{}", ids::rule_id()),
        kind: text(obj, "type")?.to_owned(),
        config: opt_object(obj, "config")?,
        description: opt_text(obj, "description")?.unwrap_or("").to_owned(),
    };
    let answer = resource.to_json();
    b.v4.rule_engine
        .resources
        .insert(resource.id.clone(), resource);
    data(answer)
}

pub(crate) fn list_resources(b: &mut Broker) -> V4Reply {
    let all = b.v4.rule_engine.resources.values().map(Resource::to_json);
    data(Value::Array(all.collect()))
}

pub(crate) fn get_resource(b: &mut Broker, id: &str) -> V4Reply {
    let found = b.v4.rule_engine.resources.get(id);
    data(found.ok_or_else(|| unknown("resource", id))?.to_json())
}

pub(crate) fn delete_resource(b: &mut Broker, id: &str) -> V4Reply {
    let removed = b.v4.rule_engine.resources.shift_remove(id);
    removed.ok_or_else(|| unknown("resource", id))?;
    done()
}

/// `/resource_types/{name}` and `/actions/{name}` (with `name = None`, the list).
fn from_catalog(entries: Vec<Value>, what: &str, name: Option<&str>) -> V4Reply {
    let Some(name) = name else {
        return data(Value::Array(entries));
    };
    let found = entries.into_iter().find(|e| e["name"] == name);
    data(found.ok_or_else(|| unknown(what, name))?)
}

pub(crate) fn resource_types(name: Option<&str>) -> V4Reply {
    from_catalog(catalog::resource_types(), "resource type", name)
}

pub(crate) fn actions(name: Option<&str>) -> V4Reply {
    from_catalog(catalog::actions(), "action", name)
}

fn parse_sql(obj: &Map<String, Value>) -> Result<(String, Vec<String>), V4Error> {
    let rawsql = text(obj, "rawsql")?;
    let from = sql::from_topics(rawsql)
        .ok_or_else(|| param_error(format!("SQL parse error: {rawsql}")))?;
    Ok((rawsql.to_owned(), from))
}

/// `[{name, params}]`. Any action name is taken (the catalog is not the
/// whole of EMQX 4's); a `$resource` param must name an existing resource.
fn parse_actions(b: &Broker, v: &Value) -> Result<Vec<ActionInstance>, V4Error> {
    let items = v
        .as_array()
        .ok_or_else(|| param_error("actions must be an array"))?;
    let micros = timefmt::now().unix_timestamp_nanos() / 1000;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let obj = object(Some(item))?;
            let name = text(obj, "name")?.to_owned();
            let params = opt_object(obj, "params")?;
            if let Some(res) = params.get("$resource").and_then(Value::as_str)
                && !b.v4.rule_engine.resources.contains_key(res)
            {
                return Err(param_error(format!("resource {res:?} not found")));
            }
            Ok(ActionInstance {
                id: format!("{name}_{}", micros + i as i128),
                name,
                params,
                success: 0,
            })
        })
        .collect()
}

fn enabled(obj: &Map<String, Value>) -> Result<Option<bool>, V4Error> {
    match obj.get("enabled") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(on)) => Ok(Some(*on)),
        Some(_) => Err(param_error("enabled must be a boolean")),
    }
}

pub(crate) fn create_rule(b: &mut Broker, req: &Req<'_>) -> V4Reply {
    let obj = object(req.body)?;
    let (rawsql, from) = parse_sql(obj)?;
    let actions = match obj.get("actions") {
        None | Some(Value::Null) => Vec::new(),
        Some(v) => parse_actions(b, v)?,
    };
    let rule = V4Rule {
        id: format!("rule:{}", ids::rule_id()),
        rawsql,
        from,
        actions,
        description: opt_text(obj, "description")?.unwrap_or("").to_owned(),
        enabled: enabled(obj)?.unwrap_or(true),
        created_at: (timefmt::now().unix_timestamp_nanos() / 1000) as i64,
        matched: 0,
    };
    let answer = rule.to_json();
    b.v4.rule_engine.rules.insert(rule.id.clone(), rule);
    data(answer)
}

pub(crate) fn list_rules(b: &mut Broker) -> V4Reply {
    let all = b.v4.rule_engine.rules.values().map(V4Rule::to_json);
    data(Value::Array(all.collect()))
}

pub(crate) fn get_rule(b: &mut Broker, id: &str) -> V4Reply {
    let found = b.v4.rule_engine.rules.get(id);
    data(found.ok_or_else(|| unknown("rule", id))?.to_json())
}

/// Each given field replaces the rule's; `for` follows a new SQL (the docs'
/// example keeps the old topics, which the real broker does not).
pub(crate) fn update_rule(b: &mut Broker, id: &str, req: &Req<'_>) -> V4Reply {
    let obj = object(req.body)?;
    if !b.v4.rule_engine.rules.contains_key(id) {
        return Err(unknown("rule", id));
    }
    let sql = if obj.contains_key("rawsql") {
        Some(parse_sql(obj)?)
    } else {
        None
    };
    let actions = match obj.get("actions") {
        None | Some(Value::Null) => None,
        Some(v) => Some(parse_actions(b, v)?),
    };
    let description = opt_text(obj, "description")?.map(str::to_owned);
    let enabled = enabled(obj)?;
    let rule =
        b.v4.rule_engine
            .rules
            .get_mut(id)
            .ok_or_else(|| unknown("rule", id))?;
    if let Some((rawsql, from)) = sql {
        rule.rawsql = rawsql;
        rule.from = from;
    }
    if let Some(actions) = actions {
        rule.actions = actions;
    }
    if let Some(description) = description {
        rule.description = description;
    }
    if let Some(on) = enabled {
        rule.enabled = on;
    }
    data(rule.to_json())
}

pub(crate) fn delete_rule(b: &mut Broker, id: &str) -> V4Reply {
    let removed = b.v4.rule_engine.rules.shift_remove(id);
    removed.ok_or_else(|| unknown("rule", id))?;
    done()
}
