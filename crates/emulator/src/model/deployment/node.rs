//! The single node every emulated deployment runs.

/// Node name of the single-node "cluster" every deployment runs.
pub(crate) const NODE: &str = "emqx@127.0.0.1";
