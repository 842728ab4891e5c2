//! [`InMemoryTools`]: the fake tools' semantics, called in-process.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use iface_runtime::tools::{ToolCall, ToolError, ToolOutput, ToolRunner};

use crate::commands::run_tool;
use crate::model::Deployment;

/// Hook tools answered in-process from a shared [`Deployment`], acting for
/// the unit of its running hook ([`Deployment::begin_hook`]).
///
/// It runs the same [`ToolCall`] argv as
/// [`ProcessTools`](iface_runtime::tools::ProcessTools) through the same
/// code as the `iface-fake-tools` executable, so in-process and process
/// tests see identical results, and the call lands in
/// [`Deployment::calls`] either way. A
/// [`HookTools`](iface_runtime::tools::HookTools) through [`ToolRunner`].
#[derive(Debug, Clone, Default)]
pub struct InMemoryTools {
    deployment: Arc<Mutex<Deployment>>,
}

impl InMemoryTools {
    /// Tools over `deployment`, owned by the new value.
    pub fn new(deployment: Deployment) -> Self {
        Self::shared(Arc::new(Mutex::new(deployment)))
    }

    /// Tools over a deployment the caller also holds.
    pub fn shared(deployment: Arc<Mutex<Deployment>>) -> Self {
        Self { deployment }
    }

    /// The deployment, locked (a test drops the guard before the next call).
    pub fn deployment(&self) -> MutexGuard<'_, Deployment> {
        // A panic elsewhere while holding the lock leaves a whole value.
        self.deployment
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The shared handle to the deployment.
    pub fn handle(&self) -> Arc<Mutex<Deployment>> {
        Arc::clone(&self.deployment)
    }
}

impl ToolRunner for InMemoryTools {
    fn run(&self, call: &ToolCall) -> Result<ToolOutput, ToolError> {
        let mut stdin = call.stdin.as_deref().unwrap_or("").as_bytes();
        Ok(run_tool(
            &mut self.deployment(),
            call.tool,
            &call.args,
            &mut stdin,
        ))
    }
}
