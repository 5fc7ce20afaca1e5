//! Rust requests as asyncio futures, completed on the event loop's own thread.
//!
//! Each event loop gets an inbox: a queue plus a pipe whose read end is
//! registered once with `loop.add_reader`. A finished request pushes its
//! (future, outcome) pair onto the queue and asks for one wake-up (a byte on
//! the pipe, see `wake`) only when the queue was empty; the loop then
//! decodes and completes every waiting future in one callback, running their
//! callbacks (the waiting tasks' wake-ups) there and then (see
//! `future`). No Rust thread ever takes the GIL for this, which matters
//! twice: a runtime thread cannot stall behind the loop holding the GIL, and
//! none can be torn down by CPython while it waits for the GIL at interpreter
//! exit (pyo3-async-runtimes' completion does exactly that from a blocking
//! thread, which crashed asyncio programs on exit).
//!
//! Loops without `add_reader` (Windows' proactor loop) use the generic bridge
//! in `generic_bridge` instead.

use std::cell::RefCell;
use std::io::{PipeReader, Read};
use std::os::fd::AsRawFd;
use std::sync::{Arc, Mutex, Weak};

use pyo3::exceptions::PyNotImplementedError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyWeakrefReference;

use crate::asyncio::future::RequestFuture;
use crate::asyncio::generic_bridge;
use crate::asyncio::wake::{self, LoopWake};
use crate::client::occupancy::Occupancy;
use crate::client::route::Route;
use crate::request::call::Call;
use crate::request::outcome::Outcome;
use crate::rt::exit_gate::Attached;
use crate::rt::{process, runtime};

/// Finished requests waiting for their loop, and how to wake it.
struct Inbox {
    queue: Mutex<Vec<(Py<RequestFuture>, Outcome)>>,
    wake: Arc<LoopWake>,
    /// This loop's requests in flight: sequential ones take the pool's
    /// HTTP/1.1 client, overlapping ones the multiplexing one (see `pool`).
    occupancy: Arc<Occupancy>,
}

impl Inbox {
    fn push(&self, future: Py<RequestFuture>, outcome: Outcome) {
        let was_empty = {
            let mut queue = self.queue.lock().unwrap_or_else(|e| e.into_inner());
            queue.push((future, outcome));
            queue.len() == 1
        };
        // One wake-up per batch: a non-empty queue already has one pending.
        if was_empty {
            self.wake.wake_soon();
        }
    }
}

/// The loop-side end of an inbox; its `drain` is the `add_reader` callback.
/// The loop's reader keeps it alive, and nothing else does strongly: closing
/// the loop drops it, so a loop closed while requests were in flight can be
/// freed once they finish (the answers they queue hold the loop's futures).
#[pyclass(frozen, weakref, module = "emqx_platform._core")]
pub struct LoopInbox {
    inbox: Arc<Inbox>,
    woken: PipeReader,
}

#[pymethods]
impl LoopInbox {
    /// Complete every future whose request has finished.
    fn drain(&self, py: Python<'_>) -> PyResult<()> {
        // Emitting log records and running the futures' callbacks run
        // Python code, which may release the GIL.
        let _attached = Attached::enter(py);
        // Empty the pipe first, then the queue: a request finishing in
        // between either lands in this batch or writes a fresh byte.
        let mut buf = [0u8; 256];
        while matches!((&self.woken).read(&mut buf), Ok(n) if n == buf.len()) {}
        let batch =
            std::mem::take(&mut *self.inbox.queue.lock().unwrap_or_else(|e| e.into_inner()));
        // Every future of the batch is completed, even after a callback
        // raised KeyboardInterrupt or SystemExit, which is raised after.
        let mut to_raise = None;
        for (future, outcome) in batch {
            let future = future.bind(py);
            if future.get().done() {
                continue; // cancelled while the request finished
            }
            if let Some(err) = RequestFuture::finish(future, outcome.into_pyobject(py)) {
                to_raise.get_or_insert(err);
            }
        }
        to_raise.map_or(Ok(()), Err)
    }
}

static GET_RUNNING_LOOP: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
/// `WeakKeyDictionary[loop, weakref[LoopInbox]]`: weak both ways, since a
/// value that held its loop (through the futures queued in the inbox) would
/// keep the entry, and the loop, alive for ever.
static INBOXES: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

thread_local! {
    /// The inbox this thread used last, and a weak reference to its loop. A
    /// thread runs one loop at a time, so this spares almost every call the
    /// `WeakKeyDictionary` lookup (pure Python, slow next to this). Both weak:
    /// the cache keeps neither the loop nor its inbox alive.
    static LAST_INBOX: RefCell<Option<(Py<PyWeakrefReference>, Weak<Inbox>)>> =
        const { RefCell::new(None) };
}

/// The inbox of `event_loop`, or `None` if the loop cannot watch a pipe.
fn inbox_of(event_loop: &Bound<'_, PyAny>) -> PyResult<Option<Arc<Inbox>>> {
    let py = event_loop.py();
    let cached = LAST_INBOX.with_borrow(|last| {
        let (weak_loop, inbox) = last.as_ref()?;
        let same_loop = weak_loop.bind(py).upgrade()?.is(event_loop);
        same_loop.then(|| inbox.upgrade()).flatten()
    });
    if cached.is_some() {
        return Ok(cached);
    }
    let inbox = registered_inbox(event_loop)?;
    if let Some(inbox) = &inbox {
        let weak_loop = PyWeakrefReference::new(event_loop)?.unbind();
        LAST_INBOX.set(Some((weak_loop, Arc::downgrade(inbox))));
    }
    Ok(inbox)
}

/// The inbox of `event_loop` from the registry of every loop's inbox,
/// made and registered on the loop's first call.
fn registered_inbox(event_loop: &Bound<'_, PyAny>) -> PyResult<Option<Arc<Inbox>>> {
    let py = event_loop.py();
    let inboxes = INBOXES
        .get_or_try_init(py, || {
            py.import("weakref")?
                .getattr("WeakKeyDictionary")?
                .call0()
                .map(Bound::unbind)
        })?
        .bind(py);
    let existing = inboxes.call_method1(intern!(py, "get"), (event_loop,))?;
    if let Ok(weak) = existing.cast::<PyWeakrefReference>()
        && let Some(existing) = weak.upgrade_as::<LoopInbox>()?
    {
        return Ok(Some(Arc::clone(&existing.get().inbox)));
    }
    let (woken, wake) = wake::pipe()?;
    let fd = woken.as_raw_fd();
    let inbox = Bound::new(
        py,
        LoopInbox {
            inbox: Arc::new(Inbox {
                queue: Mutex::new(Vec::new()),
                wake,
                occupancy: Arc::default(),
            }),
            woken,
        },
    )?;
    match event_loop.call_method1(intern!(py, "add_reader"), (fd, inbox.getattr("drain")?)) {
        Ok(_) => {}
        Err(err) if err.is_instance_of::<PyNotImplementedError>(py) => return Ok(None),
        Err(err) => return Err(err),
    }
    inboxes.set_item(event_loop, PyWeakrefReference::new(&inbox)?)?;
    Ok(Some(Arc::clone(&inbox.get().inbox)))
}

/// The asyncio future of a call on the running loop (an error if none
/// runs); this sets the call's route.
pub fn future_of_call(py: Python<'_>, mut call: Call) -> PyResult<Bound<'_, PyAny>> {
    let get_running_loop = GET_RUNNING_LOOP.get_or_try_init(py, || {
        py.import("asyncio")?
            .getattr("get_running_loop")
            .map(Bound::unbind)
    })?;
    let event_loop = get_running_loop.bind(py).call0()?;
    let Some(inbox) = inbox_of(&event_loop)? else {
        return generic_bridge::future_of_call(py, call);
    };
    let in_flight = inbox.occupancy.enter(process::id());
    call.route = Route::by_occupancy(in_flight.sequential);
    let future = Bound::new(py, RequestFuture::new(event_loop.unbind()))?;
    let handle = future.clone().unbind();
    let task = runtime::runtime().spawn(async move {
        let outcome = Outcome(call.run().await);
        drop(in_flight);
        inbox.push(handle, outcome);
    });
    future.get().set_abort(task.abort_handle());
    Ok(future.into_any())
}
