//! One API call: its attempts and retries, the errors it can end with, its
//! JSON bodies and log records, and its result as a Python object.
//!
//! Nothing here starts a thread or touches an event loop: the callers in
//! `sync` and `asyncio` decide where a call runs. Imports `rt` and `client`.

pub mod body;
pub mod call;
pub mod errors;
pub mod json;
pub mod logging;
pub mod outcome;
pub mod retry;
pub mod url;
