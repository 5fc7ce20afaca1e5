//! Fault injection: make matching requests fail (status + body), stall (delay), or
//! lose their connection, a given number of times. Checked before routing and auth,
//! so a fault can stand in for anything a real server or network might do.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use http::Method;
use regex::Regex;
use serde_json::Value;

/// What to inject. Build with [`FaultSpec::new`] and the public fields.
///
/// The first active fault whose `path` regex matches the request path (as sent, still
/// percent-encoded, without the query string) and whose `method` (if set) matches
/// is applied: first `delay`, then `drop_connection` (the connection is closed with
/// no response), else `status` with `body` (default: an EMQX-style
/// `{"code","message"}`) and an optional `Retry-After` header. A fault with only a
/// `delay` lets the request through afterwards.
#[derive(Debug, Clone, Default)]
pub struct FaultSpec {
    /// Regular expression searched in the request path, e.g. `"/api/v5/clients"`.
    pub path: String,
    /// HTTP method to match (case-insensitive); `None` matches any.
    pub method: Option<String>,
    /// Status code to answer with.
    pub status: Option<u16>,
    /// JSON body to answer with.
    pub body: Option<Value>,
    /// Wait this long before answering (or before passing the request on).
    pub delay: Option<Duration>,
    /// Close the connection without an answer.
    pub drop_connection: bool,
    /// Value of a `Retry-After` header on the injected answer (seconds or an HTTP date).
    pub retry_after: Option<String>,
    /// How many requests the fault applies to; `None` means every matching request
    /// until [`crate::EmulatorHandle::clear_faults`] or `reset`.
    pub times: Option<u32>,
}

impl FaultSpec {
    pub fn new(path: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            times: Some(1),
            ..Self::default()
        }
    }
}

/// One fault, with its compiled regex and remaining budget.
struct Active {
    regex: Regex,
    method: Option<Method>,
    spec: FaultSpec,
    remaining: Option<u32>,
}

/// The table of active faults. The `any` flag keeps the common case (no faults)
/// free of locking.
#[derive(Default)]
pub(crate) struct FaultTable {
    any: AtomicBool,
    faults: Mutex<Vec<Active>>,
}

impl FaultTable {
    pub fn add(&self, spec: FaultSpec) -> Result<(), String> {
        let regex = Regex::new(&spec.path).map_err(|e| format!("invalid path regex: {e}"))?;
        let method = match &spec.method {
            Some(m) => Some(
                Method::from_bytes(m.to_ascii_uppercase().as_bytes())
                    .map_err(|_| format!("invalid method: {m}"))?,
            ),
            None => None,
        };
        if let Some(status) = spec.status {
            http::StatusCode::from_u16(status).map_err(|_| format!("invalid status: {status}"))?;
        }
        if spec.times == Some(0) {
            return Ok(());
        }
        let mut faults = self.faults.lock().unwrap_or_else(|p| p.into_inner());
        faults.push(Active {
            regex,
            method,
            remaining: spec.times,
            spec,
        });
        self.any.store(true, Ordering::Release);
        Ok(())
    }

    pub fn clear(&self) {
        let mut faults = self.faults.lock().unwrap_or_else(|p| p.into_inner());
        faults.clear();
        self.any.store(false, Ordering::Release);
    }

    /// Finds the fault for this request and uses up one of its `times`.
    pub fn take(&self, method: &Method, path: &str) -> Option<FaultSpec> {
        if !self.any.load(Ordering::Acquire) {
            return None;
        }
        let mut faults = self.faults.lock().unwrap_or_else(|p| p.into_inner());
        let idx = faults.iter().position(|f| {
            f.method.as_ref().is_none_or(|m| m == method) && f.regex.is_match(path)
        })?;
        let spec = faults[idx].spec.clone();
        if let Some(n) = faults[idx].remaining.as_mut() {
            *n -= 1;
            if *n == 0 {
                faults.remove(idx);
            }
        }
        if faults.is_empty() {
            self.any.store(false, Ordering::Release);
        }
        Some(spec)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_method() {
        let t = FaultTable::default();
        let mut f = FaultSpec::new("^/platform/projects$");
        f.method = Some("get".into());
        f.status = Some(503);
        f.times = Some(2);
        t.add(f).unwrap();
        assert!(t.take(&Method::POST, "/platform/projects").is_none());
        assert!(t.take(&Method::GET, "/platform/projects").is_some());
        assert!(t.take(&Method::GET, "/platform/projects").is_some());
        assert!(t.take(&Method::GET, "/platform/projects").is_none());
        assert!(t.add(FaultSpec::new("(")).is_err());
    }
}
