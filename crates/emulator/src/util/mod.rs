//! Pure helpers with no state and no HTTP: the id shapes EMQX Cloud uses,
//! EMQX's timestamp formats, MQTT topic matching, the rule SQL's `FROM`,
//! the masking of secrets in configurations, and the configuration's
//! durations, sizes and rates.
//! Imports nothing of its own crate.

pub(crate) mod hocon;
pub(crate) mod ids;
pub(crate) mod redact;
pub(crate) mod sql;
pub(crate) mod timefmt;
pub(crate) mod topic;
