//! EMQX 5 page/limit pagination: `{data, meta: {page, limit, hasnext, count?}}`.

use serde_json::{Value, json};

use crate::errors::{ApiError, bad_request, invalid_parameter};
use crate::request::Query;

/// 5.8.6 caps `limit` at 10000; the default is 100.
pub(crate) const MAX_LIMIT: i64 = 10_000;
pub(crate) const DEFAULT_LIMIT: i64 = 100;

#[derive(Debug, Clone, Copy)]
pub(crate) struct PageParams {
    pub page: usize,
    pub limit: usize,
}

impl PageParams {
    /// Reads `page` and `limit`. Zero or negative gives `400 INVALID_PARAMETER
    /// page_limit_invalid`; a non-integer or a limit above the maximum fails the
    /// schema check first (`400 BAD_REQUEST`), as on the real server.
    pub fn from_query(q: &Query) -> Result<Self, ApiError> {
        let page = int_param(q, "page", 1)?;
        let limit = int_param(q, "limit", DEFAULT_LIMIT)?;
        if limit > MAX_LIMIT {
            return Err(bad_request(format!(
                "the value of limit must be less than or equal to {MAX_LIMIT}"
            )));
        }
        if page < 1 || limit < 1 {
            return Err(invalid_parameter("page_limit_invalid"));
        }
        Ok(Self {
            page: page as usize,
            limit: limit as usize,
        })
    }

    /// Slices `items` and builds the envelope. `count` is left out when the
    /// server could not count cheaply (fuzzy `like_*` filters).
    /// Only the rows of the requested page are rendered, so a large list stays cheap.
    pub fn envelope<T>(
        self,
        items: Vec<T>,
        with_count: bool,
        render: impl FnMut(T) -> Value,
    ) -> Value {
        let total = items.len();
        let start = (self.page - 1).saturating_mul(self.limit);
        let hasnext = start.saturating_add(self.limit) < total;
        let data: Vec<Value> = items
            .into_iter()
            .skip(start)
            .take(self.limit)
            .map(render)
            .collect();
        let mut meta = json!({"page": self.page, "limit": self.limit, "hasnext": hasnext});
        if with_count {
            meta["count"] = json!(total);
        }
        json!({"data": data, "meta": meta})
    }
}

fn int_param(q: &Query, key: &str, default: i64) -> Result<i64, ApiError> {
    match q.get(key) {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse::<i64>()
            .map_err(|_| bad_request(format!("the value of {key} must be an integer"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Query {
        Query::parse(Some(s))
    }

    #[test]
    fn defaults_and_bounds() {
        let p = PageParams::from_query(&q("")).unwrap();
        assert_eq!((p.page, p.limit), (1, 100));
        assert_eq!(
            PageParams::from_query(&q("page=0")).unwrap_err().code,
            "INVALID_PARAMETER"
        );
        assert_eq!(
            PageParams::from_query(&q("limit=-1")).unwrap_err().code,
            "INVALID_PARAMETER"
        );
        assert_eq!(
            PageParams::from_query(&q("limit=10001")).unwrap_err().code,
            "BAD_REQUEST"
        );
        assert_eq!(
            PageParams::from_query(&q("page=x")).unwrap_err().code,
            "BAD_REQUEST"
        );
    }

    #[test]
    fn envelope_meta() {
        let items: Vec<Value> = (0..5).map(|i| json!(i)).collect();
        let p = PageParams { page: 2, limit: 2 };
        let v = p.envelope(items.clone(), true, |v| v);
        assert_eq!(v["data"], json!([2, 3]));
        assert_eq!(
            v["meta"],
            json!({"page": 2, "limit": 2, "hasnext": true, "count": 5})
        );
        let v = PageParams { page: 3, limit: 2 }.envelope(items, false, |v| v);
        assert_eq!(v["meta"], json!({"page": 3, "limit": 2, "hasnext": false}));
    }
}
