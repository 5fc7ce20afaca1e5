//! How a blocking call waits, with the GIL released and Ctrl-C honoured:
//! driven by Python's main thread itself, or on the shared runtime.
//!
//! Imports `rt`, `client` and `request`.

pub mod batch;
pub mod thread_driver;
pub mod wait;
