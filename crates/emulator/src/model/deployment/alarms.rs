//! Alarms: activated while a condition of the broker holds, then kept in the
//! history (with the time they ended) until the history is cleared.

use indexmap::IndexMap;
use serde_json::{Value, json};
use time::OffsetDateTime;

use super::node::NODE;
use crate::util::timefmt;

/// The most historical alarms kept (EMQX's `alarm.size_limit` default).
const HISTORY_LIMIT: usize = 1000;

#[derive(Debug, Clone)]
pub(crate) struct Alarm {
    pub name: String,
    pub message: String,
    pub details: Value,
    pub activate_at: OffsetDateTime,
    pub deactivate_at: Option<OffsetDateTime>,
}

impl Alarm {
    /// As `GET /alarms` lists it; `duration` runs to now while it is active.
    pub fn to_json(&self, now: OffsetDateTime) -> Value {
        let end = self.deactivate_at.unwrap_or(now);
        let mut v = json!({
            "node": NODE,
            "name": self.name,
            "message": self.message,
            "details": self.details,
            "duration": (end - self.activate_at).whole_milliseconds().max(0) as u64,
            "activate_at": timefmt::rfc3339_ms(self.activate_at),
        });
        if let Some(at) = self.deactivate_at {
            v["deactivate_at"] = json!(timefmt::rfc3339_ms(at));
        }
        v
    }
}

#[derive(Debug, Default)]
pub(crate) struct Alarms {
    active: IndexMap<String, Alarm>,
    /// Newest last.
    history: Vec<Alarm>,
}

impl Alarms {
    /// Raises `name` unless it is already active.
    pub fn activate(&mut self, name: &str, message: String, details: Value, now: OffsetDateTime) {
        self.active.entry(name.to_owned()).or_insert(Alarm {
            name: name.to_owned(),
            message,
            details,
            activate_at: now,
            deactivate_at: None,
        });
    }

    /// Ends `name` if it is active and moves it to the history.
    pub fn deactivate(&mut self, name: &str, now: OffsetDateTime) {
        if let Some(mut alarm) = self.active.shift_remove(name) {
            alarm.deactivate_at = Some(now);
            if self.history.len() >= HISTORY_LIMIT {
                self.history.remove(0);
            }
            self.history.push(alarm);
        }
    }

    pub fn active(&self) -> impl Iterator<Item = &Alarm> {
        self.active.values()
    }

    /// Newest first, as EMQX lists them.
    pub fn history(&self) -> impl Iterator<Item = &Alarm> {
        self.history.iter().rev()
    }

    pub fn clear_history(&mut self) {
        self.history.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deactivated_alarm_moves_to_the_history() {
        let mut alarms = Alarms::default();
        let t0 = timefmt::now();
        alarms.activate("a", "m".into(), json!({}), t0);
        alarms.activate("a", "again".into(), json!({}), t0);
        assert_eq!(alarms.active().count(), 1);
        alarms.deactivate("a", t0 + time::Duration::seconds(2));
        assert_eq!(alarms.active().count(), 0);
        let past: Vec<_> = alarms.history().collect();
        assert_eq!(past.len(), 1);
        assert_eq!(past[0].to_json(t0)["duration"], json!(2000));
        alarms.clear_history();
        assert_eq!(alarms.history().count(), 0);
    }
}
