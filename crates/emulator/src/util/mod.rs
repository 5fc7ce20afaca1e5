//! Pure helpers with no state and no HTTP: the id shapes EMQX Cloud uses,
//! EMQX's timestamp formats, and MQTT topic matching. Imports nothing of its
//! own crate.

pub(crate) mod ids;
pub(crate) mod timefmt;
pub(crate) mod topic;
