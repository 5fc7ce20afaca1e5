//! How a call completes an asyncio future on its event loop: the loop's
//! inbox, the future type, the wake-up pipe, and the generic bridge for
//! loops that cannot watch a pipe.
//!
//! Imports `rt`, `client` and `request`.

pub mod future;
pub mod generic_bridge;
pub mod inbox;
pub mod wake;

/// Hook this layer into the runtime: a worker about to park sends the
/// event-loop wake-ups it held back (see `wake`).
pub fn install() {
    crate::rt::runtime::on_worker_park(wake::send_owed_wakes);
}
