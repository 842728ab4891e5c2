//! [`ToolError`]: how a hook-tool call can fail.

use std::fmt;
use std::io;

use crate::data::quote;

/// A failed hook-tool call: which tool, with which argv, and why.
#[derive(Debug)]
pub struct ToolError {
    tool: String,
    argv: Vec<String>,
    kind: ToolErrorKind,
}

/// The ways a hook-tool call fails.
#[derive(Debug)]
#[non_exhaustive]
pub enum ToolErrorKind {
    /// An argument cannot be passed to the tool faithfully (a target that
    /// would be read as a flag, a NUL byte, an `action-set` key Juju
    /// would refuse). Nothing was run.
    InvalidArgument {
        /// What is wrong.
        reason: String,
    },
    /// The executable could not be started (not found, not executable).
    Spawn(io::Error),
    /// The tool ran and exited non-zero, or was killed by a signal.
    Failed {
        /// The exit code; `None` when a signal ended the process.
        code: Option<i32>,
        /// Everything the tool wrote to stderr, trimmed.
        stderr: String,
    },
    /// The tool exited 0 but its output is not the JSON expected.
    BadOutput {
        /// The output, lossily decoded.
        stdout: String,
        /// What is wrong with it.
        reason: String,
    },
}

impl ToolError {
    /// An error of `kind` for a call of `tool` with `argv` (without the tool).
    pub fn new(tool: impl Into<String>, argv: Vec<String>, kind: ToolErrorKind) -> Self {
        Self {
            tool: tool.into(),
            argv,
            kind,
        }
    }

    /// The tool name, e.g. `relation-get`.
    pub fn tool(&self) -> &str {
        &self.tool
    }

    /// The arguments the tool was (or would have been) run with.
    pub fn argv(&self) -> &[String] {
        &self.argv
    }

    /// What went wrong.
    pub fn kind(&self) -> &ToolErrorKind {
        &self.kind
    }

    /// The exit code, for [`ToolErrorKind::Failed`] with an exit code.
    pub fn exit_code(&self) -> Option<i32> {
        match self.kind {
            ToolErrorKind::Failed { code, .. } => code,
            _ => None,
        }
    }

    /// The trimmed stderr as the tool wrote it (with Juju's `ERROR `
    /// prefix), for [`ToolErrorKind::Failed`].
    pub fn stderr(&self) -> Option<&str> {
        match &self.kind {
            ToolErrorKind::Failed { stderr, .. } => Some(stderr),
            _ => None,
        }
    }

    /// The tool's error message without Juju's `ERROR ` prefix, for
    /// [`ToolErrorKind::Failed`].
    pub fn message(&self) -> Option<&str> {
        self.stderr().map(strip_error_prefix)
    }
}

/// `stderr` without the `ERROR ` prefix jujuc puts before its message.
fn strip_error_prefix(stderr: &str) -> &str {
    stderr.strip_prefix("ERROR ").unwrap_or(stderr)
}

/// Arguments and output are quoted short ([`quote`]) in [`ToolError`]'s
/// Display, so a long log message, value or tool output does not flood the
/// one-line error a hook fails with.
impl fmt::Display for ToolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}", self.tool)?;
        for arg in &self.argv {
            let quoted = quote(arg);
            let cut = quoted != format!("{arg:?}");
            // A word is shown bare, as it would be typed.
            if cut || arg.is_empty() || arg.contains(char::is_whitespace) {
                write!(f, " {quoted}")?;
            } else {
                write!(f, " {arg}")?;
            }
        }
        write!(f, "` ")?;
        match &self.kind {
            ToolErrorKind::InvalidArgument { reason } => write!(f, "not run: {reason}"),
            ToolErrorKind::Spawn(e) => write!(f, "could not be started: {e}"),
            ToolErrorKind::Failed { code, stderr } => {
                match code {
                    Some(code) => write!(f, "exited with status {code}")?,
                    None => write!(f, "was killed by a signal")?,
                }
                let message = strip_error_prefix(stderr);
                if message.is_empty() {
                    Ok(())
                } else {
                    write!(f, ": {message}")
                }
            }
            ToolErrorKind::BadOutput { stdout, reason } => {
                write!(f, "printed unexpected output ({reason}): {}", quote(stdout))
            }
        }
    }
}

impl std::error::Error for ToolError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ToolErrorKind::Spawn(e) => Some(e),
            _ => None,
        }
    }
}
