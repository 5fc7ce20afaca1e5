//! `/clients` (list with the 4.x filters, get, kick) and `/subscriptions`
//! (all, or one client's), over the broker's simulated clients.

use serde_json::Value;
use time::OffsetDateTime;

use crate::model::deployment::broker::Broker;
use crate::model::deployment::client::{Client, SubOpts};
use crate::model::deployment::v4::client::{client_json, subscription_json};
use crate::rest::request::Query;
use crate::rest::v4::{V4Error, V4Page, V4Reply, code, data, done, param_error};
use crate::util::{timefmt, topic};

/// `meta.limit` is 10000 in the docs' examples when no `_limit` is sent.
const DEFAULT_LIMIT: usize = 10_000;

/// A time filter: Unix seconds (milliseconds when that large),
/// `YYYY-MM-DD HH:mm:ss` or RFC 3339.
fn time_param(q: &Query, key: &str) -> Result<Option<OffsetDateTime>, V4Error> {
    let Some(v) = q.get(key) else {
        return Ok(None);
    };
    let parsed = match v.trim().parse::<i64>() {
        Ok(n) if n.abs() < 100_000_000_000 => OffsetDateTime::from_unix_timestamp(n).ok(),
        Ok(_) => timefmt::parse_time(v.trim()),
        Err(_) => timefmt::parse_time(v)
            .or_else(|| timefmt::parse_time(&format!("{}Z", v.trim().replacen(' ', "T", 1)))),
    };
    parsed
        .map(Some)
        .ok_or_else(|| param_error(format!("{key} must be a Unix time in seconds")))
}

fn bool_param(q: &Query, key: &str) -> Result<Option<bool>, V4Error> {
    q.get_bool(key).map_err(|e| param_error(e.message))
}

fn int_param(q: &Query, key: &str) -> Result<Option<u64>, V4Error> {
    q.get(key)
        .map(|v| {
            v.trim()
                .parse::<u64>()
                .map_err(|_| param_error(format!("{key} must be an integer, got {v:?}")))
        })
        .transpose()
}

type Check<'q> = Box<dyn Fn(&Client) -> bool + 'q>;

/// The filters of `GET /clients`, each a check on one client.
fn client_filters(q: &Query) -> Result<Vec<Check<'_>>, V4Error> {
    let mut checks: Vec<Check<'_>> = Vec::new();
    if let Some(id) = q.get("clientid") {
        checks.push(Box::new(move |c| c.clientid == id));
    }
    if let Some(name) = q.get("username") {
        checks.push(Box::new(move |c| c.username.as_deref() == Some(name)));
    }
    if let Some(zone) = q.get("zone") {
        checks.push(Box::new(move |_| zone == "external"));
    }
    if let Some(ip) = q.get("ip_address") {
        checks.push(Box::new(move |c| c.ip_address == ip));
    }
    if let Some(state) = q.get("conn_state") {
        if !matches!(state, "connected" | "idle" | "disconnected") {
            return Err(param_error(format!(
                "conn_state must be connected, idle or disconnected, got {state:?}"
            )));
        }
        checks.push(Box::new(move |c| c.conn_state() == state));
    }
    if let Some(clean) = bool_param(q, "clean_start")? {
        checks.push(Box::new(move |c| c.clean_start == clean));
    }
    if let Some(name) = q.get("proto_name") {
        checks.push(Box::new(move |c| c.proto_name == name));
    }
    if let Some(ver) = int_param(q, "proto_ver")? {
        checks.push(Box::new(move |c| c.proto_ver == ver));
    }
    if let Some(part) = q.get("_like_clientid") {
        checks.push(Box::new(move |c| c.clientid.contains(part)));
    }
    if let Some(part) = q.get("_like_username") {
        checks.push(Box::new(move |c| {
            c.username.as_deref().is_some_and(|u| u.contains(part))
        }));
    }
    // The docs describe gte/lte the wrong way round; they mean at-or-after
    // and at-or-before.
    for (key, connected, at_or_after) in [
        ("_gte_created_at", false, true),
        ("_lte_created_at", false, false),
        ("_gte_connected_at", true, true),
        ("_lte_connected_at", true, false),
    ] {
        if let Some(bound) = time_param(q, key)? {
            checks.push(Box::new(move |c| {
                let t = if connected {
                    c.connected_at
                } else {
                    c.created_at
                };
                if at_or_after { t >= bound } else { t <= bound }
            }));
        }
    }
    Ok(checks)
}

pub(crate) fn list(b: &mut Broker, q: &Query) -> V4Reply {
    let page = V4Page::from_query(q, DEFAULT_LIMIT)?;
    let checks = client_filters(q)?;
    let rows: Vec<&Client> = b
        .sessions
        .values()
        .filter(|c| checks.iter().all(|check| check(c)))
        .collect();
    Ok(page.envelope("data", rows.into_iter(), true, client_json))
}

/// `data` is a one-element list, empty for an unknown client (EMQX 4 does
/// not treat that as a failure).
pub(crate) fn get(b: &mut Broker, id: &str) -> V4Reply {
    let found: Vec<Value> = b.sessions.get(id).map(client_json).into_iter().collect();
    data(Value::Array(found))
}

pub(crate) fn not_online(id: &str) -> V4Error {
    V4Error::new(code::CLIENT_OFFLINE, format!("client {id:?} is not online"))
}

/// Ends the connection and the session; 112 for an unknown client.
pub(crate) fn kick(b: &mut Broker, id: &str) -> V4Reply {
    if !b.kick(id) {
        return Err(not_online(id));
    }
    done()
}

/// The filters of the subscription lists: `clientid`, `topic` (exact),
/// `qos`, `share` (group) and `_match_topic` (filters matching a topic).
fn subscription_rows<'b>(
    b: &'b Broker,
    q: &Query,
    only: Option<&str>,
) -> Result<Vec<(&'b str, &'b str, &'b SubOpts)>, V4Error> {
    let clientid = only.or(q.get("clientid"));
    let exact = q.get("topic");
    let qos = int_param(q, "qos")?;
    if qos.is_some_and(|n| n > 2) {
        return Err(param_error("qos must be 0, 1 or 2"));
    }
    let share = q.get("share");
    let matching = q.get("_match_topic");
    let mut rows = Vec::new();
    for c in b.sessions.values() {
        if clientid.is_some_and(|id| id != c.clientid) {
            continue;
        }
        for (filter, opts) in &c.subs {
            let shared = topic::split_share(filter);
            let keep = exact.is_none_or(|t| t == filter)
                && qos.is_none_or(|n| n == u64::from(opts.qos))
                && share.is_none_or(|g| shared.is_some_and(|(group, _)| group == g))
                && matching.is_none_or(|t| topic::matches(t, topic::route_filter(filter)));
            if keep {
                rows.push((c.clientid.as_str(), filter.as_str(), opts));
            }
        }
    }
    Ok(rows)
}

/// `GET /subscriptions`, and `GET /subscriptions/{clientid}` (`only`), which
/// sub.md pages and filters the same way. Without `_page` or `_limit` the
/// one-client list answers every row without `meta`, as subscriptions.md's
/// example does; with either it pages as sub.md says.
pub(crate) fn subscriptions(b: &mut Broker, q: &Query, only: Option<&str>) -> V4Reply {
    let page = V4Page::from_query(q, DEFAULT_LIMIT)?;
    let rows = subscription_rows(b, q, only)?;
    if only.is_some() && q.get("_page").is_none() && q.get("_limit").is_none() {
        let all = rows
            .into_iter()
            .map(|(id, t, o)| subscription_json(id, t, o));
        return data(Value::Array(all.collect()));
    }
    Ok(page.envelope("data", rows.into_iter(), true, |(id, t, o)| {
        subscription_json(id, t, o)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_filters_take_seconds_and_dates() {
        let q = Query::parse(Some(
            "a=1700000000&b=2023-11-14+22:13:20&c=1700000000000&d=x",
        ));
        let secs = time_param(&q, "a").unwrap().unwrap();
        assert_eq!(secs.unix_timestamp(), 1_700_000_000);
        assert_eq!(time_param(&q, "b").unwrap(), Some(secs));
        assert_eq!(time_param(&q, "c").unwrap(), Some(secs));
        assert_eq!(time_param(&q, "d").unwrap_err().code, 108);
    }
}
