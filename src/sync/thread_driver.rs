//! Sequential sync calls of the main thread, driven by that thread itself.
//!
//! On the shared multi-thread runtime a sync call crosses threads twice: the
//! connection task that does the I/O runs on a worker, and the caller waits
//! for it to hand the answer back. For small sequential calls those
//! hand-offs (context switches, futex wake-ups) are a large share of the
//! call. So a sequential sync call (see `occupancy`) made on Python's main
//! thread (scripts, notebooks, pytest) is driven by that thread, on its own
//! current-thread runtime with its own HTTP/1.1 connections: nothing crosses
//! threads. Calls that overlap, and calls from other threads, go to the
//! shared runtime, where connections are shared by every thread (one
//! HTTP/2 connection multiplexes overlapping calls). Other threads do not
//! get a driver of their own: a thread pool serving occasional calls (a web
//! app's workers) would then open, and keep, one TLS connection per thread.
//!
//! A sync batch of the main thread (`sync::batch`) is driven the same way,
//! over an HTTP/2 client of the thread's own, once the server is known to
//! speak HTTP/2: the answers of its calls then never cross threads either.
//!
//! A thread's connections are only driven while that thread is in a call,
//! which is fine for idle keep-alive connections: a connection the server
//! closed meanwhile is noticed and replaced when it is next taken from the
//! pool.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, LazyLock, Weak};
use std::time::{Duration, Instant};

use pyo3::prelude::*;
use tokio::runtime::Runtime;

use crate::client::build::{self, Protocols};
use crate::client::occupancy::Occupancy;
use crate::client::pool::Pool;
use crate::client::route::Route;
use crate::request::call::{Call, Finished};
use crate::rt::exit_gate::Attached;
use crate::rt::process;
use crate::sync::wait;

/// Servers close idle keep-alive connections after seconds, not within a
/// millisecond of an answer (a server closing after its last answer says so
/// in that answer, and the connection is not pooled): a thread back sooner
/// than this skips catching up.
const CATCH_UP_AFTER: Duration = Duration::from_millis(1);

/// Sync calls in flight in this process, on any thread.
static SYNC_CALLS: LazyLock<Arc<Occupancy>> = LazyLock::new(Arc::default);

/// A thread's runtime and its clients, one per pool it has used.
struct ThreadDriver {
    /// The process that built it: after `fork()` the child must not drive
    /// the parent's sockets or epoll instance.
    pid: u32,
    /// Always `Some`, except while being dropped.
    runtime: Option<Runtime>,
    /// When this thread's last call ended (see [`catch_up_on_connections`]).
    last_call_ended: Cell<Instant>,
    /// Keyed by the pool's address and whether the client speaks HTTP/2
    /// (batches) or HTTP/1.1 (single calls); the weak reference tells
    /// whether that pool is still the one at the address.
    clients: HashMap<(usize, bool), (Weak<Pool>, reqwest::Client)>,
}

thread_local! {
    static DRIVER: RefCell<Option<ThreadDriver>> = const { RefCell::new(None) };
}

/// Run a sync call to completion, with the GIL released and Ctrl-C honoured.
pub fn run(py: Python<'_>, attached: &mut Attached, mut call: Call) -> PyResult<Finished> {
    let pool = &call.pool;
    // One read of the process id serves every fork check of this call.
    let pid = process::id();
    let in_flight = SYNC_CALLS.enter(pid);
    // Inside a runtime already (a signal handler calling while this thread
    // waits for another call), the thread's runtime cannot be entered again;
    // `wait::wait` copes with that case.
    let inside_a_runtime = tokio::runtime::Handle::try_current().is_ok();
    let main_thread = process::on_main_thread(py, pid);
    // A thread's client speaks HTTP/1.1 only, and the pool's HTTP/2
    // connection must stay on the shared runtime (see `Call::run`).
    if in_flight.sequential
        && !inside_a_runtime
        && main_thread
        && pool.thread_client_allowed()
        && let Some(client) = thread_client(pool, pid, false)
    {
        call.route = Route::ThreadClient(client?);
        return block_on_here(py, attached, call.run());
    }
    call.route = Route::by_occupancy(in_flight.sequential);
    wait::wait(py, attached, call.run(), main_thread)
}

/// This thread's own HTTP/2 client for `pool`, for a batch of the main
/// thread (see the module's doc); `None` where the batch runs on the shared
/// runtime instead: another thread, inside a runtime already, or a server
/// not known to speak HTTP/2 yet (the shared runtime's calls learn it).
pub fn http2_client(py: Python<'_>, pool: &Arc<Pool>) -> Option<PyResult<reqwest::Client>> {
    let pid = process::id();
    if !pool.speaks_http2()
        || !process::on_main_thread(py, pid)
        || tokio::runtime::Handle::try_current().is_ok()
    {
        return None;
    }
    thread_client(pool, pid, true)
}

/// Run `fut` on this thread's runtime (built by [`thread_client`]), with the
/// GIL released and Ctrl-C honoured, as a sequential call runs (after the
/// same catch-up on what the connections received meanwhile).
pub fn block_on_here<F>(py: Python<'_>, attached: &mut Attached, fut: F) -> PyResult<F::Output>
where
    F: Future + Send,
    F::Output: Send,
{
    attached.detach(py, || {
        DRIVER.with_borrow(|driver| {
            let driver = driver.as_ref().expect("built by thread_client");
            let away = driver.last_call_ended.get().elapsed();
            let result = driver.runtime().block_on(async {
                if away > CATCH_UP_AFTER {
                    catch_up_on_connections().await;
                }
                wait::interruptibly(fut).await
            });
            driver.last_call_ended.set(Instant::now());
            result
        })
    })
}

/// Let this thread's connection tasks handle what arrived while the thread
/// was away, before the call takes a connection from the pool: above all a
/// close by the server, which would otherwise be found only after the
/// request was written to a dead connection (and a POST is not retried).
/// The first yield makes the scheduler poll the I/O driver, which wakes the
/// affected connection tasks; the second lets them run before this future.
/// Each yield costs a wake-up of the thread, so calls in quick succession
/// skip it (see [`CATCH_UP_AFTER`]).
async fn catch_up_on_connections() {
    tokio::task::yield_now().await;
    tokio::task::yield_now().await;
}

/// This thread's client for `pool`, building the thread's runtime and the
/// client on first use; `None` when the thread cannot have one (see below).
fn thread_client(pool: &Arc<Pool>, pid: u32, http2: bool) -> Option<PyResult<reqwest::Client>> {
    DRIVER
        .try_with(|cell| {
            let mut slot = cell.borrow_mut();
            if slot.as_ref().is_some_and(|driver| driver.pid != pid) {
                // Built before a fork (see the `Drop` of `ThreadDriver`).
                drop(slot.take());
            }
            if slot.is_none() {
                *slot = Some(ThreadDriver {
                    pid,
                    runtime: Some(
                        tokio::runtime::Builder::new_current_thread()
                            .enable_all()
                            .build()
                            .ok()?,
                    ),
                    last_call_ended: Cell::new(Instant::now()),
                    clients: HashMap::new(),
                });
            }
            let driver = slot.as_mut()?;
            Some(driver.client_for(pool, http2))
        })
        // The thread is exiting and its locals are gone.
        .ok()
        .flatten()
}

impl ThreadDriver {
    fn runtime(&self) -> &Runtime {
        self.runtime.as_ref().expect("taken only when dropped")
    }

    fn client_for(&mut self, pool: &Arc<Pool>, http2: bool) -> PyResult<reqwest::Client> {
        // Forget the clients of pools that are gone (a client that was
        // closed and collected): their idle connections then close during
        // this call, and the address of a dropped pool cannot be mistaken
        // for a new pool allocated at the same place.
        self.clients
            .retain(|_, (owner, _)| owner.strong_count() > 0);
        let key = (Arc::as_ptr(pool) as usize, http2);
        if let Some((_, client)) = self.clients.get(&key) {
            return Ok(client.clone());
        }
        // Connections are spawned on whichever runtime is current when they
        // open, which is this thread's during its `block_on`; entering it
        // here as well keeps anything the build itself spawns there too.
        let _entered = self.runtime().enter();
        let protocols = if http2 {
            Protocols::Http2
        } else {
            Protocols::Http1
        };
        let client = build::build_client(&pool.config, &protocols)?;
        self.clients
            .insert(key, (Arc::downgrade(pool), client.clone()));
        Ok(client)
    }
}

impl Drop for ThreadDriver {
    fn drop(&mut self) {
        let runtime = self.runtime.take();
        let clients = std::mem::take(&mut self.clients);
        if self.pid != process::id() {
            // A forked child's copy (dropped when the child exits normally,
            // or replaced on its first call): its sockets and epoll instance
            // are shared with the parent, and shutting the runtime down
            // would deregister the parent's connections from it; its
            // blocking-pool threads do not exist here, so waiting for them
            // would hang. Leaked instead.
            std::mem::forget((runtime, clients));
            return;
        }
        drop(clients);
        if let Some(runtime) = runtime {
            // At thread or process exit: do not wait for a DNS lookup
            // still running on the blocking pool.
            runtime.shutdown_background();
        }
    }
}
