//! Clients: the simulated MQTT connections and sessions, `GET /clients` with every
//! filter of EMQX 5.8, get, kick, bulk kick, and subscribe/unsubscribe on behalf.

use http::StatusCode;
use serde_json::{Map, Value};
use time::OffsetDateTime;

use crate::model::deployment::broker::Broker;
use crate::model::deployment::client::{Client, SubOpts};
use crate::model::deployment::node::NODE;
use crate::rest::errors::{ApiError, Reply, bad_request, invalid_parameter, no_content, ok};
use crate::rest::pagination::{PageParams, Total};
use crate::rest::request::{Query, Req};
use crate::util::timefmt;
use crate::util::topic;

pub(crate) fn client_not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "CLIENTID_NOT_FOUND",
        "Client ID not found",
    )
}

/// The parsed filters of `GET /clients`.
struct ClientFilter<'q> {
    node: Option<&'q str>,
    clientids: Vec<&'q str>,
    usernames: Vec<&'q str>,
    ip_address: Option<&'q str>,
    conn_state: Option<&'q str>,
    clean_start: Option<bool>,
    proto_ver: Option<u64>,
    like_clientid: Option<&'q str>,
    like_username: Option<&'q str>,
    created: (Option<OffsetDateTime>, Option<OffsetDateTime>),
    connected: (Option<OffsetDateTime>, Option<OffsetDateTime>),
}

fn parse_time_param(q: &Query, key: &str) -> Result<Option<OffsetDateTime>, ApiError> {
    q.get(key)
        .map(|v| {
            timefmt::parse_time(v).ok_or_else(|| {
                bad_request(format!(
                    "the value of {key} must be epoch milliseconds or RFC 3339"
                ))
            })
        })
        .transpose()
}

impl<'q> ClientFilter<'q> {
    fn parse(q: &'q Query) -> Result<Self, ApiError> {
        let conn_state = q.get("conn_state");
        if let Some(s) = conn_state
            && !matches!(s, "connected" | "idle" | "disconnected")
        {
            return Err(bad_request(format!(
                "conn_state must be connected, idle or disconnected, got {s:?}"
            )));
        }
        let proto_ver = q
            .get("proto_ver")
            .map(|v| {
                v.parse::<u64>()
                    .map_err(|_| bad_request("the value of proto_ver must be an integer"))
            })
            .transpose()?;
        Ok(Self {
            node: q.get("node"),
            clientids: q.get_all("clientid"),
            usernames: q.get_all("username"),
            ip_address: q.get("ip_address"),
            conn_state,
            clean_start: q.get_bool("clean_start")?,
            proto_ver,
            like_clientid: q.get("like_clientid"),
            like_username: q.get("like_username"),
            created: (
                parse_time_param(q, "gte_created_at")?,
                parse_time_param(q, "lte_created_at")?,
            ),
            connected: (
                parse_time_param(q, "gte_connected_at")?,
                parse_time_param(q, "lte_connected_at")?,
            ),
        })
    }

    fn is_fuzzy(&self) -> bool {
        self.like_clientid.is_some() || self.like_username.is_some()
    }

    /// No filter at all: every client is listed. Destructured so that a new
    /// filter field cannot be forgotten here.
    fn accepts_all(&self) -> bool {
        let Self {
            node,
            clientids,
            usernames,
            ip_address,
            conn_state,
            clean_start,
            proto_ver,
            like_clientid,
            like_username,
            created,
            connected,
        } = self;
        node.is_none()
            && clientids.is_empty()
            && usernames.is_empty()
            && ip_address.is_none()
            && conn_state.is_none()
            && clean_start.is_none()
            && proto_ver.is_none()
            && like_clientid.is_none()
            && like_username.is_none()
            && *created == (None, None)
            && *connected == (None, None)
    }

    /// How the page's `count` is found: the number of clients when nothing is
    /// filtered out (so a page walks no further than its last row), a count of
    /// the matches otherwise, none for fuzzy filters (as EMQX).
    fn total(&self, clients: usize) -> Total {
        if self.accepts_all() {
            Total::Known(clients)
        } else if self.is_fuzzy() {
            Total::Omitted
        } else {
            Total::Counted
        }
    }

    fn accepts(&self, c: &Client) -> bool {
        let within =
            |t: OffsetDateTime, (gte, lte): (Option<OffsetDateTime>, Option<OffsetDateTime>)| {
                gte.is_none_or(|g| t >= g) && lte.is_none_or(|l| t <= l)
            };
        let username = c.username.as_deref();
        self.node.is_none_or(|n| n == NODE)
            && (self.clientids.is_empty() || self.clientids.contains(&c.clientid.as_str()))
            && (self.usernames.is_empty() || username.is_some_and(|u| self.usernames.contains(&u)))
            && self.ip_address.is_none_or(|ip| ip == c.ip_address)
            && self.conn_state.is_none_or(|s| s == c.conn_state())
            && self.clean_start.is_none_or(|b| b == c.clean_start)
            && self.proto_ver.is_none_or(|v| v == c.proto_ver)
            && self.like_clientid.is_none_or(|s| c.clientid.contains(s))
            && self
                .like_username
                .is_none_or(|s| username.is_some_and(|u| u.contains(s)))
            && within(c.created_at, self.created)
            && within(c.connected_at, self.connected)
    }
}

/// `fields=a,b` (or `fields=a&fields=b`, or `all`): which client fields to return.
fn parse_fields(q: &Query) -> Result<Option<Vec<String>>, ApiError> {
    let raw: Vec<&str> = q
        .get_all("fields")
        .into_iter()
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if raw.is_empty() || raw.contains(&"all") {
        return Ok(None);
    }
    let known = Client::new("x", None, timefmt::now(), Map::new()).to_json();
    for f in &raw {
        if known.get(*f).is_none() && *f != "disconnected_at" {
            return Err(bad_request(format!(
                "unknown client field in fields: {f:?}"
            )));
        }
    }
    Ok(Some(raw.into_iter().map(str::to_owned).collect()))
}

fn project(v: Value, fields: &Option<Vec<String>>) -> Value {
    match (fields, v) {
        (Some(fields), Value::Object(mut obj)) => {
            let mut out = Map::new();
            for f in fields {
                if let Some(x) = obj.remove(f) {
                    out.insert(f.clone(), x);
                }
            }
            Value::Object(out)
        }
        (_, v) => v,
    }
}

pub(crate) fn list(b: &Broker, q: &Query) -> Reply {
    let page = PageParams::from_query(q)?;
    let filter = ClientFilter::parse(q)?;
    let fields = parse_fields(q)?;
    let render = |c: &Client| project(b.client_json(c), &fields);
    let clients = b.sessions.values();
    let total = filter.total(b.sessions.len());
    if filter.accepts_all() {
        return ok(page.envelope_of(clients, total, render));
    }
    ok(page.envelope_of(clients.filter(|c| filter.accepts(c)), total, render))
}

pub(crate) fn get(b: &Broker, id: &str) -> Reply {
    ok(b.client_json(b.sessions.get(id).ok_or_else(client_not_found)?))
}

pub(crate) fn kick(b: &mut Broker, id: &str) -> Reply {
    if !b.kick(id) {
        return Err(client_not_found());
    }
    no_content()
}

/// `POST /clients/kickout/bulk` with `["c1", "c2"]`: 204; unknown ids are ignored.
pub(crate) fn kick_many(b: &mut Broker, req: &Req<'_>) -> Reply {
    let ids = req
        .json()?
        .as_array()
        .ok_or_else(|| bad_request("body must be an array of client ids"))?;
    let ids: Vec<&str> = ids
        .iter()
        .map(|v| {
            v.as_str()
                .ok_or_else(|| bad_request("client ids must be strings"))
        })
        .collect::<Result<_, _>>()?;
    for id in ids {
        b.kick(id);
    }
    no_content()
}

pub(crate) fn subscriptions(b: &Broker, id: &str) -> Reply {
    let c = b.sessions.get(id).ok_or_else(client_not_found)?;
    ok(Value::Array(
        c.subs
            .iter()
            .map(|(t, o)| c.subscription_json(t, o))
            .collect(),
    ))
}

fn opt_u8(obj: &Map<String, Value>, key: &str, max: u8) -> Result<u8, ApiError> {
    match obj.get(key) {
        None => Ok(0),
        Some(v) => v
            .as_u64()
            .filter(|n| *n <= u64::from(max))
            .map(|n| n as u8)
            .ok_or_else(|| bad_request(format!("{key} must be an integer in 0..={max}"))),
    }
}

/// Validates one `{topic, qos?, nl?, rap?, rh?}`.
fn parse_sub(v: &Value) -> Result<(String, SubOpts), ApiError> {
    let obj = v
        .as_object()
        .ok_or_else(|| bad_request("subscription must be an object"))?;
    let topic = obj
        .get("topic")
        .and_then(Value::as_str)
        .ok_or_else(|| bad_request("topic is required"))?;
    let opts = SubOpts {
        qos: opt_u8(obj, "qos", 2)?,
        nl: opt_u8(obj, "nl", 1)?,
        rap: opt_u8(obj, "rap", 1)?,
        rh: opt_u8(obj, "rh", 2)?,
    };
    if !topic::valid_filter(topic) {
        return Err(invalid_parameter(format!("Invalid topic filter: {topic}")));
    }
    Ok((topic.to_owned(), opts))
}

fn add_subs(
    b: &mut Broker,
    id: &str,
    subs: Vec<(String, SubOpts)>,
) -> Result<Vec<Value>, ApiError> {
    let c = b.sessions.get(id).ok_or_else(client_not_found)?;
    let out: Vec<Value> = subs
        .iter()
        .map(|(t, o)| c.subscription_json(t, o))
        .collect();
    b.subscribe_for(id, subs);
    Ok(out)
}

pub(crate) fn subscribe(b: &mut Broker, id: &str, req: &Req<'_>) -> Reply {
    let sub = parse_sub(req.json()?)?;
    let mut out = add_subs(b, id, vec![sub])?;
    ok(out.pop().unwrap_or(Value::Null))
}

pub(crate) fn subscribe_many(b: &mut Broker, id: &str, req: &Req<'_>) -> Reply {
    let items = req
        .json()?
        .as_array()
        .ok_or_else(|| bad_request("body must be an array"))?;
    let subs = items.iter().map(parse_sub).collect::<Result<Vec<_>, _>>()?;
    ok(Value::Array(add_subs(b, id, subs)?))
}

fn remove_subs(b: &mut Broker, id: &str, topics: Vec<&str>) -> Reply {
    if !b.unsubscribe_for(id, &topics) {
        return Err(client_not_found());
    }
    no_content()
}

fn topic_of(v: &Value) -> Result<&str, ApiError> {
    v.get("topic")
        .and_then(Value::as_str)
        .ok_or_else(|| bad_request("topic is required"))
}

pub(crate) fn unsubscribe(b: &mut Broker, id: &str, req: &Req<'_>) -> Reply {
    let topic = topic_of(req.json()?)?;
    remove_subs(b, id, vec![topic])
}

pub(crate) fn unsubscribe_many(b: &mut Broker, id: &str, req: &Req<'_>) -> Reply {
    let items = req
        .json()?
        .as_array()
        .ok_or_else(|| bad_request("body must be an array"))?;
    let topics = items.iter().map(topic_of).collect::<Result<Vec<_>, _>>()?;
    remove_subs(b, id, topics)
}
