//! Shared vocabulary.

pub(crate) mod config;
