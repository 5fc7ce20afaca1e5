//! The monitor's time series: one sample per 10-second bucket, each with the
//! gauges seen last in that bucket and the messages counted during it, as the
//! dashboard's charts read them (`/monitor`, `/monitor_current`).

use std::collections::VecDeque;

/// EMQX samples every 10 seconds.
pub(crate) const INTERVAL_MS: i64 = 10_000;
/// One day of samples.
const KEEP: usize = 8_640;

/// Gauges at the time of sampling.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Gauges {
    pub connections: u64,
    pub live_connections: u64,
    pub subscriptions: u64,
    pub shared_subscriptions: u64,
    pub topics: u64,
    pub retained: u64,
}

/// Cumulative message counters (from `/metrics`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counters {
    pub received: u64,
    pub sent: u64,
    pub dropped: u64,
}

impl Counters {
    fn since(self, base: Counters) -> Counters {
        Counters {
            received: self.received.saturating_sub(base.received),
            sent: self.sent.saturating_sub(base.sent),
            dropped: self.dropped.saturating_sub(base.dropped),
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Sample {
    /// Start of the bucket, epoch milliseconds.
    pub time_stamp: i64,
    pub gauges: Gauges,
    /// The counters when the bucket began.
    base: Counters,
    /// Messages counted in the bucket so far.
    pub delta: Counters,
}

#[derive(Debug, Default)]
pub(crate) struct Monitor {
    samples: VecDeque<Sample>,
    /// The counters at the last observation.
    seen: Counters,
}

impl Monitor {
    /// Records the state at `now_ms` into its bucket.
    pub fn observe(&mut self, now_ms: i64, gauges: Gauges, counters: Counters) {
        let bucket = now_ms - now_ms.rem_euclid(INTERVAL_MS);
        match self.samples.back_mut() {
            Some(last) if last.time_stamp == bucket => {
                last.gauges = gauges;
                last.delta = counters.since(last.base);
            }
            _ => {
                if self.samples.len() >= KEEP {
                    self.samples.pop_front();
                }
                let base = self.seen;
                self.samples.push_back(Sample {
                    time_stamp: bucket,
                    gauges,
                    base,
                    delta: counters.since(base),
                });
            }
        }
        self.seen = counters;
    }

    /// Samples whose bucket starts at or after `from_ms`, oldest first.
    pub fn since(&self, from_ms: i64) -> impl Iterator<Item = &Sample> {
        self.samples.iter().filter(move |s| s.time_stamp >= from_ms)
    }

    pub fn latest(&self) -> Option<&Sample> {
        self.samples.back()
    }

    /// `DELETE /monitor`: the history goes; the counters keep counting.
    pub fn clear(&mut self) {
        self.samples.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn received(n: u64) -> Counters {
        Counters {
            received: n,
            ..Counters::default()
        }
    }

    #[test]
    fn a_bucket_counts_what_arrived_since_the_previous_one() {
        let mut m = Monitor::default();
        m.observe(1_000, Gauges::default(), received(3));
        m.observe(9_000, Gauges::default(), received(5));
        m.observe(12_000, Gauges::default(), received(6));
        let all: Vec<_> = m.since(0).collect();
        assert_eq!(all.len(), 2);
        assert_eq!((all[0].time_stamp, all[0].delta.received), (0, 5));
        assert_eq!((all[1].time_stamp, all[1].delta.received), (10_000, 1));
        assert_eq!(m.since(10_000).count(), 1);
        m.clear();
        assert!(m.latest().is_none());
    }
}
