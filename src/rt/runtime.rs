//! The process-wide tokio runtime.
//!
//! One multi-thread runtime serves every client (sync and async). A child
//! process created by `fork()` inherits the runtime's memory but not its worker
//! threads, so using it there would hang forever: the runtime is keyed by the
//! process id and rebuilt in a child. The parent's runtime is leaked in the
//! child on purpose, because dropping it would try to join threads that do
//! not exist there. Exactly one thread builds it (see `exclusive_per_process`).

use std::sync::OnceLock;

use tokio::runtime::Runtime;

use crate::rt::exclusive_per_process::ExclusivePerProcess;

static RUNTIME: ExclusivePerProcess<Runtime> = ExclusivePerProcess::new();

/// Run by each worker before it parks, if a layer above set it (the asyncio
/// layer sends the event-loop wake-ups its workers held back). Set at module
/// init, before the runtime is first built.
static PARK_HOOK: OnceLock<fn()> = OnceLock::new();

/// Set the park hook (see [`PARK_HOOK`]); only the first call counts.
// Where the asyncio layer has no pipe to wake (Windows), nothing sets one.
#[cfg_attr(not(unix), allow(dead_code))]
pub fn on_worker_park(hook: fn()) {
    let _ = PARK_HOOK.set(hook);
}

/// The runtime of this process, built on first use (and again after a fork).
pub fn runtime() -> &'static Runtime {
    RUNTIME.get_or_build(|| {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .thread_name("emqx-platform")
            .on_thread_park(|| {
                if let Some(hook) = PARK_HOOK.get() {
                    hook();
                }
            })
            .build()
            .expect("cannot start the tokio runtime")
    })
}
