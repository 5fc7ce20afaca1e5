//! Rust requests as asyncio futures, completed on the event loop's own thread.
//!
//! Each event loop gets an inbox: a queue plus a socketpair whose read end is
//! registered once with `loop.add_reader`. A finished request pushes its
//! (future, outcome) pair onto the queue and writes one byte only when the
//! queue was empty; the loop then decodes and completes every waiting future
//! in one callback. No Rust thread ever takes the GIL for this, which matters
//! twice: a runtime thread cannot stall behind the loop holding the GIL, and
//! none can be torn down by CPython while it waits for the GIL at interpreter
//! exit (pyo3-async-runtimes' completion does exactly that from a blocking
//! thread, which crashed asyncio programs on exit).
//!
//! Loops without `add_reader` (Windows' proactor loop) use the generic bridge
//! in `async_bridge` instead.

use std::io::{Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;
use std::sync::{Arc, Mutex};

use pyo3::exceptions::PyNotImplementedError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use tokio::task::AbortHandle;

use crate::call::Call;
use crate::occupancy::Occupancy;
use crate::outcome::Outcome;
use crate::pool::Pool;
use crate::runtime;

/// Finished requests waiting for their loop, and how to wake it.
struct Inbox {
    queue: Mutex<Vec<(Py<PyAny>, Outcome)>>,
    wake: UnixStream,
    /// This loop's requests in flight: sequential ones take the pool's
    /// HTTP/1.1 client, overlapping ones the multiplexing one (see `pool`).
    occupancy: Arc<Occupancy>,
}

impl Inbox {
    fn push(&self, future: Py<PyAny>, outcome: Outcome) {
        let was_empty = {
            let mut queue = self.queue.lock().unwrap_or_else(|e| e.into_inner());
            queue.push((future, outcome));
            queue.len() == 1
        };
        // One byte per batch: a non-empty queue already has a wake-up pending.
        // A full socket buffer also means a wake-up is pending, so a failed
        // write loses nothing.
        if was_empty {
            let _ = (&self.wake).write(&[1]);
        }
    }
}

/// The loop-side end of an inbox; its `drain` is the `add_reader` callback.
#[pyclass(frozen, module = "emqx_platform._core")]
pub struct LoopInbox {
    inbox: Arc<Inbox>,
    woken: UnixStream,
}

#[pymethods]
impl LoopInbox {
    /// Complete every future whose request has finished.
    fn drain(&self, py: Python<'_>) {
        // Empty the socket first, then the queue: a request finishing in
        // between either lands in this batch or writes a fresh byte.
        let mut buf = [0u8; 256];
        while matches!((&self.woken).read(&mut buf), Ok(n) if n == buf.len()) {}
        let batch =
            std::mem::take(&mut *self.inbox.queue.lock().unwrap_or_else(|e| e.into_inner()));
        for (future, outcome) in batch {
            // One future's failure (e.g. cancelled meanwhile) must not strand the others.
            let _ = complete(future.bind(py), outcome);
        }
    }
}

fn complete(future: &Bound<'_, PyAny>, outcome: Outcome) -> PyResult<()> {
    let py = future.py();
    if future.call_method0(intern!(py, "done"))?.is_truthy()? {
        return Ok(()); // cancelled while the request finished
    }
    match outcome.into_pyobject(py) {
        Ok(value) => future.call_method1(intern!(py, "set_result"), (value,))?,
        Err(err) => future.call_method1(intern!(py, "set_exception"), (err.into_value(py),))?,
    };
    Ok(())
}

/// Aborts the request when its asyncio future is cancelled.
#[pyclass(frozen, module = "emqx_platform._core")]
pub struct AbortOnCancel(AbortHandle);

#[pymethods]
impl AbortOnCancel {
    fn __call__(&self, future: &Bound<'_, PyAny>) -> PyResult<()> {
        if future
            .call_method0(intern!(future.py(), "cancelled"))?
            .is_truthy()?
        {
            self.0.abort();
        }
        Ok(())
    }
}

static GET_RUNNING_LOOP: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
/// `WeakKeyDictionary[loop, LoopInbox]`: an inbox lives as long as its loop.
static INBOXES: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// The inbox of `event_loop`, or `None` if the loop cannot watch a socket.
fn inbox_of(event_loop: &Bound<'_, PyAny>) -> PyResult<Option<Arc<Inbox>>> {
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
    if let Ok(existing) = existing.cast::<LoopInbox>() {
        return Ok(Some(Arc::clone(&existing.get().inbox)));
    }
    let (woken, wake) = UnixStream::pair()?;
    woken.set_nonblocking(true)?;
    wake.set_nonblocking(true)?;
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
    inboxes.set_item(event_loop, &inbox)?;
    Ok(Some(Arc::clone(&inbox.get().inbox)))
}

/// The asyncio future of a call on the running loop (an error if none
/// runs). `prepare` builds the call around the client that will carry it.
pub fn future_of_call<'py>(
    py: Python<'py>,
    pool: &Pool,
    prepare: impl FnOnce(reqwest::Client) -> PyResult<Call>,
) -> PyResult<Bound<'py, PyAny>> {
    let get_running_loop = GET_RUNNING_LOOP.get_or_try_init(py, || {
        py.import("asyncio")?
            .getattr("get_running_loop")
            .map(Bound::unbind)
    })?;
    let event_loop = get_running_loop.bind(py).call0()?;
    let Some(inbox) = inbox_of(&event_loop)? else {
        let call = prepare(pool.client()?)?;
        return crate::async_bridge::future_into_py(
            py,
            async move { Ok(Outcome(call.run().await)) },
        );
    };
    let in_flight = inbox.occupancy.enter(runtime::generation());
    let call = prepare(pool.client_for(in_flight.sequential)?)?;
    let future = event_loop.call_method0(intern!(py, "create_future"))?;
    let handle = future.clone().unbind();
    let task = runtime::runtime().spawn(async move {
        let outcome = Outcome(call.run().await);
        drop(in_flight);
        inbox.push(handle, outcome);
    });
    future.call_method1(
        intern!(py, "add_done_callback"),
        (AbortOnCancel(task.abort_handle()),),
    )?;
    Ok(future)
}
