//! What can go wrong with the store, always naming the file involved.

use std::error::Error;
use std::fmt;
use std::io;
use std::path::PathBuf;
use std::time::Duration;

/// A failure to open, read or commit the unit state store.
///
/// Every variant that touches a file names it, so a message shown to a user
/// says which file to look at.
#[derive(Debug)]
#[non_exhaustive]
pub enum StoreError {
    /// None of `UNIT_STATE_DB`, `CHARM_DIR` or `JUJU_CHARM_DIR` is set, so
    /// there is no way to tell where the store lives. charmhelpers would fall
    /// back to the working directory; guessing could split a charm's state
    /// across two files, so we refuse.
    NoLocation,
    /// A file system operation on the store file failed.
    Io {
        /// The store file.
        path: PathBuf,
        /// What we were doing, e.g. "create".
        action: &'static str,
        /// The underlying error.
        source: io::Error,
    },
    /// The file exists but is not an `SQLite` database (or is damaged). It is
    /// left untouched.
    NotADatabase {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The file is `SQLite` but one of the charmhelpers tables has a shape we
    /// do not recognise, so it belongs to something else. It is left
    /// untouched.
    ForeignSchema {
        /// The file.
        path: PathBuf,
        /// The table whose shape differs.
        table: &'static str,
        /// What was found, e.g. `has columns (k text (key), v blob)`.
        found: String,
    },
    /// Another process kept the database locked for longer than the lock
    /// timeout (see [`Store::set_lock_timeout`](super::Store::set_lock_timeout)).
    Busy {
        /// The file.
        path: PathBuf,
        /// How long we waited in total.
        waited: Duration,
    },
    /// An `SQLite` call failed for another reason.
    Sqlite {
        /// The file.
        path: PathBuf,
        /// What we were doing, e.g. "commit".
        action: &'static str,
        /// The underlying error.
        source: rusqlite::Error,
    },
    /// A stored value could not be decoded as JSON (written by something
    /// other than `json.dumps`, or containing `NaN`, which Python accepts and
    /// JSON does not).
    Decode {
        /// The file.
        path: PathBuf,
        /// The key whose value is bad.
        key: String,
        /// Why it is bad.
        reason: String,
    },
    /// A value given to [`Changes::set`](super::Changes::set) cannot be
    /// written as JSON (for example a map whose keys are not strings).
    Encode {
        /// The key being set.
        key: String,
        /// The serializer's error.
        source: serde_json::Error,
    },
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoLocation => f.write_str(
                "cannot locate the unit state store: set UNIT_STATE_DB, or CHARM_DIR / JUJU_CHARM_DIR \
                 (Juju sets these when it runs a hook)",
            ),
            Self::Io {
                path,
                action,
                source,
            } => write!(f, "cannot {action} {}: {source}", path.display()),
            Self::NotADatabase { path, reason } => write!(
                f,
                "{} is not a unit state store ({reason}); \
                 it was left untouched",
                path.display()
            ),
            Self::ForeignSchema { path, table, found } => write!(
                f,
                "{} is not a unit state store: `{table}` {found}, \
                 unlike the charmhelpers layout; it was left untouched",
                path.display()
            ),
            Self::Busy { path, waited } => write!(
                f,
                "gave up after {:.1}s waiting for another process to release its lock on {} \
                 (a hook or command is holding a transaction open)",
                waited.as_secs_f64(),
                path.display()
            ),
            Self::Sqlite {
                path,
                action,
                source,
            } => write!(f, "cannot {action} in {}: {source}", path.display()),
            Self::Decode { path, key, reason } => write!(
                f,
                "the value of `{key}` in {} is not valid JSON: {reason}",
                path.display()
            ),
            Self::Encode { key, source } => {
                write!(f, "cannot store a value for `{key}` as JSON: {source}")
            }
        }
    }
}

impl Error for StoreError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            Self::Io { source, .. } => Some(source),
            Self::Sqlite { source, .. } => Some(source),
            Self::Encode { source, .. } => Some(source),
            Self::NoLocation
            | Self::NotADatabase { .. }
            | Self::ForeignSchema { .. }
            | Self::Busy { .. }
            | Self::Decode { .. } => None,
        }
    }
}
