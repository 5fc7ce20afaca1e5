//! The shared vocabulary: names every layer uses (the public error, the
//! deployment kinds and identities, the settings). Imports nothing of its own
//! crate.

pub(crate) mod config;
pub(crate) mod connector_fields;
pub(crate) mod deployment;
pub(crate) mod error;
pub(crate) mod error_codes;
pub(crate) mod integration;
