//! One deployment's broker: its simulated clients and sessions, and what the
//! API configures on it (users, authorization rules, bans, rules, connectors,
//! actions), retained and published messages, and the counters behind
//! `/metrics` and `/stats`.
//!
//! Entity files import nothing of [`broker`]; the broker holds them, and the
//! operations that span several (`publish`, `on_behalf`, `shutdown`) sit on
//! top.

pub(crate) mod acl;
pub(crate) mod alarms;
pub(crate) mod authn;
pub(crate) mod authz;
pub(crate) mod ban;
pub(crate) mod broker;
pub(crate) mod chain;
pub(crate) mod client;
mod client_table;
pub(crate) mod connectors;
pub(crate) mod delayed;
mod extensions;
pub(crate) mod license;
pub(crate) mod listener_bind;
pub(crate) mod listeners;
pub(crate) mod metrics;
pub(crate) mod monitor;
pub(crate) mod mqtt_config;
pub(crate) mod node;
mod observe;
mod on_behalf;
pub(crate) mod pipeline;
pub(crate) mod prometheus;
pub(crate) mod publish;
pub(crate) mod published;
pub(crate) mod queues;
pub(crate) mod retained;
pub(crate) mod rule;
pub(crate) mod rule_engine;
pub(crate) mod schema_registry;
pub(crate) mod sessions;
mod shutdown;
pub(crate) mod slow_subs;
pub(crate) mod stats;
pub(crate) mod telemetry;
pub(crate) mod topic_metrics;
pub(crate) mod trace;
pub(crate) mod v4;
