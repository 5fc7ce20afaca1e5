//! The log of received requests, for tests to assert on what the SDK sent.
//! The `Authorization` header is never recorded; only method, path, query and body.

use std::collections::VecDeque;
use std::sync::Mutex;

use serde_json::{Map, Value, json};

/// One received request.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedRequest {
    pub method: String,
    /// The path as sent (percent-encoded), without the query string.
    pub path: String,
    /// The raw query string (empty if none).
    pub query_string: String,
    /// Decoded query pairs, in order, repeated keys kept.
    pub query: Vec<(String, String)>,
    /// The JSON body, if the request had one that parsed.
    pub body: Option<Value>,
    /// The status answered; `None` when a fault dropped the connection.
    pub status: Option<u16>,
    /// `"platform"`, `"deployment"` or `"unknown"` (a path outside both APIs).
    pub api: &'static str,
    /// The deployment addressed, for Deployment API requests.
    pub deployment_id: Option<String>,
}

impl RecordedRequest {
    /// As JSON: `query` maps each key to the list of its values.
    pub fn to_json(&self) -> Value {
        let mut query = Map::new();
        for (k, v) in &self.query {
            let entry = query
                .entry(k.clone())
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(values) = entry {
                values.push(Value::String(v.clone()));
            }
        }
        json!({
            "method": self.method,
            "path": self.path,
            "query_string": self.query_string,
            "query": query,
            "body": self.body,
            "status": self.status,
            "api": self.api,
            "deployment_id": self.deployment_id,
        })
    }
}

/// A bounded log: the oldest entries go first, so a long benchmark cannot grow memory
/// without limit.
pub(crate) struct RequestLog {
    limit: usize,
    entries: Mutex<VecDeque<RecordedRequest>>,
}

impl RequestLog {
    pub fn new(limit: usize) -> Self {
        Self {
            limit,
            entries: Mutex::new(VecDeque::new()),
        }
    }

    pub fn push(&self, r: RecordedRequest) {
        if self.limit == 0 {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if entries.len() >= self.limit {
            entries.pop_front();
        }
        entries.push_back(r);
    }

    pub fn snapshot(&self) -> Vec<RecordedRequest> {
        self.entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .cloned()
            .collect()
    }

    pub fn clear(&self) {
        self.entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }
}
