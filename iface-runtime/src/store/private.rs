//! Keeping the store private: mode 0600 on the file and on the files
//! `SQLite` keeps beside it, enforced on every open.
//!
//! charmhelpers' `Storage` opens the file with `open(path, 'a')` and
//! `fchmod`s it to 0600 every time, so a file an older tool or an operator
//! left readable is closed again. It leaves the journal alone; `SQLite`
//! creates a journal with the database's mode at that moment, and keeps it
//! across commits in the truncate journal mode we use, so a journal made
//! while the file was readable would stay readable, with the pages of the
//! last transaction in it. We close both.
//!
//! A store path that is a symlink is followed, as charmhelpers' `open` and
//! `SQLite` (which keeps the journal beside the target) follow it: the
//! target is the store and is made 0600; the link itself has no mode.

use std::fs::{File, Permissions};
use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use super::StoreError;

/// The only mode a store file, or a file beside it, may have.
pub(super) const MODE: u32 = 0o600;

/// What `SQLite` appends to the database path for the files that hold
/// pages of it: the rollback journal, and the write-ahead log and its
/// index for a file in WAL mode.
const SIDE_FILES: [&str; 3] = ["-journal", "-wal", "-shm"];

/// Sets mode 0600 on the store at `path` (the target, if `path` is a
/// symlink) and on each of its side files that exists, wherever it is not
/// 0600 already.
pub(super) fn enforce(path: &Path) -> Result<(), StoreError> {
    let error = |path: &Path, action, source| StoreError::Io {
        path: path.to_owned(),
        action,
        source,
    };
    let resolved = std::fs::canonicalize(path).map_err(|e| error(path, "resolve", e))?;
    make_private(&resolved).map_err(|(action, e)| error(path, action, e))?;
    for suffix in SIDE_FILES {
        let side = beside(&resolved, suffix);
        match make_private(&side) {
            Err((_, e)) if e.kind() == io::ErrorKind::NotFound => {}
            Err((action, e)) => return Err(error(&side, action, e)),
            Ok(()) => {}
        }
    }
    Ok(())
}

/// `path` with `suffix` appended to its file name, as `SQLite` names side
/// files.
fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Sets mode 0600 on the regular file at `path` through an open handle,
/// so that the mode changes on the file that was checked, not on whatever
/// the path names a moment later.
fn make_private(path: &Path) -> Result<(), (&'static str, io::Error)> {
    let file = File::open(path).map_err(|e| ("open", e))?;
    let metadata = file.metadata().map_err(|e| ("inspect", e))?;
    if !metadata.is_file() || metadata.permissions().mode() & 0o7777 == MODE {
        return Ok(());
    }
    file.set_permissions(Permissions::from_mode(MODE))
        .map_err(|e| ("set mode 0600 on", e))
}
