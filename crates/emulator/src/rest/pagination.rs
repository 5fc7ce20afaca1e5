//! EMQX 5 page/limit pagination: `{data, meta: {page, limit, hasnext, count?}}`.

use serde_json::{Value, json};

use crate::rest::errors::{ApiError, bad_request, invalid_parameter};
use crate::rest::request::Query;

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
        let total = if with_count {
            Total::Known(items.len())
        } else {
            Total::Omitted
        };
        self.envelope_of(items.into_iter(), total, render)
    }

    /// Like [`envelope`](Self::envelope), walking `items` (the whole list, in
    /// order) only as far as `total` needs: to the end of the page when the
    /// total is known or omitted, to the end of the list when it is counted.
    pub fn envelope_of<T>(
        self,
        items: impl Iterator<Item = T>,
        total: Total,
        render: impl FnMut(T) -> Value,
    ) -> Value {
        let start = (self.page - 1).saturating_mul(self.limit);
        let mut items = items.fuse();
        let skipped = items.by_ref().take(start).count();
        let data: Vec<Value> = items.by_ref().take(self.limit).map(render).collect();
        let (hasnext, count) = match total {
            Total::Known(n) => (start.saturating_add(self.limit) < n, Some(n)),
            Total::Counted => {
                let rest = items.count();
                (rest > 0, Some(skipped + data.len() + rest))
            }
            Total::Omitted => (items.next().is_some(), None),
        };
        let mut meta = json!({"page": self.page, "limit": self.limit, "hasnext": hasnext});
        if let Some(count) = count {
            meta["count"] = json!(count);
        }
        json!({"data": data, "meta": meta})
    }
}

/// The `count` of a page's `meta`.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Total {
    /// Known without walking the list (its length).
    Known(usize),
    /// Counted by walking the whole list (a filtered list).
    Counted,
    /// Left out, as the server does where it cannot count cheaply (fuzzy
    /// `like_*` filters); `hasnext` still says whether a row follows the page.
    Omitted,
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

    /// The three ways of counting give the same page and `hasnext`, past the
    /// end of the list too.
    #[test]
    fn totals_agree_on_every_page() {
        for len in 0..7usize {
            for page in 1..6 {
                let p = PageParams { page, limit: 2 };
                let known = p.envelope_of(0..len, Total::Known(len), |i| json!(i));
                let counted = p.envelope_of(0..len, Total::Counted, |i| json!(i));
                let omitted = p.envelope_of(0..len, Total::Omitted, |i| json!(i));
                assert_eq!(known, counted, "len {len} page {page}");
                assert_eq!(known["data"], omitted["data"]);
                assert_eq!(known["meta"]["hasnext"], omitted["meta"]["hasnext"]);
                assert_eq!(omitted["meta"].get("count"), None);
            }
        }
    }

    /// A page with a known total walks no further than its last row.
    #[test]
    fn a_known_total_stops_at_the_end_of_the_page() {
        let mut walked = 0;
        let items = (0..1_000).inspect(|_| walked += 1);
        let v =
            PageParams { page: 3, limit: 10 }.envelope_of(items, Total::Known(1_000), |i| json!(i));
        assert_eq!(v["data"][0], json!(20));
        assert_eq!(v["meta"]["hasnext"], json!(true));
        assert_eq!(walked, 30);
    }
}
