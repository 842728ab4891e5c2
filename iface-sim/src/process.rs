//! Running compiled charm binaries as real processes against the model:
//! real environment variables, the `iface-fake-tools` executables on
//! `PATH`, one charm directory (and so one store file) per unit, and
//! Juju's rule that relation writes count only when the hook exits 0.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::model::{Deployment, HookRelation};
use crate::statefile::{self, STATE_ENV, StateFileError};

/// The name of the fake tools executable.
pub const FAKE_TOOLS_BIN: &str = "iface-fake-tools";

/// Where cargo puts `iface-fake-tools` when it built `binary` (another
/// binary of the same workspace and profile): the same directory.
/// `cargo test --workspace` builds every binary before any test runs.
pub fn fake_tools_beside(binary: &Path) -> PathBuf {
    binary.with_file_name(FAKE_TOOLS_BIN)
}

/// A deployment on disk that charm processes run against.
#[derive(Debug)]
pub struct ProcessModel {
    root: PathBuf,
}

/// Why a process hook could not be run (not: why the hook failed; that is
/// in [`HookProcess`]).
#[derive(Debug)]
pub enum ProcessError {
    /// The state file could not be read or written.
    State(StateFileError),
    /// A directory, link or process could not be made.
    Io(std::io::Error),
}

impl core::fmt::Display for ProcessError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            ProcessError::State(error) => error.fmt(f),
            ProcessError::Io(error) => write!(f, "cannot run the charm process: {error}"),
        }
    }
}

impl std::error::Error for ProcessError {}

impl From<StateFileError> for ProcessError {
    fn from(error: StateFileError) -> Self {
        ProcessError::State(error)
    }
}

impl From<std::io::Error> for ProcessError {
    fn from(error: std::io::Error) -> Self {
        ProcessError::Io(error)
    }
}

/// One finished hook process.
#[derive(Debug)]
pub struct HookProcess {
    /// Its exit status, stdout and stderr.
    pub output: Output,
}

impl HookProcess {
    /// Whether it exited 0.
    pub fn success(&self) -> bool {
        self.output.status.success()
    }

    /// Its exit code (`None` if a signal ended it).
    pub fn code(&self) -> Option<i32> {
        self.output.status.code()
    }

    /// Its stderr, lossily decoded.
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }
}

impl ProcessModel {
    /// Lays out `root` (which must exist): the state file holding
    /// `deployment`, and `bin/` with a link per hook tool to `fake_tools`.
    pub fn create(
        root: &Path,
        fake_tools: &Path,
        deployment: &Deployment,
    ) -> Result<ProcessModel, ProcessError> {
        let model = ProcessModel {
            root: root.to_owned(),
        };
        #[cfg(unix)]
        crate::install::install_fake_tools(&model.tools_dir(), fake_tools)?;
        statefile::save(&model.state_path(), deployment)?;
        Ok(model)
    }

    /// The state file.
    pub fn state_path(&self) -> PathBuf {
        self.root.join("state.json")
    }

    /// The directory of the fake tool links.
    pub fn tools_dir(&self) -> PathBuf {
        self.root.join("bin")
    }

    /// The charm directory of `unit`, created on first use.
    pub fn charm_dir(&self, unit: &str) -> PathBuf {
        self.root.join("units").join(unit.replace('/', "-"))
    }

    /// The store file of `unit` (`.unit-state.db` in its charm directory).
    pub fn store_path(&self, unit: &str) -> PathBuf {
        self.charm_dir(unit).join(".unit-state.db")
    }

    /// The deployment as it is now.
    pub fn deployment(&self) -> Result<Deployment, ProcessError> {
        Ok(statefile::load(&self.state_path())?)
    }

    /// Changes the deployment between hooks.
    pub fn update<T>(&self, change: impl FnOnce(&mut Deployment) -> T) -> Result<T, ProcessError> {
        Ok(statefile::update(&self.state_path(), change)?)
    }

    /// Runs `binary` as Juju would for hook `hook` on `unit`: the hook
    /// environment of the model, `env` on top (to model a broken
    /// environment), the fake tools first on `PATH`, the unit's charm
    /// directory as working directory. Then applies the hook's relation
    /// writes if it exited 0 and drops them otherwise.
    pub fn run_hook(
        &self,
        binary: &Path,
        unit: &str,
        hook: &str,
        relation: Option<HookRelation>,
        env: &[(&str, &str)],
    ) -> Result<HookProcess, ProcessError> {
        self.run_in_hook(binary, &[], unit, hook, relation, env)
    }

    /// Runs `program` with `args` inside hook `hook` on `unit`, as a
    /// command a hook runs (a charm binary's CLI, a Python script), with
    /// the environment [`Self::run_hook`] gives; the hook ends when it
    /// exits, as for [`Self::run_hook`].
    pub fn run_in_hook(
        &self,
        program: &Path,
        args: &[&OsStr],
        unit: &str,
        hook: &str,
        relation: Option<HookRelation>,
        env: &[(&str, &str)],
    ) -> Result<HookProcess, ProcessError> {
        let output = self
            .command(program, unit, hook, relation, env)?
            .args(args)
            .output()?;
        statefile::finish_hook(&self.state_path(), output.status.success())?;
        Ok(HookProcess { output })
    }

    /// Starts `binary` for hook `hook` on `unit` as [`Self::run_hook`]
    /// does, but returns at once, so that a test can kill it part-way.
    ///
    /// The process leads its own process group (id = its pid), so that the
    /// tool processes it started can be ended with it; its stdin, stdout
    /// and stderr are null. The hook stays open in the state file: once
    /// the process and its tools are gone, end it with
    /// [`statefile::finish_hook`] on [`Self::state_path`], `success` being
    /// whether it exited 0.
    #[cfg(unix)]
    pub fn spawn_hook(
        &self,
        binary: &Path,
        unit: &str,
        hook: &str,
        relation: Option<HookRelation>,
        env: &[(&str, &str)],
    ) -> Result<std::process::Child, ProcessError> {
        use std::os::unix::process::CommandExt as _;
        use std::process::Stdio;

        Ok(self
            .command(binary, unit, hook, relation, env)?
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()?)
    }

    /// Begins hook `hook` on `unit` in the state file and builds the
    /// command that runs `program` in it.
    fn command(
        &self,
        program: &Path,
        unit: &str,
        hook: &str,
        relation: Option<HookRelation>,
        env: &[(&str, &str)],
    ) -> Result<Command, ProcessError> {
        let charm_dir = self.charm_dir(unit);
        std::fs::create_dir_all(&charm_dir)?;
        let charm_dir_text = charm_dir.to_string_lossy().into_owned();
        let hook_env = self.update(|model| {
            model.begin_hook(unit, hook, relation);
            model.hook_env(&charm_dir_text)
        })?;
        let mut path = OsString::from(self.tools_dir());
        if let Some(system) = std::env::var_os("PATH") {
            path.push(":");
            path.push(system);
        }
        let mut command = Command::new(program);
        command
            .current_dir(&charm_dir)
            .env_clear()
            .env("PATH", path)
            .env(STATE_ENV, self.state_path())
            .envs(hook_env)
            .envs(env.iter().copied());
        Ok(command)
    }
}
