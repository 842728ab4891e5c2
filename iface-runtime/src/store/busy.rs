//! Waiting out other processes' locks instead of failing with "database is
//! locked".
//!
//! Hooks, CLI calls from hooks and Python code may all hold the file at
//! once. `SQLite`'s busy handler covers most waits, but not all (for example a
//! commit that has to wait for a reader), so whole operations are retried
//! until the store's lock timeout runs out.

use std::path::Path;
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use rusqlite::ErrorCode;

use super::StoreError;

/// How long one statement waits inside `SQLite` before we look again; short
/// so that the overall timeout stays accurate.
pub(super) const STATEMENT_WAIT: Duration = Duration::from_millis(500);

/// Runs `op`, retrying while another connection holds a conflicting lock,
/// for at most `timeout` in total.
pub(super) fn retry<T>(
    path: &Path,
    timeout: Duration,
    action: &'static str,
    mut op: impl FnMut() -> rusqlite::Result<T>,
) -> Result<T, StoreError> {
    let started = Instant::now();
    let mut pause = Duration::from_millis(2);
    loop {
        match op() {
            Ok(value) => return Ok(value),
            Err(err) if is_busy(&err) => {
                let waited = started.elapsed();
                if waited >= timeout {
                    return Err(StoreError::Busy {
                        path: path.to_owned(),
                        waited,
                    });
                }
                thread::sleep(jitter(pause).min(timeout.saturating_sub(waited)));
                pause = (pause * 2).min(Duration::from_millis(100));
            }
            Err(err) => return Err(sqlite_error(path, action, err)),
        }
    }
}

/// Whether `err` means another connection holds a lock we need.
pub(super) fn is_busy(err: &rusqlite::Error) -> bool {
    matches!(
        err.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

/// Wraps an `SQLite` error, telling a foreign or damaged file apart from
/// other failures.
pub(super) fn sqlite_error(
    path: &Path,
    action: &'static str,
    source: rusqlite::Error,
) -> StoreError {
    match source.sqlite_error_code() {
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => StoreError::NotADatabase {
            path: path.to_owned(),
            reason: format!("not a usable SQLite database: {source}"),
        },
        _ => StoreError::Sqlite {
            path: path.to_owned(),
            action,
            source,
        },
    }
}

/// Spreads retries of processes that collided at the same moment.
fn jitter(pause: Duration) -> Duration {
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    pause + Duration::from_nanos(u64::from(nanos % 2_000_000))
}
