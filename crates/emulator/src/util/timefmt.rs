//! Timestamps the way EMQX renders them: RFC 3339 with milliseconds and an offset
//! (`2024-01-01T12:34:56.789+00:00`). Filters accept epoch milliseconds or RFC 3339.

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, UtcOffset};

pub(crate) fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

/// `2024-01-01T12:34:56.789+00:00`.
pub(crate) fn rfc3339_ms(t: OffsetDateTime) -> String {
    let fmt = format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3][offset_hour sign:mandatory]:[offset_minute]"
    );
    t.to_offset(UtcOffset::UTC).format(&fmt).unwrap_or_default()
}

/// `2024-01-01T12:34:56+00:00` (banned `at`/`until` have no fraction).
pub(crate) fn rfc3339_s(t: OffsetDateTime) -> String {
    let fmt = format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second][offset_hour sign:mandatory]:[offset_minute]"
    );
    t.to_offset(UtcOffset::UTC).format(&fmt).unwrap_or_default()
}

/// Platform API style: `2024-07-22 05:32`.
pub(crate) fn platform_minutes(t: OffsetDateTime) -> String {
    let fmt = format_description!("[year]-[month]-[day] [hour]:[minute]");
    t.to_offset(UtcOffset::UTC).format(&fmt).unwrap_or_default()
}

/// Platform TLS style: `2034-05-22 02:43:21`.
pub(crate) fn platform_seconds(t: OffsetDateTime) -> String {
    let fmt = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    t.to_offset(UtcOffset::UTC).format(&fmt).unwrap_or_default()
}

/// Epoch milliseconds or RFC 3339, as EMQX's time filters accept.
pub(crate) fn parse_time(s: &str) -> Option<OffsetDateTime> {
    if let Ok(ms) = s.parse::<i64>() {
        return OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).ok();
    }
    OffsetDateTime::parse(s, &Rfc3339).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_millis_and_offset() {
        let t = OffsetDateTime::from_unix_timestamp_nanos(1_700_000_000_123_000_000).unwrap();
        assert_eq!(rfc3339_ms(t), "2023-11-14T22:13:20.123+00:00");
        assert_eq!(rfc3339_s(t), "2023-11-14T22:13:20+00:00");
        assert_eq!(platform_minutes(t), "2023-11-14 22:13");
    }

    #[test]
    fn parses_epoch_ms_and_rfc3339() {
        let a = parse_time("1700000000123").unwrap();
        let b = parse_time("2023-11-14T22:13:20.123+00:00").unwrap();
        assert_eq!(a, b);
        assert!(parse_time("yesterday").is_none());
    }
}
