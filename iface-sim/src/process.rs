//! Running compiled charm binaries as real processes against the model:
//! real environment variables, the `iface-fake-tools` executables on
//! `PATH`, one charm directory (and so one store file) per unit, and
//! Juju's rule that relation writes count only when the hook exits 0.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::model::{ActionOutcome, Deployment, HookEnd, HookRelation, HookState};
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
    /// The fake tools are not beside the charm binary.
    MissingFakeTools(PathBuf),
}

impl core::fmt::Display for ProcessError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            ProcessError::State(error) => error.fmt(f),
            ProcessError::Io(error) => write!(f, "cannot run the charm process: {error}"),
            ProcessError::MissingFakeTools(path) => write!(
                f,
                "{} is missing: `cargo test --workspace` builds it beside the charm binaries",
                path.display()
            ),
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
    /// How the hook ended in the model: whether what it queued was
    /// committed, and the action's record if it was an action.
    pub end: HookEnd,
}

impl HookProcess {
    /// Whether the hook succeeded as Juju sees it: it exited 0 and what it
    /// queued was committed.
    pub fn success(&self) -> bool {
        self.exited_0() && self.end.commit_error.is_none()
    }

    /// Whether the process exited 0.
    pub fn exited_0(&self) -> bool {
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

    /// [`ProcessModel::create`] with the fake tools cargo built beside
    /// `binary`, a charm binary under test (`env!("CARGO_BIN_EXE_<name>")`).
    pub fn beside(
        root: &Path,
        binary: &Path,
        deployment: &Deployment,
    ) -> Result<ProcessModel, ProcessError> {
        let tools = fake_tools_beside(binary);
        if !tools.exists() {
            return Err(ProcessError::MissingFakeTools(tools));
        }
        ProcessModel::create(root, &tools, deployment)
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
        self.run(program, args, HookState::hook(unit, hook, relation), env)
    }

    /// Runs `program` with `args` for `hook` (a hook, a secret hook or an
    /// action) as [`Self::run_hook`] does, and ends it by Juju's rules.
    pub fn run(
        &self,
        program: &Path,
        args: &[&OsStr],
        hook: HookState,
        env: &[(&str, &str)],
    ) -> Result<HookProcess, ProcessError> {
        let output = self.command(program, hook, env)?.args(args).output()?;
        let end = statefile::finish_hook(&self.state_path(), output.status.success())?;
        Ok(HookProcess { output, end })
    }

    /// Begins and ends `hook` with no process, as Juju does for a hook the
    /// charm has no executable for: it succeeds having done nothing.
    pub fn skip(&self, hook: HookState) -> Result<HookProcess, ProcessError> {
        self.update(|model| model.begin(hook))?;
        let end = statefile::finish_hook(&self.state_path(), true)?;
        #[cfg(unix)]
        let status = std::os::unix::process::ExitStatusExt::from_raw(0);
        #[cfg(not(unix))]
        let status = Command::new("true").status()?;
        let output = Output {
            status,
            stdout: Vec::new(),
            stderr: Vec::new(),
        };
        Ok(HookProcess { output, end })
    }

    /// Runs action `name` of `unit` with `params` as Juju would: `program`
    /// (the charm's `dispatch` or binary) with `JUJU_DISPATCH_PATH=
    /// actions/<name>`, the action tools answering from its parameters;
    /// then says how it ended, by Juju's rules (see [`ActionOutcome::of`]).
    pub fn run_action(
        &self,
        program: &Path,
        unit: &str,
        name: &str,
        params: serde_json::Map<String, serde_json::Value>,
        env: &[(&str, &str)],
    ) -> Result<(HookProcess, ActionOutcome), ProcessError> {
        let process = self.run(program, &[], HookState::action(unit, name, params), env)?;
        let code = process.code().unwrap_or(1);
        let action = process.end.action.clone().unwrap_or_default();
        let outcome = ActionOutcome::of(action, code, process.end.commit_error.as_deref());
        Ok((process, outcome))
    }

    /// Copies the charm directory `source` into the charm directory of
    /// `unit`, as Juju unpacks the charm on each unit, unless it is there
    /// already: files keep their modes, symbolic links stay links (a
    /// charm's `venv` linked to a package folder included).
    pub fn install_charm(&self, source: &Path, unit: &str) -> Result<(), ProcessError> {
        let target = self.charm_dir(unit);
        if ["metadata.yaml", "charmcraft.yaml"]
            .iter()
            .any(|name| target.join(name).exists())
        {
            return Ok(());
        }
        copy_tree(source, &target)?;
        Ok(())
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
            .command(binary, HookState::hook(unit, hook, relation), env)?
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()?)
    }

    /// Begins `hook` in the state file and builds the command that runs
    /// `program` in it.
    fn command(
        &self,
        program: &Path,
        hook: HookState,
        env: &[(&str, &str)],
    ) -> Result<Command, ProcessError> {
        let charm_dir = self.charm_dir(&hook.unit);
        std::fs::create_dir_all(&charm_dir)?;
        let charm_dir_text = charm_dir.to_string_lossy().into_owned();
        let hook_env = self.update(|model| {
            model.begin(hook);
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

/// Copies the tree `source` to `target`: directories, files with their
/// modes, symbolic links as links.
fn copy_tree(source: &Path, target: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(target)?;
    for entry in std::fs::read_dir(source)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let to = target.join(entry.file_name());
        if kind.is_dir() {
            copy_tree(&entry.path(), &to)?;
        } else if kind.is_symlink() {
            #[cfg(unix)]
            std::os::unix::fs::symlink(std::fs::read_link(entry.path())?, &to)?;
        } else {
            std::fs::copy(entry.path(), &to)?;
        }
    }
    Ok(())
}

/// Runs charm binary `binary`'s command line (`CHARM ARGS...`) as a user,
/// or a program in another language, would outside any hook: in a clean
/// environment holding only `CHARM_DIR`.
pub fn charm_command(binary: &Path, charm_dir: &Path, args: &[&str]) -> std::io::Result<Output> {
    Command::new(binary)
        .args(args)
        .env_clear()
        .env("CHARM_DIR", charm_dir)
        .output()
}
