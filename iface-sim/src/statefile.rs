//! The JSON state file the `iface-fake-tools` executable serves, and what a
//! test driver does with it around a charm process.

use std::fmt;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

use crate::model::Deployment;

/// The environment variable naming the state file for `iface-fake-tools`.
pub const STATE_ENV: &str = "IFACE_FAKE_STATE";

/// The environment variable with a delay in milliseconds that
/// `iface-fake-tools` sleeps per call, to model a real jujuc round trip.
pub const DELAY_ENV: &str = "IFACE_FAKE_TOOL_DELAY_MS";

/// A state file that could not be read or written.
#[derive(Debug)]
pub enum StateFileError {
    /// Reading, writing or locking failed.
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The file is not a valid deployment.
    Json {
        /// The file.
        path: PathBuf,
        /// Why.
        source: serde_json::Error,
    },
}

impl fmt::Display for StateFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io { path, source } => write!(f, "state file {}: {source}", path.display()),
            Self::Json { path, source } => {
                write!(
                    f,
                    "state file {} is not a valid deployment: {source}",
                    path.display()
                )
            }
        }
    }
}

impl std::error::Error for StateFileError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Io { source, .. } => Some(source),
            Self::Json { source, .. } => Some(source),
        }
    }
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> StateFileError + '_ {
    move |source| StateFileError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Reads the deployment in `path`.
pub fn load(path: &Path) -> Result<Deployment, StateFileError> {
    let text = fs::read(path).map_err(io_error(path))?;
    serde_json::from_slice(&text).map_err(|source| StateFileError::Json {
        path: path.to_owned(),
        source,
    })
}

/// Writes `deployment` to `path` atomically (a temporary file renamed over
/// it), pretty-printed so a failing test's state is readable.
pub fn save(path: &Path, deployment: &Deployment) -> Result<(), StateFileError> {
    let json = serde_json::to_vec_pretty(deployment).map_err(|source| StateFileError::Json {
        path: path.to_owned(),
        source,
    })?;
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    fs::write(&tmp, json).map_err(io_error(&tmp))?;
    fs::rename(&tmp, path).map_err(io_error(path))
}

/// Loads `path`, applies `change` and saves it, holding an exclusive lock
/// on `<path>.lock` throughout so tool calls made concurrently by one hook
/// do not lose each other's writes.
pub fn update<T>(
    path: &Path,
    change: impl FnOnce(&mut Deployment) -> T,
) -> Result<T, StateFileError> {
    let mut lock_path = path.as_os_str().to_owned();
    lock_path.push(".lock");
    let lock_path = PathBuf::from(lock_path);
    let lock = File::create(&lock_path).map_err(io_error(&lock_path))?;
    lock.lock().map_err(io_error(&lock_path))?;
    let mut deployment = load(path)?;
    let result = change(&mut deployment);
    save(path, &deployment)?;
    Ok(result)
}

/// Ends the running hook in the state file as Juju would after the charm
/// process exits: `success` (exit 0) commits its pending `relation-set`
/// writes, anything else discards them. See [`Deployment::end_hook`].
pub fn finish_hook(path: &Path, success: bool) -> Result<(), StateFileError> {
    update(path, |d| d.end_hook(success))
}

/// [`finish_hook`] for a charm process that exited 0.
pub fn commit_hook(path: &Path) -> Result<(), StateFileError> {
    finish_hook(path, true)
}

/// [`finish_hook`] for a charm process that failed.
pub fn discard_hook(path: &Path) -> Result<(), StateFileError> {
    finish_hook(path, false)
}
