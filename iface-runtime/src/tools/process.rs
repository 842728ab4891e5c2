//! [`ProcessTools`]: hook tools run as real executables.

use std::ffi::OsString;
use std::io::{ErrorKind, Write as _};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use super::ToolRunner;
use super::call::{ToolCall, ToolOutput};
use super::error::{ToolError, ToolErrorKind};

/// Runs the real hook-tool executables with [`std::process::Command`]: one
/// argv element per flag and value, never through a shell.
///
/// Tools are found on `PATH` ([`ProcessTools::from_path`]) or in one
/// directory ([`ProcessTools::in_dir`]). A [`HookTools`](super::HookTools)
/// through its [`ToolRunner`] implementation.
#[derive(Debug, Clone, Default)]
pub struct ProcessTools {
    dir: Option<PathBuf>,
    env: Vec<(OsString, OsString)>,
}

impl ProcessTools {
    /// Tools resolved through `PATH`, as a hook run by Juju finds them.
    pub fn from_path() -> Self {
        Self::default()
    }

    /// Tools taken from `dir` (`dir/relation-get`, ...), ignoring `PATH`.
    pub fn in_dir(dir: impl Into<PathBuf>) -> Self {
        Self {
            dir: Some(dir.into()),
            env: Vec::new(),
        }
    }

    /// Also sets `key=value` in every tool's environment (a test points the
    /// fake tools at their state file this way). Setting `PATH` changes
    /// where [`ProcessTools::from_path`] looks for the tools too.
    #[must_use]
    pub fn with_env(mut self, key: impl Into<OsString>, value: impl Into<OsString>) -> Self {
        self.env.push((key.into(), value.into()));
        self
    }
}

impl ToolRunner for ProcessTools {
    fn run(&self, call: &ToolCall) -> Result<ToolOutput, ToolError> {
        let program = match &self.dir {
            Some(dir) => dir.join(call.tool),
            None => PathBuf::from(call.tool),
        };
        let spawn_error = |e| ToolError::new(call.tool, call.args.clone(), ToolErrorKind::Spawn(e));
        let mut command = Command::new(program);
        command
            .args(&call.args)
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdin(if call.stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        // A tool written just before (a test's script, say) can be "busy"
        // for a moment while a process another thread is forking still
        // holds it open for writing; that passes at its exec.
        let mut attempts = 0;
        let mut child = loop {
            match command.spawn() {
                Err(e) if e.kind() == ErrorKind::ExecutableFileBusy && attempts < 5 => {
                    attempts += 1;
                    std::thread::sleep(std::time::Duration::from_millis(10));
                }
                spawned => break spawned.map_err(spawn_error)?,
            }
        };

        // Feed stdin from another thread: a tool may write output before it
        // reads all its input, and a full pipe each way would deadlock.
        let stdin = child.stdin.take();
        let output = std::thread::scope(|scope| {
            if let (Some(mut pipe), Some(data)) = (stdin, call.stdin.as_deref()) {
                scope.spawn(move || {
                    // A tool that exits without reading all of stdin reports
                    // through its exit status; the broken pipe adds nothing.
                    match pipe.write_all(data.as_bytes()) {
                        Err(e) if e.kind() != ErrorKind::BrokenPipe => Err(e),
                        _ => Ok(()),
                    }
                });
            }
            child.wait_with_output()
        })
        .map_err(spawn_error)?;

        Ok(ToolOutput {
            code: output.status.code(),
            stdout: output.stdout,
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        })
    }
}
