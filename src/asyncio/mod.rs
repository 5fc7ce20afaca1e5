//! How a call completes an asyncio future on its event loop: the loop's
//! inbox, the future type, the wake-up pipe, and the generic bridge for
//! loops that cannot watch a pipe.
//!
//! Imports `rt`, `client` and `request`.

pub mod future;
pub mod generic_bridge;
#[cfg(unix)]
pub mod inbox;
#[cfg(unix)]
pub mod wake;

/// The asyncio future of a call on the running loop: through the loop's
/// inbox on Unix, through the generic bridge elsewhere (the inbox's pipe is
/// a file descriptor, which Windows' event loops cannot watch).
#[cfg(not(unix))]
pub use generic_bridge::future_of_call;
#[cfg(unix)]
pub use inbox::future_of_call;

/// Hook this layer into the runtime: a worker about to park sends the
/// event-loop wake-ups it held back (see `wake`).
pub fn install() {
    #[cfg(unix)]
    crate::rt::runtime::on_worker_park(wake::send_owed_wakes);
}
