//! [`Recording`]: a [`ToolRunner`] wrapper that keeps a log of every call.

use std::sync::{Mutex, MutexGuard, PoisonError};

use super::ToolRunner;
use super::call::{ToolCall, ToolOutput};
use super::error::ToolError;

/// One call seen by [`Recording`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedCall {
    /// The tool name.
    pub tool: &'static str,
    /// Its arguments.
    pub args: Vec<String>,
    /// Its stdin, if any.
    pub stdin: Option<String>,
    /// The exit code; `None` when it could not run or a signal ended it.
    pub code: Option<i32>,
}

/// Wraps a [`ToolRunner`] and records every call it runs, so tests can count
/// tool calls (the main cost of a hook).
#[derive(Debug, Default)]
pub struct Recording<R> {
    inner: R,
    calls: Mutex<Vec<RecordedCall>>,
}

impl<R> Recording<R> {
    /// Records the calls run through `inner`.
    pub fn new(inner: R) -> Self {
        Self {
            inner,
            calls: Mutex::new(Vec::new()),
        }
    }

    /// The wrapped runner.
    pub fn inner(&self) -> &R {
        &self.inner
    }

    /// Every call so far, oldest first.
    pub fn calls(&self) -> Vec<RecordedCall> {
        self.log().clone()
    }

    /// How many calls ran `tool`.
    pub fn count(&self, tool: &str) -> usize {
        self.log().iter().filter(|c| c.tool == tool).count()
    }

    /// Forgets the calls recorded so far.
    pub fn clear(&self) {
        self.log().clear();
    }

    // A panic while recording leaves a whole Vec behind; keep using it.
    fn log(&self) -> MutexGuard<'_, Vec<RecordedCall>> {
        self.calls.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl<R: ToolRunner> ToolRunner for Recording<R> {
    fn run(&self, call: &ToolCall) -> Result<ToolOutput, ToolError> {
        let result = self.inner.run(call);
        self.log().push(RecordedCall {
            tool: call.tool,
            args: call.args.clone(),
            stdin: call.stdin.clone(),
            code: result.as_ref().ok().and_then(|o| o.code),
        });
        result
    }
}
