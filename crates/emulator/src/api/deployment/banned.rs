//! Banned clients: `GET`/`POST`/`DELETE /banned`, `DELETE /banned/{as}/{who}`.
//! A duplicate is `400 ALREADY_EXISTS` with the existing ban as JSON in `message`.

use http::StatusCode;
use serde_json::{Map, Value};
use time::OffsetDateTime;

use crate::model::deployment::ban::Ban;
use crate::model::deployment::broker::Broker;
use crate::rest::errors::{
    ApiError, Reply, already_exists, bad_request, no_content, not_found, ok,
};
use crate::rest::pagination::PageParams;
use crate::rest::request::{Query, Req};
use crate::util::timefmt;

const KINDS: [&str; 6] = [
    "clientid",
    "username",
    "peerhost",
    "clientid_re",
    "username_re",
    "peerhost_net",
];

fn time_field(
    obj: &Map<String, Value>,
    key: &str,
    default: OffsetDateTime,
    allow_infinity: bool,
) -> Result<String, ApiError> {
    match obj.get(key) {
        None => Ok(timefmt::rfc3339_s(default)),
        Some(Value::String(s)) if allow_infinity && s == "infinity" => Ok(s.clone()),
        Some(Value::String(s)) => timefmt::parse_time(s)
            .map(timefmt::rfc3339_s)
            .ok_or_else(|| bad_request(format!("{key} must be RFC 3339"))),
        Some(Value::Number(n)) => n
            .as_i64()
            .and_then(|secs| OffsetDateTime::from_unix_timestamp(secs).ok())
            .map(timefmt::rfc3339_s)
            .ok_or_else(|| bad_request(format!("{key} must be a timestamp"))),
        Some(_) => Err(bad_request(format!("{key} must be a string"))),
    }
}

fn validate_who(as_: &str, who: &str) -> Result<(), ApiError> {
    let ok = match as_ {
        "peerhost" => who.parse::<std::net::IpAddr>().is_ok(),
        "peerhost_net" => who.split_once('/').is_some_and(|(ip, bits)| {
            ip.parse::<std::net::IpAddr>().is_ok() && bits.parse::<u8>().is_ok_and(|b| b <= 128)
        }),
        "clientid_re" | "username_re" => regex::Regex::new(who).is_ok(),
        _ => true,
    };
    if ok {
        Ok(())
    } else {
        Err(bad_request(format!("invalid {as_}: {who}")))
    }
}

pub(crate) fn create(b: &mut Broker, req: &Req<'_>) -> Reply {
    let obj = req
        .json()?
        .as_object()
        .ok_or_else(|| bad_request("body must be an object"))?;
    let as_ = obj
        .get("as")
        .and_then(Value::as_str)
        .filter(|a| KINDS.contains(a));
    let as_ = as_.ok_or_else(|| bad_request(format!("as must be one of {}", KINDS.join(", "))))?;
    let who = obj
        .get("who")
        .and_then(Value::as_str)
        .filter(|w| !w.is_empty())
        .ok_or_else(|| bad_request("who is required"))?;
    validate_who(as_, who)?;
    let now = timefmt::now();
    let text = |k: &str, d: &str| match obj.get(k) {
        None => Ok(d.to_owned()),
        Some(Value::String(s)) => Ok(s.clone()),
        Some(_) => Err(bad_request(format!("{k} must be a string"))),
    };
    let ban = Ban {
        as_: as_.to_owned(),
        who: who.to_owned(),
        by: text("by", "mgmt_api")?,
        reason: text("reason", "")?,
        at: time_field(obj, "at", now, false)?,
        until: time_field(obj, "until", now + time::Duration::days(365), true)?,
    };
    let key = (as_.to_owned(), who.to_owned());
    if let Some(existing) = b.banned.get(&key) {
        return Err(already_exists(
            StatusCode::BAD_REQUEST,
            existing.to_json().to_string(),
        ));
    }
    let body = ban.to_json();
    b.banned.insert(key, ban);
    ok(body)
}

pub(crate) fn list(b: &Broker, q: &Query) -> Reply {
    let page = PageParams::from_query(q)?;
    let exact: Vec<(&str, &str)> = ["clientid", "username", "peerhost"]
        .into_iter()
        .filter_map(|k| q.get(k).map(|v| (k, v)))
        .collect();
    let like: Vec<(&str, &str)> = [
        ("like_clientid", "clientid"),
        ("like_username", "username"),
        ("like_peerhost", "peerhost"),
    ]
    .into_iter()
    .filter_map(|(k, as_)| q.get(k).map(|v| (as_, v)))
    .collect();
    let like_net = q.get("like_peerhost_net");
    let rows: Vec<&Ban> = b
        .banned
        .values()
        .filter(|ban| {
            exact
                .iter()
                .all(|(as_, who)| ban.as_ == *as_ && ban.who == *who)
                && like
                    .iter()
                    .all(|(as_, part)| ban.as_ == *as_ && ban.who.contains(part))
                && like_net.is_none_or(|n| ban.as_ == "peerhost_net" && ban.who.contains(n))
        })
        .collect();
    let fuzzy = !like.is_empty() || like_net.is_some();
    ok(page.envelope(rows, !fuzzy, Ban::to_json))
}

pub(crate) fn delete(b: &mut Broker, as_: &str, who: &str) -> Reply {
    if !KINDS.contains(&as_) {
        return Err(bad_request(format!(
            "as must be one of {}",
            KINDS.join(", ")
        )));
    }
    b.banned
        .shift_remove(&(as_.to_owned(), who.to_owned()))
        .ok_or_else(|| not_found(format!("{as_}: {who} is not found")))?;
    no_content()
}

pub(crate) fn clear(b: &mut Broker) -> Reply {
    b.banned.clear();
    no_content()
}
