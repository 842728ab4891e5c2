//! Python packages for tests and benchmarks: pinned requirements from PyPI,
//! pip-installed once into a folder of their own (under `target/`), never
//! system-wide.
//!
//! Several test binaries run at once under `cargo test` and may all want
//! the same packages. [`install`] makes that safe: a lock file beside the
//! folder lets one process install while the others wait; pip writes into
//! `<folder>.partial`, which is renamed into place only once complete; and
//! a marker inside the folder names the requirements and the interpreter
//! they were installed for, so a later call with the same ones does
//! nothing and a call with others installs afresh. Without PyPI (or pip)
//! the call fails with pip's output: callers report it, they never skip.
//!
//! ```no_run
//! use std::path::Path;
//!
//! let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/tmp");
//! let charmcraft = iface_sim::python::install(&root, "charmcraft-4.5.0", &["charmcraft==4.5.0"])?;
//! let status = charmcraft.module("charmcraft").arg("version").status()?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The marker file inside an installed folder.
const MARKER: &str = ".installed";

/// Packages installed for the `python3` on `PATH`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PythonPackages {
    /// The interpreter: `sys.executable` of the `python3` on `PATH`.
    pub executable: PathBuf,
    /// Its version, e.g. `3.11.7`.
    pub version: String,
    /// The `pip install --target` folder, to put on `PYTHONPATH`; console
    /// scripts are in its `bin/`.
    pub dir: PathBuf,
    /// How long this call spent in pip: `None` when the packages were
    /// already there.
    pub installed_in: Option<Duration>,
}

impl PythonPackages {
    /// `python -m MODULE`, with [`Self::dir`] as `PYTHONPATH`, so that the
    /// installed packages shadow any the interpreter has itself.
    pub fn module(&self, module: &str) -> Command {
        let mut command = Command::new(&self.executable);
        command
            .args(["-m", module])
            .env("PYTHONPATH", self.python_path(&[]));
        command
    }

    /// A `PYTHONPATH` of `first`, then [`Self::dir`].
    pub fn python_path(&self, first: &[&Path]) -> OsString {
        let mut path = OsString::new();
        for dir in first.iter().copied().chain([self.dir.as_path()]) {
            if !path.is_empty() {
                path.push(":");
            }
            path.push(dir);
        }
        path
    }

    /// The console script `name` pip installed (`<dir>/bin/<name>`).
    pub fn script(&self, name: &str) -> PathBuf {
        self.dir.join("bin").join(name)
    }
}

/// Why the packages could not be installed.
#[derive(Debug)]
pub enum PythonError {
    /// `python3` could not be run, or did not say what it is.
    Interpreter(String),
    /// pip failed: the requirements and what pip printed.
    Pip {
        /// The requirements given to pip.
        requirements: Vec<String>,
        /// pip's stdout and stderr.
        output: String,
    },
    /// A file or folder of the install could not be made.
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What went wrong.
        error: std::io::Error,
    },
}

impl core::fmt::Display for PythonError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            PythonError::Interpreter(why) => write!(f, "python3 on PATH: {why}"),
            PythonError::Pip {
                requirements,
                output,
            } => write!(
                f,
                "`pip install {}` failed (is PyPI reachable? is pip installed for python3?):\n{output}",
                requirements.join(" ")
            ),
            PythonError::Io { path, error } => write!(f, "{}: {error}", path.display()),
        }
    }
}

impl std::error::Error for PythonError {}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> PythonError + '_ {
    move |error| PythonError::Io {
        path: path.to_owned(),
        error,
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).trim().to_owned()
}

/// Installs `requirements` (pinned, `name==version`) for the `python3` on
/// `PATH` into `root/name`, unless they are there already, and says where
/// they are. Safe to call from several processes at once; see the module
/// documentation.
pub fn install(
    root: &Path,
    name: &str,
    requirements: &[&str],
) -> Result<PythonPackages, PythonError> {
    let (executable, version) = interpreter()?;
    fs::create_dir_all(root).map_err(io(root))?;
    let dir = root.join(name);
    let marker = format!(
        "{}\n{} {version}\n",
        requirements.join("\n"),
        executable.display()
    );

    let lock_path = root.join(format!("{name}.lock"));
    let lock = fs::File::create(&lock_path).map_err(io(&lock_path))?;
    lock.lock().map_err(io(&lock_path))?;
    let installed_in = if fs::read_to_string(dir.join(MARKER)).is_ok_and(|m| m == marker) {
        None
    } else {
        let started = Instant::now();
        let partial = root.join(format!("{name}.partial"));
        pip_install(&executable, &dir, &partial, requirements, &marker)?;
        Some(started.elapsed())
    };
    drop(lock);

    Ok(PythonPackages {
        executable,
        version,
        dir,
        installed_in,
    })
}

/// `sys.executable` and the version of the `python3` on `PATH`.
fn interpreter() -> Result<(PathBuf, String), PythonError> {
    let found = Command::new("python3")
        .args([
            "-c",
            "import sys; print(sys.executable); print(sys.version.split()[0])",
        ])
        .output()
        .map_err(|e| PythonError::Interpreter(format!("cannot run it: {e}")))?;
    if !found.status.success() {
        return Err(PythonError::Interpreter(text(&found.stderr)));
    }
    let out = text(&found.stdout);
    match out.lines().collect::<Vec<_>>()[..] {
        [executable, version] => Ok((PathBuf::from(executable), version.to_owned())),
        _ => Err(PythonError::Interpreter(format!(
            "expected its executable and version, got {out:?}"
        ))),
    }
}

/// Installs into `partial`, writes the marker there, and renames it to
/// `dir`, replacing whatever was there.
fn pip_install(
    python: &Path,
    dir: &Path,
    partial: &Path,
    requirements: &[&str],
    marker: &str,
) -> Result<(), PythonError> {
    for stale in [dir, partial] {
        if stale.exists() {
            fs::remove_dir_all(stale).map_err(io(stale))?;
        }
    }
    let run = Command::new(python)
        .args(["-m", "pip", "install", "--no-input", "--quiet"])
        // The folder shadows the interpreter's own packages on PYTHONPATH,
        // so conflicts with those do not matter.
        .arg("--no-warn-conflicts")
        .args(["--timeout", "30", "--retries", "2", "--target"])
        .arg(partial)
        .args(requirements)
        .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
        .env("PIP_ROOT_USER_ACTION", "ignore")
        .output()
        .map_err(|e| PythonError::Interpreter(format!("cannot run `python3 -m pip`: {e}")))?;
    if !run.status.success() {
        return Err(PythonError::Pip {
            requirements: requirements.iter().map(|&r| r.to_owned()).collect(),
            output: format!("{}\n{}", text(&run.stdout), text(&run.stderr)),
        });
    }
    let marker_path = partial.join(MARKER);
    fs::write(&marker_path, marker).map_err(io(&marker_path))?;
    fs::rename(partial, dir).map_err(io(dir))
}
