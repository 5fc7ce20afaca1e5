//! `/acl`: rules per client id, per username and for `$all`; create one
//! (object) or many (array) with `POST /acl`, list per kind, get per target,
//! delete per target and topic.

use serde_json::{Map, Value, json};

use crate::model::deployment::broker::Broker;
use crate::model::deployment::v4::acl::{AclRule, Target};
use crate::rest::request::{Query, Req};
use crate::rest::v4::{V4Error, V4Page, V4Reply, code, data, done, object, param_error, text};
use crate::util::topic;

/// The docs disagree on the action names (`pubsub`, one table `subpub`; EMQX 5
/// words too): all are accepted, the v4 examples' `sub`/`pub`/`pubsub` emitted.
fn action(obj: &Map<String, Value>) -> Result<&'static str, V4Error> {
    match text(obj, "action")? {
        "sub" | "subscribe" => Ok("sub"),
        "pub" | "publish" => Ok("pub"),
        "pubsub" | "subpub" | "all" => Ok("pubsub"),
        other => Err(param_error(format!(
            "action must be sub, pub or pubsub, got {other:?}"
        ))),
    }
}

fn access(obj: &Map<String, Value>) -> Result<&'static str, V4Error> {
    match text(obj, "access")? {
        "allow" => Ok("allow"),
        "deny" => Ok("deny"),
        other => Err(param_error(format!(
            "access must be allow or deny, got {other:?}"
        ))),
    }
}

/// The target is picked by the key present: `clientid`, `username`, or
/// neither for `$all`.
fn parse_rule(v: &Value) -> Result<AclRule, V4Error> {
    let obj = object(Some(v))?;
    let target = if obj.contains_key("clientid") {
        Target::Clientid(text(obj, "clientid")?.to_owned())
    } else if obj.contains_key("username") {
        Target::Username(text(obj, "username")?.to_owned())
    } else {
        Target::All
    };
    let topic = text(obj, "topic")?;
    if !topic::valid_filter(topic) {
        return Err(V4Error::new(code::BAD_TOPIC, format!("bad topic: {topic}")));
    }
    Ok(AclRule {
        target,
        topic: topic.to_owned(),
        action: action(obj)?,
        access: access(obj)?,
    })
}

fn created_json(rule: &AclRule) -> Value {
    let mut v = rule.to_json();
    v["result"] = json!("ok");
    v
}

/// One rule (object) answers `data: {rule, result}`; a batch (array) answers
/// `data: [...]` in reverse order, as the docs' example and EMQX 4 do. Every
/// rule is checked before any is stored.
pub(crate) fn create(b: &mut Broker, req: &Req<'_>) -> V4Reply {
    if let Some(Value::Array(items)) = req.body {
        let rules = items
            .iter()
            .map(parse_rule)
            .collect::<Result<Vec<_>, _>>()?;
        let answers: Vec<Value> = rules.iter().rev().map(created_json).collect();
        for rule in rules {
            b.v4.acl.put(rule);
        }
        return data(Value::Array(answers));
    }
    let rule = parse_rule(req.body.ok_or_else(|| crate::rest::v4::missing("body"))?)?;
    let answer = created_json(&rule);
    b.v4.acl.put(rule);
    data(answer)
}

/// `meta.limit` is 10 in the docs' examples when no `_limit` is sent.
pub(crate) fn list(b: &mut Broker, kind: Target, q: &Query) -> V4Reply {
    let page = V4Page::from_query(q, 10)?;
    let rules = b.v4.acl.of_kind(&kind);
    Ok(page.envelope("data", rules.into_iter(), false, AclRule::to_json))
}

/// The target's rules (an empty list when it has none).
pub(crate) fn get(b: &mut Broker, target: Target) -> V4Reply {
    let rules: Vec<Value> =
        b.v4.acl
            .of(&target)
            .into_iter()
            .map(AclRule::to_json)
            .collect();
    data(Value::Array(rules))
}

/// Deleting a rule that is not there succeeds too, as in EMQX 4.
pub(crate) fn delete(b: &mut Broker, target: Target, topic: &str) -> V4Reply {
    b.v4.acl.remove(&target, topic);
    done()
}
