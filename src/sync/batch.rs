//! Many calls from one blocking caller, with a bound on how many are in
//! flight, collected by their position. On Python's main thread, once the
//! server is known to speak HTTP/2, they run on that thread's own runtime
//! and HTTP/2 connection (see `thread_driver`); elsewhere on the shared
//! runtime.
//!
//! The caller waits once for the whole batch (GIL released, Ctrl-C
//! honoured, see `wait`), instead of once per call: with many calls in
//! flight, a thread that blocks and takes the GIL back for every answer
//! costs more than the request itself.

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use pyo3::prelude::*;

use crate::client::route::Route;
use crate::request::call::{Call, Finished};
use crate::rt::exit_gate::Attached;
use crate::rt::process;
use crate::sync::{thread_driver, wait};

/// One call of a batch: its answer, or `None` if it never finished (the
/// batch stopped at an earlier failure).
pub type Slot = Option<Finished>;

/// Which answer ends a batch early: the calls in flight are cancelled and
/// the rest are never sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopAt {
    /// None: every call runs to its end.
    Nothing,
    /// The first call to fail (an error status, a timeout...).
    Failure,
    /// The first to fail, or to answer with an error in its body (EMQX 4's
    /// `code` under a 2xx status, see `Success::reports_error_code`).
    FailureOrErrorCode,
}

impl StopAt {
    fn stops_at(self, finished: &Finished) -> bool {
        match (self, &finished.result) {
            (StopAt::Nothing, _) | (StopAt::Failure, Ok(_)) => false,
            (_, Err(_)) => true,
            (StopAt::FailureOrErrorCode, Ok(success)) => success.reports_error_code(),
        }
    }
}

/// What a batch gave: each call's slot, in the order of the calls, and the
/// call whose answer ended it, if one did.
pub struct Ran {
    pub slots: Vec<Slot>,
    pub stopped_at: Option<usize>,
}

/// Run `calls`, at most `concurrency` at a time, until they all finish or
/// one gives an answer that `stop` names. Dropping the batch (Ctrl-C)
/// cancels every call in flight.
pub fn run(
    py: Python<'_>,
    attached: &mut Attached,
    mut calls: Vec<Call>,
    concurrency: usize,
    stop: StopAt,
) -> PyResult<Ran> {
    let own_http2 = calls
        .first()
        .and_then(|call| thread_driver::http2_client(py, &call.pool))
        .transpose()?;
    let route = own_http2.as_ref().map_or(Route::Overlapping, |client| {
        Route::ThreadHttp2(client.clone())
    });
    for call in &mut calls {
        call.route = route.clone();
    }
    let batch = run_bounded(calls, concurrency.max(1), stop);
    if own_http2.is_some() {
        thread_driver::block_on_here(py, attached, batch)
    } else {
        let main_thread = process::on_main_thread(py, process::id());
        wait::wait(py, attached, batch, main_thread)
    }
}

/// The calls are polled by the future that the waiting thread drives, not
/// spawned as tasks: an answer then wakes the waiting thread alone, instead
/// of a runtime worker that would wake it in turn.
async fn run_bounded(calls: Vec<Call>, concurrency: usize, stop: StopAt) -> Ran {
    let mut slots: Vec<Slot> = std::iter::repeat_with(|| None).take(calls.len()).collect();
    let start = |(index, call): (usize, Call)| async move { (index, call.run().await) };
    let mut waiting = calls.into_iter().enumerate();
    // Dropping the set drops (cancels) every call still in it.
    let mut running: FuturesUnordered<_> = waiting.by_ref().take(concurrency).map(start).collect();
    while let Some((index, finished)) = running.next().await {
        let stops = stop.stops_at(&finished);
        slots[index] = Some(finished);
        if stops {
            return Ran {
                slots,
                stopped_at: Some(index),
            };
        }
        if let Some(next) = waiting.next() {
            running.push(start(next));
        }
    }
    Ran {
        slots,
        stopped_at: None,
    }
}
