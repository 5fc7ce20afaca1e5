//! Rule engine rules: CRUD (create 201; duplicate id 400 `BAD_REQUEST`), metrics
//! that count matching publishes, and an approximate `rule_test`: the emulator
//! does not run SQL, it checks the event topic against the `FROM` clause and
//! answers 200 with the context, or 412 `NOT_MATCH`.

use http::StatusCode;
use serde_json::{Map, Value, json};

use crate::model::deployment::broker::Broker;
use crate::model::deployment::rule::Rule;
use crate::rest::errors::{
    ApiError, Reply, bad_request, created, json_response, no_content, not_found, ok, required_field,
};
use crate::rest::pagination::PageParams;
use crate::rest::request::{Query, Req};
use crate::util::{timefmt, topic};

/// The topics of the `FROM` clause, or a 400 like the server's SQL parse error.
pub(crate) fn parse_from(sql: &str) -> Result<Vec<String>, ApiError> {
    crate::util::sql::from_topics(sql).ok_or_else(|| {
        bad_request(format!(
            "{{select_and_transform_error,{{parse_error,\"{sql}\"}}}}"
        ))
    })
}

fn rule_not_found() -> ApiError {
    not_found("Rule not found")
}

fn opt_str(obj: &Map<String, Value>, key: &str) -> Result<Option<String>, ApiError> {
    match obj.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(bad_request(format!("{key} must be a string"))),
    }
}

fn parse_actions(obj: &Map<String, Value>) -> Result<Option<Vec<Value>>, ApiError> {
    match obj.get("actions") {
        None => Ok(None),
        Some(Value::Array(a)) => {
            for action in a {
                let ok = match action {
                    Value::String(s) => s.contains(':'),
                    Value::Object(o) => o.get("function").is_some_and(Value::is_string),
                    _ => false,
                };
                if !ok {
                    return Err(bad_request(format!("invalid action: {action}")));
                }
            }
            Ok(Some(a.clone()))
        }
        Some(_) => Err(bad_request("actions must be an array")),
    }
}

/// A whole rule from a `rule_creation` body: `sql` is required, every other
/// field takes its schema default when left out (both POST and PUT).
fn rule_from_body(
    obj: &Map<String, Value>,
    id: String,
    created_at: String,
) -> Result<Rule, ApiError> {
    let sql = opt_str(obj, "sql")?.ok_or_else(|| required_field("sql"))?;
    let from = parse_from(&sql)?;
    Ok(Rule {
        name: opt_str(obj, "name")?.unwrap_or_default(),
        from,
        actions: parse_actions(obj)?.unwrap_or_default(),
        enable: obj.get("enable").map_or(Ok(true), |v| {
            v.as_bool()
                .ok_or_else(|| bad_request("enable must be a boolean"))
        })?,
        description: opt_str(obj, "description")?.unwrap_or_default(),
        metadata: obj.get("metadata").cloned().unwrap_or_else(|| json!({})),
        last_modified_at: timefmt::rfc3339_ms(timefmt::now()),
        created_at,
        metrics: [0; 9],
        sql,
        id,
    })
}

pub(crate) fn create(b: &mut Broker, req: &Req<'_>) -> Reply {
    let obj = req
        .json()?
        .as_object()
        .ok_or_else(|| bad_request("body must be an object"))?;
    let id = match opt_str(obj, "id")? {
        Some(id) if id.is_empty() => return Err(bad_request("id must not be empty")),
        Some(id) => id,
        None => crate::util::ids::rule_id(),
    };
    let now = timefmt::rfc3339_ms(timefmt::now());
    let rule = rule_from_body(obj, id.clone(), now)?;
    if b.rules.contains_key(&id) {
        return Err(bad_request("rule id already exists"));
    }
    let body = rule.to_json();
    b.rules.insert(id, rule);
    created(body)
}

pub(crate) fn list(b: &Broker, q: &Query) -> Reply {
    let page = PageParams::from_query(q)?;
    let enable = q.get_bool("enable")?;
    let from = q.get("from");
    let like_id = q.get("like_id");
    let like_from = q.get("like_from");
    let like_description = q.get("like_description");
    let match_from = q.get("match_from");
    let actions = q.get_all("action");
    let sources = q.get_all("source");
    let rows: Vec<&Rule> = b
        .rules
        .values()
        .filter(|r| {
            enable.is_none_or(|e| e == r.enable)
                && from.is_none_or(|f| r.from.iter().any(|x| x == f))
                && like_id.is_none_or(|l| r.id.contains(l))
                && like_from.is_none_or(|l| r.from.iter().any(|x| x.contains(l)))
                && like_description.is_none_or(|l| r.description.contains(l))
                && match_from.is_none_or(|m| r.from.iter().any(|x| topic::matches(x, m)))
                && (actions.is_empty() || r.action_refs().any(|a| actions.contains(&a)))
                && (sources.is_empty() || sources.iter().any(|s| r.reads_from(s)))
        })
        .collect();
    let fuzzy = like_id.is_some()
        || like_from.is_some()
        || like_description.is_some()
        || match_from.is_some();
    ok(page.envelope(rows, !fuzzy, Rule::to_json))
}

pub(crate) fn get(b: &Broker, id: &str) -> Reply {
    ok(b.rules.get(id).ok_or_else(rule_not_found)?.to_json())
}

/// EMQX checks the body as a whole rule (`sql` required) and replaces the stored
/// one: fields left out take their defaults. Creation time and metrics stay.
/// EMQX writes the rule's config path without looking it up first, so an
/// unknown id creates the rule (200, not 201).
pub(crate) fn update(b: &mut Broker, id: &str, req: &Req<'_>) -> Reply {
    let obj = req
        .json()?
        .as_object()
        .ok_or_else(|| bad_request("body must be an object"))?;
    let now = timefmt::rfc3339_ms(timefmt::now());
    let mut rule = rule_from_body(obj, id.to_owned(), now)?;
    if let Some(old) = b.rules.get(id) {
        rule.created_at.clone_from(&old.created_at);
        rule.metrics = old.metrics;
    }
    let body = rule.to_json();
    b.rules.insert(id.to_owned(), rule);
    ok(body)
}

pub(crate) fn delete(b: &mut Broker, id: &str) -> Reply {
    b.rules.shift_remove(id).ok_or_else(rule_not_found)?;
    no_content()
}

pub(crate) fn metrics(b: &Broker, id: &str) -> Reply {
    ok(b.rules.get(id).ok_or_else(rule_not_found)?.metrics_json())
}

pub(crate) fn reset_metrics(b: &mut Broker, id: &str) -> Reply {
    b.rules.get_mut(id).ok_or_else(rule_not_found)?.metrics = [0; 9];
    no_content()
}

/// Does the event in `context` reach one of the `FROM` topics?
fn test_against(from: &[String], context: &Value) -> Reply {
    let event_topic = context
        .get("topic")
        .and_then(Value::as_str)
        .unwrap_or("t/#");
    let event_type = context
        .get("event_type")
        .and_then(Value::as_str)
        .unwrap_or("message_publish");
    let hit = from.iter().any(|f| {
        if let Some(event) = f.strip_prefix("$events/") {
            event_type
                .replace('.', "_")
                .ends_with(event.rsplit('/').next().unwrap_or(event))
        } else {
            event_type == "message_publish" && topic::matches(event_topic, f)
        }
    });
    if hit {
        ok(context.clone())
    } else {
        Ok(json_response(
            StatusCode::PRECONDITION_FAILED,
            &json!({"code": "NOT_MATCH", "message": "SQL Not Match"}),
        ))
    }
}

/// `POST /rule_test` with `{sql, context}`.
pub(crate) fn test_sql(req: &Req<'_>) -> Reply {
    let body = req.json()?;
    let sql = body
        .get("sql")
        .and_then(Value::as_str)
        .ok_or_else(|| bad_request("sql is required"))?;
    let from = parse_from(sql)?;
    test_against(&from, body.get("context").unwrap_or(&json!({})))
}

/// `POST /rules/{id}/test` with `{context}`.
pub(crate) fn test_rule(b: &Broker, id: &str, req: &Req<'_>) -> Reply {
    let rule = b
        .rules
        .get(id)
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "RULE_NOT_FOUND", "Rule not found"))?;
    let context = req
        .body
        .and_then(|v| v.get("context"))
        .cloned()
        .unwrap_or_else(|| json!({}));
    test_against(&rule.from, &context)
}
