//! `/banned`: list, create (`at`/`until` in Unix seconds, `until` five minutes
//! on by default) and delete by `{as}/{who}`. The bans are the broker's own.

use serde_json::{Map, Value};
use time::OffsetDateTime;

use crate::model::deployment::ban::Ban;
use crate::model::deployment::broker::Broker;
use crate::rest::request::{Query, Req};
use crate::rest::v4::{V4Error, V4Page, V4Reply, data, done, object, opt_text, param_error, text};
use crate::util::timefmt;

const KINDS: [&str; 3] = ["clientid", "username", "peerhost"];

fn kind(as_: &str) -> Result<&str, V4Error> {
    if KINDS.contains(&as_) {
        Ok(as_)
    } else {
        Err(param_error(format!(
            "as must be clientid, username or peerhost, got {as_:?}"
        )))
    }
}

/// Unix seconds (an RFC 3339 string is accepted too).
fn time_field(
    obj: &Map<String, Value>,
    key: &str,
    default: OffsetDateTime,
) -> Result<String, V4Error> {
    let bad = || param_error(format!("{key} must be a Unix time in seconds"));
    let t = match obj.get(key) {
        None | Some(Value::Null) => default,
        Some(Value::Number(n)) => n
            .as_i64()
            .and_then(|s| OffsetDateTime::from_unix_timestamp(s).ok())
            .ok_or_else(bad)?,
        Some(Value::String(s)) => timefmt::parse_time(s).ok_or_else(bad)?,
        Some(_) => return Err(bad()),
    };
    Ok(timefmt::rfc3339_s(t))
}

/// `meta.limit` is 10 in the docs' example when no `_limit` is sent.
pub(crate) fn list(b: &mut Broker, q: &Query) -> V4Reply {
    let page = V4Page::from_query(q, 10)?;
    Ok(page.envelope("data", b.banned.values(), false, Ban::to_v4_json))
}

/// A ban of the same `as`/`who` is replaced, as EMQX 4 writes over it.
pub(crate) fn create(b: &mut Broker, req: &Req<'_>) -> V4Reply {
    let obj = object(req.body)?;
    let who = text(obj, "who")?;
    let as_ = kind(text(obj, "as")?)?;
    let now = timefmt::now();
    let ban = Ban {
        as_: as_.to_owned(),
        who: who.to_owned(),
        by: opt_text(obj, "by")?.unwrap_or("user").to_owned(),
        reason: text(obj, "reason")?.to_owned(),
        at: time_field(obj, "at", now)?,
        until: time_field(obj, "until", now + time::Duration::minutes(5))?,
    };
    let answer = ban.to_v4_json();
    b.banned.insert((as_.to_owned(), who.to_owned()), ban);
    data(answer)
}

/// Deleting a ban that is not there succeeds too, as in EMQX 4.
pub(crate) fn delete(b: &mut Broker, as_: &str, who: &str) -> V4Reply {
    b.banned
        .shift_remove(&(kind(as_)?.to_owned(), who.to_owned()));
    done()
}
