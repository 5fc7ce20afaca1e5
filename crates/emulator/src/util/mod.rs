//! Helpers.

pub(crate) mod ids;
pub(crate) mod timefmt;
pub(crate) mod topic;
