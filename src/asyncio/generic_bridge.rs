//! Rust futures as asyncio awaitables, on this crate's own runtime.
//!
//! pyo3-async-runtimes' ready-made tokio module keeps its runtime in a
//! set-once global, which cannot be replaced in a forked child. Plugging our
//! runtime (see `runtime`) into its generic bridge keeps one runtime for sync
//! and async calls, and a working one after `fork()`.
//!
//! It serves the loops that cannot watch a pipe: Windows' loops everywhere,
//! and elsewhere any loop without `add_reader`.

use std::future::Future;
use std::pin::Pin;
use std::sync::OnceLock;

use pyo3::prelude::*;
use pyo3_async_runtimes::TaskLocals;
use pyo3_async_runtimes::generic::{self, ContextExt, JoinError, Runtime};
use tokio::task;

use crate::client::route::Route;
use crate::request::call::Call;
use crate::request::outcome::Outcome;
use crate::rt::runtime::runtime;

pub struct SdkRuntime;

pub struct TaskJoinError(task::JoinError);

impl JoinError for TaskJoinError {
    fn is_panic(&self) -> bool {
        self.0.is_panic()
    }
    fn into_panic(self) -> Box<dyn std::any::Any + Send + 'static> {
        self.0.into_panic()
    }
}

pub struct JoinHandle(task::JoinHandle<()>);

impl Future for JoinHandle {
    type Output = Result<(), TaskJoinError>;
    fn poll(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        Pin::new(&mut self.0).poll(cx).map_err(TaskJoinError)
    }
}

tokio::task_local! {
    static TASK_LOCALS: OnceLock<TaskLocals>;
}

impl Runtime for SdkRuntime {
    type JoinError = TaskJoinError;
    type JoinHandle = JoinHandle;

    fn spawn<F>(fut: F) -> Self::JoinHandle
    where
        F: Future<Output = ()> + Send + 'static,
    {
        JoinHandle(runtime().spawn(fut))
    }

    fn spawn_blocking<F>(f: F) -> Self::JoinHandle
    where
        F: FnOnce() + Send + 'static,
    {
        JoinHandle(runtime().spawn_blocking(f))
    }
}

impl ContextExt for SdkRuntime {
    fn scope<F, R>(locals: TaskLocals, fut: F) -> Pin<Box<dyn Future<Output = R> + Send>>
    where
        F: Future<Output = R> + Send + 'static,
    {
        let cell = OnceLock::new();
        let _ = cell.set(locals);
        Box::pin(TASK_LOCALS.scope(cell, fut))
    }

    fn get_task_locals() -> Option<TaskLocals> {
        TASK_LOCALS
            .try_with(|cell| cell.get().cloned())
            .unwrap_or_default()
    }
}

/// A call as an asyncio future of the running event loop, for loops that
/// cannot watch the inbox's pipe. Nothing tells its calls apart here, so
/// each takes the overlapping route.
pub fn future_of_call(py: Python<'_>, mut call: Call) -> PyResult<Bound<'_, PyAny>> {
    call.route = Route::Overlapping;
    generic::future_into_py::<SdkRuntime, _, _>(py, async move { Ok(Outcome(call.run().await)) })
}
