//! A unit's store file read as bytes, for tests that prove what a hook
//! left there (after a kill, a failure) without the runtime's own reader.

use std::fmt;
use std::path::Path;

use rusqlite::types::ValueRef;

/// Why a store file could not be read.
#[derive(Debug)]
pub enum StoreFileError {
    /// `SQLite` could not open or query it.
    Sqlite(rusqlite::Error),
    /// `PRAGMA integrity_check` found faults (its lines).
    Corrupt(Vec<String>),
}

impl fmt::Display for StoreFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreFileError::Sqlite(error) => write!(f, "store file: {error}"),
            StoreFileError::Corrupt(lines) => {
                write!(
                    f,
                    "store file fails its integrity check: {}",
                    lines.join("; ")
                )
            }
        }
    }
}

impl std::error::Error for StoreFileError {}

impl From<rusqlite::Error> for StoreFileError {
    fn from(error: rusqlite::Error) -> Self {
        StoreFileError::Sqlite(error)
    }
}

/// Every `kv` row of the store at `path`, key and data byte for byte, in
/// key order, once the file passed `PRAGMA integrity_check`. It is opened
/// read-write, so that `SQLite` rolls back a journal a killed commit left,
/// as the next hook's open would.
pub fn kv_rows(path: &Path) -> Result<Vec<(String, Vec<u8>)>, StoreFileError> {
    let conn = rusqlite::Connection::open(path)?;
    let check: Vec<String> = conn
        .prepare("PRAGMA integrity_check")?
        .query_map([], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    if check != ["ok"] {
        return Err(StoreFileError::Corrupt(check));
    }
    let mut stmt = conn.prepare("SELECT key, data FROM kv ORDER BY key")?;
    let rows = stmt
        .query_map([], |row| {
            let data = match row.get_ref(1)? {
                ValueRef::Text(bytes) | ValueRef::Blob(bytes) => bytes.to_vec(),
                other => format!("{other:?}").into_bytes(),
            };
            Ok((row.get(0)?, data))
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}
