//! Many calls from one blocking caller: run on the shared runtime with a
//! bound on how many are in flight, collected by their position.
//!
//! The caller waits once for the whole batch (GIL released, Ctrl-C
//! honoured, see `wait`), instead of once per call: with many calls in
//! flight, a thread that blocks and takes the GIL back for every answer
//! costs more than the request itself.

use pyo3::prelude::*;
use tokio::task::JoinSet;

use crate::client::route::Route;
use crate::request::call::{Call, Finished};
use crate::rt::exit_gate::Attached;
use crate::rt::process;
use crate::rt::runtime::runtime;
use crate::sync::wait;

/// One call of a batch: its answer, `None` if it never finished (the batch
/// stopped at an earlier failure), or why its task ended without one.
pub type Slot = Option<Result<Finished, String>>;

/// Run `calls`, at most `concurrency` at a time, and return what each one
/// gave, in the order of `calls`. With `stop_at_first_error`, the first call
/// to fail ends the batch: the calls in flight are cancelled and the rest
/// are never sent. Dropping the batch (Ctrl-C) cancels every call in flight.
pub fn run(
    py: Python<'_>,
    attached: &mut Attached,
    calls: Vec<Call>,
    concurrency: usize,
    stop_at_first_error: bool,
) -> PyResult<Vec<Slot>> {
    let main_thread = process::on_main_thread(py, process::id());
    let batch = run_bounded(calls, concurrency.max(1), stop_at_first_error);
    wait::wait(py, attached, batch, main_thread)
}

async fn run_bounded(calls: Vec<Call>, concurrency: usize, stop_at_first_error: bool) -> Vec<Slot> {
    let mut slots: Vec<Slot> = std::iter::repeat_with(|| None).take(calls.len()).collect();
    let mut waiting = calls.into_iter().enumerate();
    // Dropping the set aborts every task still in it.
    let mut running = JoinSet::new();
    let handle = runtime().handle();
    let mut spawn_next = |running: &mut JoinSet<(usize, Finished)>| {
        if let Some((index, mut call)) = waiting.next() {
            call.route = Route::Overlapping;
            running.spawn_on(async move { (index, call.run().await) }, handle);
        }
    };
    for _ in 0..concurrency {
        spawn_next(&mut running);
    }
    while let Some(joined) = running.join_next().await {
        let (index, finished) = match joined {
            Ok(done) => done,
            Err(err) if err.is_panic() => std::panic::resume_unwind(err.into_panic()),
            // Only when the runtime shuts down, at exit.
            Err(err) => return failed_batch(slots, err.to_string()),
        };
        let failed = finished.result.is_err();
        slots[index] = Some(Ok(finished));
        if failed && stop_at_first_error {
            return slots;
        }
        spawn_next(&mut running);
    }
    slots
}

/// Every call that has no answer yet ends with `reason`.
fn failed_batch(mut slots: Vec<Slot>, reason: String) -> Vec<Slot> {
    for slot in slots.iter_mut().filter(|slot| slot.is_none()) {
        *slot = Some(Err(reason.clone()));
    }
    slots
}
