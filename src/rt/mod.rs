//! The process-wide tokio runtime, the process id, and fork and exit handling.
//!
//! Everything that must be rebuilt in a forked child, or must not run at
//! interpreter exit, is decided here. This layer imports no other layer.

pub mod exclusive_per_process;
pub mod exit_gate;
pub mod per_process;
pub mod process;
pub mod runtime;
