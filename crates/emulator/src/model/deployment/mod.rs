//! Broker state.

pub(crate) mod broker;
pub(crate) mod client_table;
pub(crate) mod published;
pub(crate) mod sessions;
pub(crate) mod shutdown;
pub(crate) mod stats;
