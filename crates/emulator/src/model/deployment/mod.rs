//! One deployment's broker: its simulated clients and sessions, and what the
//! API configures on it (users, authorization rules, bans, rules, connectors,
//! actions), retained and published messages, and the counters behind
//! `/metrics` and `/stats`.
//!
//! Entity files import nothing of [`broker`]; the broker holds them, and the
//! operations that span several (`publish`, `shutdown`) sit on top.

pub(crate) mod acl;
pub(crate) mod ban;
pub(crate) mod broker;
pub(crate) mod client;
mod client_table;
pub(crate) mod connectors;
pub(crate) mod delayed;
mod extensions;
pub(crate) mod listeners;
pub(crate) mod metrics;
pub(crate) mod mqtt_config;
pub(crate) mod node;
pub(crate) mod publish;
pub(crate) mod published;
pub(crate) mod queues;
pub(crate) mod retained;
pub(crate) mod rule;
pub(crate) mod sessions;
mod shutdown;
pub(crate) mod stats;
