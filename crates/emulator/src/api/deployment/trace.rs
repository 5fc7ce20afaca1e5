//! Traces: `GET`/`POST`/`DELETE /trace`, `DELETE /trace/{name}`,
//! `PUT /trace/{name}/stop`, and the log: `GET /trace/{name}/log` (a page of
//! text from a byte position), `/trace/{name}/log_detail` and
//! `/trace/{name}/download` (the log files in a zip archive).

use std::io::{Cursor, Write};

use axum::body::Body;
use http::{HeaderValue, Response, StatusCode, header};
use serde_json::{Map, Value, json};
use time::{Duration, OffsetDateTime};

use crate::model::deployment::broker::Broker;
use crate::model::deployment::node::NODE;
use crate::model::deployment::trace::{CreateError, Filter, Trace};
use crate::rest::errors::{ApiError, Reply, bad_request, no_content, not_found, ok};
use crate::rest::request::{Query, Req};
use crate::util::timefmt;

/// A trace runs for 10 minutes unless `end_at` says otherwise.
const DEFAULT_LENGTH: Duration = Duration::minutes(10);

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, "INVALID_PARAMS", message)
}

fn trace_not_found() -> ApiError {
    not_found("Trace Name Not Found")
}

/// EMQX's rule for a trace name, in a body or a path: `^[A-Za-z]+[A-Za-z0-9-_]*$`,
/// 1 to 256 bytes; the schema check answers 400 BAD_REQUEST.
fn check_name(name: &str) -> Result<(), ApiError> {
    if name.is_empty() || name.len() > 256 {
        return Err(bad_request("Name Length must =< 256"));
    }
    let mut chars = name.chars();
    let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    if !starts_with_letter || !chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        return Err(bad_request("Name should be ^[A-Za-z]+[A-Za-z0-9-_]*$"));
    }
    Ok(())
}

fn choice(body: &Map<String, Value>, key: &str, options: &[&str]) -> Result<String, ApiError> {
    match body.get(key) {
        None => Ok(options[0].to_owned()),
        Some(Value::String(s)) if options.contains(&s.as_str()) => Ok(s.clone()),
        Some(other) => Err(bad_request(format!("{key}: bad value {other}"))),
    }
}

/// `start_at` / `end_at`: RFC 3339 or epoch seconds.
fn time_field(body: &Map<String, Value>, key: &str) -> Result<Option<OffsetDateTime>, ApiError> {
    match body.get(key) {
        None => Ok(None),
        Some(Value::Number(n)) => n
            .as_i64()
            .and_then(|s| OffsetDateTime::from_unix_timestamp(s).ok())
            .map(Some)
            .ok_or_else(|| bad_request(format!("{key}: bad timestamp"))),
        Some(Value::String(s)) => timefmt::parse_time(s)
            .map(Some)
            .ok_or_else(|| bad_request(format!("{key}: bad timestamp {s:?}"))),
        Some(other) => Err(bad_request(format!("{key}: bad value {other}"))),
    }
}

fn filter(body: &Map<String, Value>) -> Result<Filter, ApiError> {
    let kind = body.get("type").and_then(Value::as_str).unwrap_or_default();
    let value = |key: &str| match body.get(key).and_then(Value::as_str) {
        Some(v) if !v.is_empty() => Ok(v.to_owned()),
        _ => Err(invalid(format!("{key} is required when type is {kind}"))),
    };
    match kind {
        "clientid" => Ok(Filter::ClientId(value("clientid")?)),
        "topic" => Ok(Filter::Topic(value("topic")?)),
        "ip_address" => {
            let ip = value("ip_address")?;
            if ip.parse::<std::net::IpAddr>().is_err() {
                return Err(invalid(format!("invalid ip_address: {ip}")));
            }
            Ok(Filter::IpAddress(ip))
        }
        "ruleid" => Ok(Filter::RuleId(value("ruleid")?)),
        _ => Err(bad_request(
            "type: must be clientid, topic, ip_address or ruleid",
        )),
    }
}

pub(crate) fn list(b: &Broker) -> Reply {
    let now = timefmt::now();
    ok(b.traces.all().map(|t| t.to_json(now)).collect())
}

pub(crate) fn create(b: &mut Broker, r: &Req<'_>) -> Reply {
    let Value::Object(body) = r.json()? else {
        return Err(bad_request("the body must be an object"));
    };
    let Some(name) = body.get("name").and_then(Value::as_str) else {
        return Err(bad_request("name is required"));
    };
    check_name(name)?;
    let filter = filter(body)?;
    let now = timefmt::now();
    let start_at = time_field(body, "start_at")?.unwrap_or(now);
    let end_at = time_field(body, "end_at")?.unwrap_or(start_at + DEFAULT_LENGTH);
    if end_at <= now {
        return Err(invalid("end_at time has already passed"));
    }
    if end_at <= start_at {
        return Err(invalid("failed by start_at >= end_at"));
    }
    let trace = Trace {
        name: name.to_owned(),
        filter,
        payload_encode: choice(body, "payload_encode", &["text", "hex", "hidden"])?,
        formatter: choice(body, "formatter", &["text", "json"])?,
        start_at,
        end_at,
        enable: true,
        log: String::new(),
        mtime: now,
    };
    match b.traces.create(trace) {
        Ok(t) => ok(t.to_json(now)),
        Err(CreateError::AlreadyExists) => Err(ApiError::new(
            StatusCode::CONFLICT,
            "ALREADY_EXISTS",
            format!("{name} Already Exists"),
        )),
        Err(CreateError::DuplicateCondition(other)) => Err(ApiError::new(
            StatusCode::CONFLICT,
            "DUPLICATE_CONDITION",
            format!("{other} Duplication Condition"),
        )),
    }
}

pub(crate) fn clear(b: &mut Broker) -> Reply {
    b.traces.clear();
    no_content()
}

pub(crate) fn delete(b: &mut Broker, name: &str) -> Reply {
    check_name(name)?;
    if b.traces.delete(name) {
        no_content()
    } else {
        Err(trace_not_found())
    }
}

/// EMQX answers only `{enable: false, name}`, not the trace.
pub(crate) fn stop(b: &mut Broker, name: &str) -> Reply {
    check_name(name)?;
    b.traces.stop(name).ok_or_else(trace_not_found)?;
    ok(json!({"enable": false, "name": name}))
}

fn check_node(q: &Query) -> Result<(), ApiError> {
    match q.get("node") {
        Some(node) if node != NODE => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "NODE_ERROR",
            format!("{node} Not Found"),
        )),
        _ => Ok(()),
    }
}

fn int_param(q: &Query, key: &str, default: i64) -> Result<i64, ApiError> {
    match q.get(key) {
        None => Ok(default),
        Some(v) => v
            .parse()
            .map_err(|_| bad_request(format!("{key}: must be an integer, got {v:?}"))),
    }
}

/// `GET /trace/{name}/log?bytes=&position=&node=`: up to `bytes` of the log
/// from byte `position`; `meta.position` is where the next page starts.
pub(crate) fn log(b: &Broker, name: &str, q: &Query) -> Reply {
    check_name(name)?;
    let t = b.traces.get(name).ok_or_else(trace_not_found)?;
    check_node(q)?;
    let want = int_param(q, "bytes", 1000)?;
    let position = int_param(q, "position", 0)?;
    if !(0..=i64::from(i32::MAX)).contains(&want) || position < 0 {
        return Err(bad_request("bytes and position must not be negative"));
    }
    let log = t.log.as_bytes();
    let start = (position as usize).min(log.len());
    let end = start.saturating_add(want as usize).min(log.len());
    let chunk = String::from_utf8_lossy(&log[start..end]).into_owned();
    ok(json!({
        "items": chunk,
        "meta": {"position": end, "bytes": end - start},
    }))
}

pub(crate) fn log_detail(b: &Broker, name: &str) -> Reply {
    check_name(name)?;
    let t = b.traces.get(name).ok_or_else(trace_not_found)?;
    ok(json!([{
        "node": NODE,
        "size": t.log.len(),
        "mtime": t.mtime.unix_timestamp(),
    }]))
}

/// `GET /trace/{name}/download?node=`: a zip holding the node's log file,
/// sent as `application/x-zip` like EMQX; 404 while the log is empty.
pub(crate) fn download(b: &Broker, name: &str, q: &Query) -> Reply {
    check_name(name)?;
    let t = b.traces.get(name).ok_or_else(trace_not_found)?;
    check_node(q)?;
    if t.log.is_empty() {
        return Err(not_found("Trace is empty"));
    }
    let archive = zip_log(&format!("trace_{name}_{NODE}.log"), t.log.as_bytes())
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", e))?;
    let mut resp = Response::new(Body::from(archive));
    let headers = resp.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-zip"),
    );
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename={name}.zip")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(resp)
}

fn zip_log(file_name: &str, log: &[u8]) -> Result<Vec<u8>, String> {
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    writer
        .start_file(file_name, options)
        .map_err(|e| e.to_string())?;
    writer.write_all(log).map_err(|e| e.to_string())?;
    Ok(writer.finish().map_err(|e| e.to_string())?.into_inner())
}
