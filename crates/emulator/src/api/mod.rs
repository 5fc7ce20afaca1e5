//! Handlers.

pub(crate) mod deployment;
pub(crate) mod platform;
