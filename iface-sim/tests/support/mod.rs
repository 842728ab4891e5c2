//! What the fake-tool tests share: the tools installed in a temporary
//! directory over a state file, and raw calls run both through the
//! executable and in-process.

#![allow(dead_code)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use iface_runtime::tools::{ProcessTools, Recording};
use iface_sim::{Deployment, STATE_ENV, statefile};

/// The fake tools executable this test run built.
pub const FAKE_TOOLS: &str = env!("CARGO_BIN_EXE_iface-fake-tools");

/// A temp dir with the fake tools installed and a state file.
pub struct Fake {
    _dir: tempfile::TempDir,
    /// The directory of the tool links.
    pub bin: PathBuf,
    /// The state file.
    pub state: PathBuf,
}

impl Fake {
    /// The tools over `deployment`.
    pub fn new(deployment: &Deployment) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("bin");
        iface_sim::install_fake_tools(&bin, Path::new(FAKE_TOOLS)).unwrap();
        let state = dir.path().join("state.json");
        statefile::save(&state, deployment).unwrap();
        Self {
            _dir: dir,
            bin,
            state,
        }
    }

    /// `ProcessTools` over them, recording.
    pub fn tools(&self) -> Recording<ProcessTools> {
        Recording::new(ProcessTools::in_dir(&self.bin).with_env(STATE_ENV, &self.state))
    }

    /// The deployment as the tools left it.
    pub fn load(&self) -> Deployment {
        statefile::load(&self.state).unwrap()
    }

    /// Runs `tool` through its symlink: (exit code, stdout, stderr).
    pub fn raw(&self, tool: &str, args: &[&str], stdin: &str) -> (i32, String, String) {
        let mut child = Command::new(self.bin.join(tool))
            .args(args)
            .env(STATE_ENV, &self.state)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }
}

/// Runs `tool` in-process: (exit code, stdout, stderr).
pub fn raw_in_memory(
    d: &mut Deployment,
    tool: &str,
    args: &[&str],
    stdin: &str,
) -> (i32, String, String) {
    let args: Vec<String> = args.iter().map(|s| (*s).to_owned()).collect();
    let out = iface_sim::run_tool(d, tool, &args, &mut stdin.as_bytes());
    (
        out.code.unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        out.stderr,
    )
}

/// Runs one raw call both ways and checks they agree; returns the result.
pub fn both(
    fake: &Fake,
    d: &mut Deployment,
    tool: &str,
    args: &[&str],
    stdin: &str,
) -> (i32, String, String) {
    let process = fake.raw(tool, args, stdin);
    let memory = raw_in_memory(d, tool, args, stdin);
    assert_eq!(process, memory, "{tool} {args:?}");
    process
}
