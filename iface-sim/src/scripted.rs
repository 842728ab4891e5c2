//! [`Scripted`]: hook tools that answer from a script, for tests of one
//! runtime behaviour against exactly the tool output it must handle
//! (malformed output included), with every call recorded.

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

use iface_runtime::tools::{ToolCall, ToolError, ToolOutput, ToolRunner};

/// Hook tools whose every answer is given up front: a tool answers with
/// its scripted exit code and output every time it is called; a tool with
/// no answer fails as a missing tool would (exit 1, `ERROR <tool> is not
/// scripted`). Every call is kept, in order.
///
/// ```
/// use iface_runtime::tools::HookTools;
/// use iface_sim::Scripted;
/// let tools = Scripted::new().answer("is-leader", 0, "true\n");
/// assert!(tools.is_leader().unwrap());
/// assert!(tools.config_get().is_err());
/// assert_eq!(tools.tools_called(), ["is-leader", "config-get"]);
/// ```
#[derive(Debug, Default)]
pub struct Scripted {
    answers: BTreeMap<&'static str, (i32, String)>,
    calls: Mutex<Vec<ToolCall>>,
}

impl Scripted {
    /// No tool answers yet.
    pub fn new() -> Scripted {
        Scripted::default()
    }

    /// `tool` exits with `code` after printing `stdout`.
    #[must_use]
    pub fn answer(mut self, tool: &'static str, code: i32, stdout: &str) -> Scripted {
        self.answers.insert(tool, (code, stdout.to_owned()));
        self
    }

    /// Every call so far, oldest first.
    pub fn calls(&self) -> Vec<ToolCall> {
        self.calls
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The tool of every call so far, oldest first.
    pub fn tools_called(&self) -> Vec<&'static str> {
        self.calls().iter().map(|call| call.tool).collect()
    }
}

impl ToolRunner for Scripted {
    fn run(&self, call: &ToolCall) -> Result<ToolOutput, ToolError> {
        self.calls
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(call.clone());
        Ok(match self.answers.get(call.tool) {
            Some((code, stdout)) => ToolOutput {
                code: Some(*code),
                stdout: stdout.as_bytes().to_vec(),
                stderr: if *code == 0 {
                    String::new()
                } else {
                    format!("ERROR {stdout}")
                },
            },
            None => ToolOutput {
                code: Some(1),
                stdout: Vec::new(),
                stderr: format!("ERROR {} is not scripted", call.tool),
            },
        })
    }
}
