//! Pure helpers with no state and no HTTP: the id shapes EMQX Cloud uses,
//! EMQX's timestamp formats, MQTT topic matching, the rule SQL's `FROM` and
//! the masking of secrets in configurations.
//! Imports nothing of its own crate.

pub(crate) mod ids;
pub(crate) mod redact;
pub(crate) mod sql;
pub(crate) mod timefmt;
pub(crate) mod topic;
