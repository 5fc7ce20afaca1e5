//! State.

pub(crate) mod deployment;
pub(crate) mod platform;
pub(crate) mod seed;
