//! When to send a request again, and how long to wait first.
//!
//! EMQX has no idempotency keys, so a request the server may have seen is
//! only repeated for idempotent methods. A request that never left the client
//! (the TCP connect or TLS handshake failed) is safe to repeat for any method.
//!
//! Statuses: 408, 502, 503 and 504 say "try again" (a gateway or a node
//! restarting). A 500 from EMQX is its answer to this request (a broken rule,
//! a bad config), not a passing state, so it is not repeated. A 429 is
//! retried only when the server says when: the Platform API's limits count
//! per hour, so a blind retry a second later would only spend the budget.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use reqwest::Method;
use reqwest::header::{HeaderMap, RETRY_AFTER};

/// First backoff delay; it doubles with each retry.
const BACKOFF_INITIAL: Duration = Duration::from_millis(500);
/// Longest backoff delay.
const BACKOFF_MAX: Duration = Duration::from_secs(8);
/// Longest `Retry-After` honoured; a server asking for longer is not retried.
const RETRY_AFTER_MAX: Duration = Duration::from_secs(60);

/// The share of each retry wait that is slept, as `f64` bits: 1.0 (all of
/// it) unless tests shorten every wait (`emqx_platform.testing.fast_waits`).
static WAIT_SCALE: AtomicU64 = AtomicU64::new(1.0f64.to_bits());

/// The share of each wait that is slept (see `WAIT_SCALE`).
pub fn wait_scale() -> f64 {
    f64::from_bits(WAIT_SCALE.load(Ordering::Relaxed))
}

/// Set the share of each wait that is slept, for every client of the
/// process; `scale` is in `(0, 1]` (checked by the caller).
pub fn set_wait_scale(scale: f64) {
    WAIT_SCALE.store(scale.to_bits(), Ordering::Relaxed);
}

/// The time actually slept for a retry wait: the decision (and its bounds,
/// such as `RETRY_AFTER_MAX`) stays the same whatever the scale.
pub fn scaled(wait: Duration) -> Duration {
    wait.mul_f64(wait_scale())
}

/// Why an attempt failed, as far as the retry policy cares.
#[derive(Debug, Clone, Copy)]
pub enum Failure<'a> {
    /// The server answered with this status (and these headers).
    Status(u16, &'a HeaderMap),
    /// Nothing was sent: connecting or the TLS handshake failed.
    NotSent,
    /// The request may have reached the server (read timeout, reset, ...).
    MaybeSent,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Decision {
    RetryAfter(Duration),
    GiveUp,
}

/// Methods that leave the server in the same state however often they are sent.
pub fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
    )
}

/// Statuses that say "try again later" rather than "this request is wrong"
/// (429 only with a `Retry-After`: see the module comment).
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 502 | 503 | 504)
}

/// Decide what to do after `retries_done` retries have already failed.
pub fn decide(
    method: &Method,
    retries_done: u32,
    max_retries: u32,
    failure: Failure<'_>,
) -> Decision {
    if retries_done >= max_retries {
        return Decision::GiveUp;
    }
    let backoff = backoff(retries_done, fastrand::f64());
    match failure {
        Failure::NotSent => Decision::RetryAfter(backoff),
        Failure::MaybeSent if is_idempotent(method) => Decision::RetryAfter(backoff),
        Failure::Status(status, headers)
            if is_idempotent(method) && is_retryable_status(status) =>
        {
            match retry_after(headers, SystemTime::now()) {
                None if status == 429 => Decision::GiveUp,
                None => Decision::RetryAfter(backoff),
                Some(wait) if wait <= RETRY_AFTER_MAX => Decision::RetryAfter(wait),
                // The server says it will not accept this for a long while
                // (Platform API limits are per hour): fail now, not in an hour.
                Some(_) => Decision::GiveUp,
            }
        }
        _ => Decision::GiveUp,
    }
}

/// Exponential backoff with up to 25% jitter, so that many clients that failed
/// together do not retry together. `random` is in `[0, 1)`.
pub fn backoff(retries_done: u32, random: f64) -> Duration {
    let exponential = BACKOFF_INITIAL.saturating_mul(1u32 << retries_done.min(16));
    exponential.min(BACKOFF_MAX).mul_f64(1.0 - 0.25 * random)
}

/// The `Retry-After` header: delay-seconds or an HTTP date (RFC 9110 10.2.3).
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<f64>() {
        return (seconds.is_finite() && seconds >= 0.0)
            .then(|| Duration::from_secs_f64(seconds.min(1e6)));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(retry_after: Option<&str>) -> HeaderMap {
        let mut map = HeaderMap::new();
        if let Some(value) = retry_after {
            map.insert(RETRY_AFTER, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn a_wait_scale_shortens_the_sleep_not_the_decision() {
        assert_eq!(scaled(Duration::from_secs(2)), Duration::from_secs(2));
        set_wait_scale(0.01);
        assert_eq!(scaled(Duration::from_secs(2)), Duration::from_millis(20));
        set_wait_scale(1.0);
        assert_eq!(wait_scale(), 1.0);
    }

    #[test]
    fn backoff_doubles_from_half_a_second_and_caps_at_eight() {
        let no_jitter: Vec<_> = (0..6).map(|n| backoff(n, 0.0).as_millis()).collect();
        assert_eq!(no_jitter, [500, 1000, 2000, 4000, 8000, 8000]);
        assert_eq!(backoff(0, 0.999_999).as_millis(), 375);
        assert_eq!(backoff(40, 0.0), BACKOFF_MAX);
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(
            retry_after(&headers(Some("3")), now),
            Some(Duration::from_secs(3))
        );
        assert_eq!(
            retry_after(&headers(Some("0.5")), now),
            Some(Duration::from_millis(500))
        );
        let later = httpdate::fmt_http_date(now + Duration::from_secs(7));
        assert_eq!(
            retry_after(&headers(Some(&later)), now),
            Some(Duration::from_secs(7))
        );
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(7));
        assert_eq!(
            retry_after(&headers(Some(&earlier)), now),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after(&headers(Some("soon")), now), None);
        assert_eq!(retry_after(&headers(Some("-1")), now), None);
        assert_eq!(retry_after(&headers(None), now), None);
    }

    #[test]
    fn statuses_are_retried_only_for_idempotent_methods() {
        let h = headers(None);
        for status in [408, 502, 503, 504] {
            assert!(matches!(
                decide(&Method::GET, 0, 2, Failure::Status(status, &h)),
                Decision::RetryAfter(_)
            ));
            assert!(matches!(
                decide(&Method::DELETE, 0, 2, Failure::Status(status, &h)),
                Decision::RetryAfter(_)
            ));
            assert_eq!(
                decide(&Method::POST, 0, 2, Failure::Status(status, &h)),
                Decision::GiveUp
            );
        }
        for status in [400, 401, 403, 404, 409, 422, 429, 500, 501] {
            assert_eq!(
                decide(&Method::GET, 0, 2, Failure::Status(status, &h)),
                Decision::GiveUp
            );
        }
    }

    #[test]
    fn a_429_is_retried_only_when_the_server_says_when() {
        let when = headers(Some("1"));
        assert_eq!(
            decide(&Method::GET, 0, 2, Failure::Status(429, &when)),
            Decision::RetryAfter(Duration::from_secs(1))
        );
        assert_eq!(
            decide(&Method::GET, 0, 2, Failure::Status(429, &headers(None))),
            Decision::GiveUp
        );
        assert_eq!(
            decide(&Method::POST, 0, 2, Failure::Status(429, &when)),
            Decision::GiveUp
        );
    }

    #[test]
    fn unsent_requests_are_retried_for_every_method() {
        assert!(matches!(
            decide(&Method::POST, 0, 2, Failure::NotSent),
            Decision::RetryAfter(_)
        ));
        assert_eq!(
            decide(&Method::POST, 0, 2, Failure::MaybeSent),
            Decision::GiveUp
        );
        assert!(matches!(
            decide(&Method::GET, 1, 2, Failure::MaybeSent),
            Decision::RetryAfter(_)
        ));
    }

    #[test]
    fn retries_stop_at_the_limit_and_on_long_retry_after() {
        assert_eq!(
            decide(&Method::GET, 2, 2, Failure::NotSent),
            Decision::GiveUp
        );
        assert_eq!(
            decide(&Method::GET, 0, 0, Failure::NotSent),
            Decision::GiveUp
        );
        let short = headers(Some("2"));
        assert_eq!(
            decide(&Method::GET, 0, 2, Failure::Status(429, &short)),
            Decision::RetryAfter(Duration::from_secs(2))
        );
        let long = headers(Some("3600"));
        assert_eq!(
            decide(&Method::GET, 0, 2, Failure::Status(429, &long)),
            Decision::GiveUp
        );
    }
}
