//! A session's messages: `GET /clients/{clientid}/inflight_messages` and
//! `/mqueue_messages` (continuation paging by `position`, `payload` encoding,
//! `max_payload_bytes`), and `GET /sessions_count`.

use http::StatusCode;
use serde_json::{Value, json};

use crate::model::deployment::broker::Broker;
use crate::model::deployment::queues::{QueuedMessage, chunk};
use crate::rest::errors::{ApiError, Reply, bad_request, invalid_parameter, ok};
use crate::rest::pagination::{DEFAULT_LIMIT, MAX_LIMIT};
use crate::rest::request::Query;
use crate::util::hocon::byte_size;

#[derive(Clone, Copy)]
pub(crate) enum Which {
    Inflight,
    Mqueue,
}

pub(crate) fn messages(b: &Broker, clientid: &str, which: Which, q: &Query) -> Reply {
    let payload = q.get("payload").unwrap_or("base64");
    if !["none", "base64", "plain"].contains(&payload) {
        return Err(bad_request("payload must be none, base64 or plain"));
    }
    let max_bytes = byte_size(q.get("max_payload_bytes").unwrap_or("1MB"))
        .ok_or_else(|| bad_request("max_payload_bytes must be a byte size such as 1MB"))?;
    let limit = match q.get("limit") {
        None => DEFAULT_LIMIT,
        Some(l) => l
            .parse::<i64>()
            .map_err(|_| bad_request("limit must be an integer"))?,
    };
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(invalid_parameter("page_limit_invalid"));
    }
    let position = match q.get("position") {
        None | Some("none") => None,
        Some(p) => Some(
            p.parse::<i128>()
                .map_err(|_| invalid_parameter("invalid_position"))?,
        ),
    };
    if b.sessions.get(clientid).is_none() {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "CLIENTID_NOT_FOUND",
            "Client ID not found",
        ));
    }
    let empty = Default::default();
    let queues = b.queues.get(clientid);
    let queue = match (queues, which) {
        (Some(qs), Which::Inflight) => &qs.inflight,
        (Some(qs), Which::Mqueue) => &qs.mqueue,
        (None, _) => &empty,
    };
    let (page, next) = chunk(queue, position, limit as usize);
    let in_queue = matches!(which, Which::Mqueue);
    // The first message always; then as many as fit in `max_payload_bytes`.
    let mut total = 0usize;
    let mut data: Vec<Value> = Vec::new();
    let mut last: Option<&QueuedMessage> = None;
    for m in &page {
        let v = m.to_json(payload, in_queue);
        let size = v["payload"].as_str().map_or(0, str::len);
        if !data.is_empty() && total + size > max_bytes {
            break;
        }
        total += size;
        data.push(v);
        last = Some(m);
    }
    let cut = data.len() < page.len();
    let start = page
        .first()
        .map_or_else(|| json!("none"), |m| json!(m.inserted_at.to_string()));
    let position = match (cut, next) {
        (true, _) => json!(last.map(|m| m.inserted_at.to_string())),
        (false, Some(p)) => json!(p.to_string()),
        (false, None) => json!("end_of_data"),
    };
    ok(json!({"data": data, "meta": {"start": start, "position": position}}))
}

/// The number of sessions; `since` (epoch seconds) would add sessions
/// expired after it, which the emulator does not keep.
pub(crate) fn sessions_count(b: &Broker, q: &Query) -> Reply {
    if let Some(since) = q.get("since") {
        since
            .parse::<u64>()
            .map_err(|_| bad_request("since must be a non-negative integer"))?;
    }
    ok(json!(b.sessions.len()))
}
