//! The emulated state and its operations, without HTTP: each deployment's
//! broker, the Platform side (projects, deployment lifecycle, TLS
//! certificates, rate-limit counters), and the seeded world `reset` rebuilds.
//! Entities render themselves as the JSON objects EMQX shows, but nothing
//! here builds an answer, parses a request or names an HTTP crate.

pub(crate) mod deployment;
pub(crate) mod platform;
pub(crate) mod seed;
