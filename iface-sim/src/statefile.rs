//! The JSON state file the `iface-fake-tools` executable serves, and what a
//! test driver does with it around a charm process.

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write as _};
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::commands::run_tool;
use crate::model::{CallRecord, Deployment, HookEnd, LogEntry};
use iface_runtime::tools::ToolOutput;

/// The file beside the state file with every tool call, as JSON lines.
const CALLS: &str = "calls";

/// The file beside the state file with every `juju-log` message.
const LOGS: &str = "logs";

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

/// The file beside the state file that holds one of its logs: `<path>.calls`
/// or `<path>.logs`.
fn log_path(path: &Path, log: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(log);
    PathBuf::from(name)
}

/// The records in the JSON-lines file `path`; none if it does not exist.
fn read_lines<T: DeserializeOwned>(path: &Path) -> Result<Vec<T>, StateFileError> {
    let text = match fs::read(path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(io_error(path)(source)),
    };
    text.split(|&b| b == b'\n')
        .filter(|line| !line.is_empty())
        .map(|line| {
            serde_json::from_slice(line).map_err(|source| StateFileError::Json {
                path: path.to_owned(),
                source,
            })
        })
        .collect()
}

/// `records` as JSON lines.
fn lines<T: Serialize>(records: &[T], path: &Path) -> Result<Vec<u8>, StateFileError> {
    let mut out = Vec::new();
    for record in records {
        serde_json::to_writer(&mut out, record).map_err(|source| StateFileError::Json {
            path: path.to_owned(),
            source,
        })?;
        out.push(b'\n');
    }
    Ok(out)
}

/// Appends `records` to the JSON-lines file `path`.
fn append_lines<T: Serialize>(path: &Path, records: &[T]) -> Result<(), StateFileError> {
    if records.is_empty() {
        return Ok(());
    }
    let bytes = lines(records, path)?;
    OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut file| file.write_all(&bytes))
        .map_err(io_error(path))
}

/// Writes `bytes` to `path` atomically (a temporary file renamed over it).
fn replace(path: &Path, bytes: &[u8]) -> Result<(), StateFileError> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    fs::write(&tmp, bytes).map_err(io_error(&tmp))?;
    fs::rename(&tmp, path).map_err(io_error(path))
}

/// Reads the deployment in `path` without the calls and logs beside it
/// (those written into it, by hand or by an older version, are kept).
fn load_main(path: &Path) -> Result<Deployment, StateFileError> {
    let text = fs::read(path).map_err(io_error(path))?;
    serde_json::from_slice(&text).map_err(|source| StateFileError::Json {
        path: path.to_owned(),
        source,
    })
}

/// Writes `deployment` but its calls and logs to `path`, pretty-printed so
/// a failing test's state is readable.
fn save_main(path: &Path, deployment: &mut Deployment) -> Result<(), StateFileError> {
    let (calls, logs) = take_logs(deployment);
    let json = serde_json::to_vec_pretty(deployment);
    put_logs(deployment, (calls, logs));
    let json = json.map_err(|source| StateFileError::Json {
        path: path.to_owned(),
        source,
    })?;
    replace(path, &json)
}

type Logs = (Vec<CallRecord>, Vec<LogEntry>);

fn take_logs(deployment: &mut Deployment) -> Logs {
    (
        core::mem::take(&mut deployment.calls),
        core::mem::take(&mut deployment.logs),
    )
}

fn put_logs(deployment: &mut Deployment, (calls, logs): Logs) {
    deployment.calls = calls;
    deployment.logs = logs;
}

/// Whether `a` and `b` are the same but for their calls and logs.
fn same_but_logs(a: &mut Deployment, b: &mut Deployment) -> bool {
    let (a_logs, b_logs) = (take_logs(a), take_logs(b));
    let same = a == b;
    put_logs(a, a_logs);
    put_logs(b, b_logs);
    same
}

/// Reads the deployment in `path`, with its tool calls and `juju-log`
/// messages from `<path>.calls` and `<path>.logs`.
pub fn load(path: &Path) -> Result<Deployment, StateFileError> {
    let mut deployment = load_main(path)?;
    read_logs(path, &mut deployment)?;
    Ok(deployment)
}

/// Adds the calls and logs beside `path` to `deployment`.
fn read_logs(path: &Path, deployment: &mut Deployment) -> Result<(), StateFileError> {
    deployment
        .calls
        .extend(read_lines::<CallRecord>(&log_path(path, CALLS))?);
    deployment
        .logs
        .extend(read_lines::<LogEntry>(&log_path(path, LOGS))?);
    Ok(())
}

/// Writes `deployment` to `path` atomically, and its calls and logs to
/// `<path>.calls` and `<path>.logs` as JSON lines.
pub fn save(path: &Path, deployment: &Deployment) -> Result<(), StateFileError> {
    let mut deployment = deployment.clone();
    save_main(path, &mut deployment)?;
    replace(&log_path(path, CALLS), &lines(&deployment.calls, path)?)?;
    replace(&log_path(path, LOGS), &lines(&deployment.logs, path)?)
}

/// Writes the log `path` from `before` (what is on disk) to `after`:
/// appends when `after` only added records, rewrites it otherwise.
fn write_log<T: Serialize + PartialEq>(
    path: &Path,
    before: &[T],
    after: &[T],
) -> Result<(), StateFileError> {
    if after.starts_with(before) {
        append_lines(path, &after[before.len()..])
    } else {
        replace(path, &lines(after, path)?)
    }
}

/// Holds an exclusive lock on `<path>.lock` until dropped, so tool calls
/// made concurrently by one hook do not lose each other's writes.
fn lock(path: &Path) -> Result<File, StateFileError> {
    let mut lock_path = path.as_os_str().to_owned();
    lock_path.push(".lock");
    let lock_path = PathBuf::from(lock_path);
    let lock = File::create(&lock_path).map_err(io_error(&lock_path))?;
    lock.lock().map_err(io_error(&lock_path))?;
    Ok(lock)
}

/// Whether the state file itself holds calls or logs (written whole, by
/// hand or by an older version); they move to the files beside it on the
/// next save.
fn has_inline_logs(deployment: &Deployment) -> bool {
    !deployment.calls.is_empty() || !deployment.logs.is_empty()
}

/// Loads `path`, applies `change` and saves what it changed, under the
/// state file's lock: the deployment if it changed, and the calls and logs
/// appended to (or rewritten, if `change` did more than append to them).
pub fn update<T>(
    path: &Path,
    change: impl FnOnce(&mut Deployment) -> T,
) -> Result<T, StateFileError> {
    transact(path, true, change, |_| {})
}

/// Runs hook tool `tool` for the hook in the state file `path`, as the
/// `iface-fake-tools` executable does. The calls and logs beside the state
/// are not read, only appended to, and the state is rewritten only when
/// the tool changed it: most calls only read, so a call costs one read of
/// the state however many calls the hook made before it.
pub fn serve(
    path: &Path,
    tool: &str,
    args: &[String],
    stdin: &mut dyn Read,
) -> Result<ToolOutput, StateFileError> {
    let started = Instant::now();
    transact(
        path,
        false,
        |d| run_tool(d, tool, args, stdin),
        |d| {
            if let Some(call) = d.calls.last_mut() {
                let elapsed = started.elapsed().as_micros();
                call.elapsed_us = Some(u64::try_from(elapsed).unwrap_or(u64::MAX));
            }
        },
    )
}

/// [`update`] and [`serve`]: under the lock, loads the deployment (with the
/// calls and logs beside it if `with_logs`), applies `change`, writes the
/// deployment if it changed, lets `stamp` see it once written, then writes
/// the calls and logs. A state file holding calls or logs itself is read
/// whole and written whole, which moves them out.
fn transact<T>(
    path: &Path,
    with_logs: bool,
    change: impl FnOnce(&mut Deployment) -> T,
    stamp: impl FnOnce(&mut Deployment),
) -> Result<T, StateFileError> {
    let _lock = lock(path)?;
    let mut deployment = load_main(path)?;
    let inline = has_inline_logs(&deployment);
    if with_logs || inline {
        read_logs(path, &mut deployment)?;
    }
    let mut before = deployment.clone();
    let result = change(&mut deployment);
    if inline {
        stamp(&mut deployment);
        save(path, &deployment)?;
        return Ok(result);
    }
    if !same_but_logs(&mut before, &mut deployment) {
        save_main(path, &mut deployment)?;
    }
    stamp(&mut deployment);
    write_log(&log_path(path, CALLS), &before.calls, &deployment.calls)?;
    write_log(&log_path(path, LOGS), &before.logs, &deployment.logs)?;
    Ok(result)
}

/// Ends the running hook in the state file as Juju would after the charm
/// process exits: `success` (exit 0) commits what it queued (relation
/// writes, state, ports, secrets), anything else discards it. See
/// [`Deployment::end_hook`].
pub fn finish_hook(path: &Path, success: bool) -> Result<HookEnd, StateFileError> {
    update(path, |d| d.end_hook(success))
}

/// [`finish_hook`] for a charm process that exited 0.
pub fn commit_hook(path: &Path) -> Result<HookEnd, StateFileError> {
    finish_hook(path, true)
}

/// [`finish_hook`] for a charm process that failed.
pub fn discard_hook(path: &Path) -> Result<HookEnd, StateFileError> {
    finish_hook(path, false)
}
