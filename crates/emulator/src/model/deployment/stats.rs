//! The gauges of `/stats` (`<name>.count`) and their high-water marks
//! (`<name>.max`).

/// Every gauge, in the order `/stats` lists them.
pub(crate) const STAT_NAMES: [&str; 12] = [
    "channels",
    "connections",
    "live_connections",
    "cluster_sessions",
    "sessions",
    "subscriptions",
    "subscriptions.shared",
    "suboptions",
    "subscribers",
    "topics",
    "retained",
    "delayed",
];

/// One gauge as `/stats` shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stat {
    pub name: &'static str,
    pub count: u64,
    pub max: u64,
}

/// The highest value each gauge has been seen at.
#[derive(Debug, Default)]
pub(crate) struct HighWater([u64; STAT_NAMES.len()]);

impl HighWater {
    /// Folds the current values (in [`STAT_NAMES`] order) into the marks.
    pub fn observe(&mut self, counts: [u64; STAT_NAMES.len()]) -> [Stat; STAT_NAMES.len()] {
        std::array::from_fn(|i| {
            self.0[i] = self.0[i].max(counts[i]);
            Stat {
                name: STAT_NAMES[i],
                count: counts[i],
                max: self.0[i],
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_keeps_the_highest_count_seen() {
        let mut hw = HighWater::default();
        let mut counts = [0; 12];
        counts[1] = 5;
        hw.observe(counts);
        counts[1] = 2;
        let stats = hw.observe(counts);
        assert_eq!(
            stats[1],
            Stat {
                name: "connections",
                count: 2,
                max: 5
            }
        );
        assert_eq!(stats[0].max, 0);
    }
}
