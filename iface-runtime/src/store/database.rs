//! The open store file: reading committed values and committing a hook's
//! [`Changes`] in one transaction.

use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::types::{Type, ValueRef};
use rusqlite::{
    Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior, params,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::busy::{STATEMENT_WAIT, retry, sqlite_error};
use super::history::{DELETED, utc_now_iso};
#[cfg(unix)]
use super::private;
use super::schema::{Layout, TABLES, inspect};
use super::snapshot::Snapshot;
use super::{Changes, StoreError, location};

/// An open charmhelpers `unitdata` file (`.unit-state.db`).
///
/// Python's charms.reactive and iface can use the same file at the same
/// time: the layout, key names and value text are the same, and every write
/// happens in a short `BEGIN IMMEDIATE` transaction that touches only the
/// keys that changed.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    lock_timeout: Duration,
    /// Whether reads come from one copy of the whole table (see
    /// [`Store::snapshot_reads`]).
    snapshot_reads: bool,
    snapshot: OnceCell<Snapshot>,
}

/// A stored cell, copied out of `SQLite` so that decoding happens outside the
/// retried query.
#[derive(Debug)]
pub(super) enum Cell {
    Text(Vec<u8>),
    Other(Type),
}

impl Cell {
    fn from_sql(value: ValueRef<'_>) -> Self {
        match value {
            // Python's sqlite3 hands blobs to json.loads as bytes, which it
            // accepts, so we do too.
            ValueRef::Text(bytes) | ValueRef::Blob(bytes) => Self::Text(bytes.to_vec()),
            other => Self::Other(other.data_type()),
        }
    }
}

impl Store {
    /// How long a read or commit waits for other processes' locks before
    /// failing with [`StoreError::Busy`]. Long enough for any sane hook's
    /// commit; short enough that a deadlock (a Python hook holding its
    /// transaction while it waits for us) ends with a message.
    pub const DEFAULT_LOCK_TIMEOUT: Duration = Duration::from_mins(1);

    /// Opens the store at `path`, creating it (mode 0600) and its tables if
    /// missing.
    ///
    /// An existing store, and its journal, are set to mode 0600 on every
    /// open, as charmhelpers does; a `path` that is a symlink is followed
    /// and its target made 0600 (see the [module docs](super)).
    ///
    /// A file that is not `SQLite`, or whose `kv`, `kv_revisions` or `hooks`
    /// table has another shape, is refused with an error naming it and is
    /// never written to. An `SQLite` file without our tables gets them, as
    /// charmhelpers would do (charms using both ops and charmhelpers share
    /// this file name).
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        prepare_file(path)?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| sqlite_error(path, "open", e))?;
        conn.busy_timeout(STATEMENT_WAIT)
            .map_err(|e| sqlite_error(path, "configure", e))?;
        let mut store = Store {
            conn,
            path: path.to_owned(),
            lock_timeout: Self::DEFAULT_LOCK_TIMEOUT,
            snapshot_reads: false,
            snapshot: OnceCell::new(),
        };
        // Reading the journal mode takes a shared lock, which a writer may
        // hold for a while.
        retry(path, store.lock_timeout, "configure", || {
            truncate_journal(&store.conn)
        })?;
        let mut layout = retry(path, store.lock_timeout, "read the schema", || {
            inspect(&store.conn)
        })?;
        if matches!(layout, Layout::Incomplete) {
            let conn = &mut store.conn;
            layout = retry(path, store.lock_timeout, "create the tables", || {
                let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
                // Look again under the write lock: another process may have
                // created the tables since, possibly in another shape.
                let layout = inspect(&tx)?;
                if matches!(layout, Layout::Incomplete) {
                    for table in &TABLES {
                        tx.execute(table.create, [])?;
                    }
                    tx.commit()?;
                }
                Ok(layout)
            })?;
        }
        if let Layout::Foreign { table, found } = layout {
            return Err(store.foreign(table, found));
        }
        // Only once the file is known to be a store: a file we refuse is
        // left exactly as it was, mode included.
        #[cfg(unix)]
        private::enforce(path)?;
        Ok(store)
    }

    /// Opens the store where the process environment says it is (see
    /// [`Store::default_path`]).
    pub fn open_default() -> Result<Store, StoreError> {
        Self::open(&Self::default_path(|name| std::env::var_os(name))?)
    }

    /// Where the store lives according to the environment variables read
    /// through `var`: `UNIT_STATE_DB`, else `.unit-state.db` in `CHARM_DIR`,
    /// else in `JUJU_CHARM_DIR`. Empty values count as unset.
    pub fn default_path(var: impl Fn(&str) -> Option<OsString>) -> Result<PathBuf, StoreError> {
        location::default_path(var)
    }

    /// The file this store reads and writes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Changes how long reads and commits wait for other processes' locks
    /// (default [`Store::DEFAULT_LOCK_TIMEOUT`]).
    pub fn set_lock_timeout(&mut self, timeout: Duration) {
        self.lock_timeout = timeout;
    }

    /// Makes every later read come from one copy of the whole table, taken
    /// at the first read: a hook then sees one consistent state of the file
    /// and pays for one `SQLite` statement, not one (and one lock cycle) per
    /// key it reads; a requirer with 10,000 conversations reads them all.
    /// Other processes' writes after that first read are not seen; this
    /// store's own commits are.
    pub fn snapshot_reads(&mut self) {
        self.snapshot_reads = true;
    }

    /// The committed value of `key`, or `None` if it is not set.
    ///
    /// A [`Value`] holds integers of at most 64 bits, so a larger one
    /// (Python's integers have no limit) comes back as the nearest float:
    /// read such a value with [`Store::get_as`] into `i128` or `u128`, or
    /// into a type of your own, to keep it exact.
    pub fn get(&self, key: &str) -> Result<Option<Value>, StoreError> {
        self.get_as::<Value>(key)?
            .map(|value| value.map_err(|e| self.bad_text(key, e.to_string())))
            .transpose()
    }

    /// The committed text of `key` decoded straight into `T`: `Ok(None)`
    /// when the key is not set, `Ok(Some(Err(_)))` when its JSON is valid
    /// but not a `T`. Skips the [`Value`] that [`Store::get`] builds, which
    /// halves the cost of reading thousands of conversations.
    pub fn get_as<T: DeserializeOwned>(
        &self,
        key: &str,
    ) -> Result<Option<Result<T, serde_json::Error>>, StoreError> {
        if let Some(rows) = self.snapshot()? {
            return rows
                .get(key)
                .map(|cell| self.decode_as(key, cell))
                .transpose();
        }
        self.cell(key)?
            .map(|cell| self.decode_as(key, &cell))
            .transpose()
    }

    /// The committed cell of `key`, read with one statement.
    fn cell(&self, key: &str) -> Result<Option<Cell>, StoreError> {
        retry(&self.path, self.lock_timeout, "read", || {
            self.conn
                .prepare_cached("SELECT data FROM kv WHERE key = ?1")?
                .query_row([key], |row| Ok(Cell::from_sql(row.get_ref(0)?)))
                .optional()
        })
    }

    /// Whether `key` is set, without decoding its value.
    pub fn contains(&self, key: &str) -> Result<bool, StoreError> {
        if let Some(rows) = self.snapshot()? {
            return Ok(rows.get(key).is_some());
        }
        retry(&self.path, self.lock_timeout, "read", || {
            self.conn
                .prepare_cached("SELECT 1 FROM kv WHERE key = ?1")?
                .query_row([key], |_| Ok(()))
                .optional()
        })
        .map(|found| found.is_some())
    }

    /// Every committed key starting with `prefix`, without decoding values.
    pub fn keys_with_prefix(&self, prefix: &str) -> Result<Vec<String>, StoreError> {
        if let Some(rows) = self.snapshot()? {
            return Ok(rows.prefix(prefix).map(|(key, _)| key.to_owned()).collect());
        }
        Ok(self
            .rows_from(prefix)?
            .into_iter()
            .map(|(key, _)| key)
            .collect())
    }

    /// Every committed key starting with `prefix` (the full key, prefix
    /// included) and its value, like charmhelpers' `getrange`.
    ///
    /// The match is exact: charmhelpers uses `LIKE`, which also treats `_`
    /// and `%` in the prefix as wildcards and ignores ASCII case; we do not.
    pub fn get_prefix(&self, prefix: &str) -> Result<BTreeMap<String, Value>, StoreError> {
        if let Some(rows) = self.snapshot()? {
            return rows
                .prefix(prefix)
                .map(|(key, cell)| Ok((key.to_owned(), self.decode(key, cell)?)))
                .collect();
        }
        let rows = self.rows_from(prefix)?;
        rows.into_iter()
            .map(|(key, cell)| {
                let value = self.decode(&key, &cell)?;
                Ok((key, value))
            })
            .collect()
    }

    /// The whole table, read once, when reads come from a snapshot.
    fn snapshot(&self) -> Result<Option<&Snapshot>, StoreError> {
        if !self.snapshot_reads {
            return Ok(None);
        }
        if let Some(rows) = self.snapshot.get() {
            return Ok(Some(rows));
        }
        let rows = retry(&self.path, self.lock_timeout, "read", || {
            // In table order: no index lookups; the snapshot sorts the keys.
            let mut stmt = self.conn.prepare_cached("SELECT key, data FROM kv")?;
            let mut rows = stmt.query([])?;
            let mut found = Vec::new();
            while let Some(row) = rows.next()? {
                // Keys that are not UTF-8 text cannot have been written
                // through Python's str; they are skipped, as in prefix reads.
                if let ValueRef::Text(key) = row.get_ref(0)?
                    && let Ok(key) = core::str::from_utf8(key)
                {
                    found.push((key.to_owned(), Cell::from_sql(row.get_ref(1)?)));
                }
            }
            Ok(found)
        })?;
        Ok(Some(
            self.snapshot.get_or_init(|| Snapshot::from_rows(rows)),
        ))
    }

    /// The rows whose key starts with `prefix`, in key order.
    fn rows_from(&self, prefix: &str) -> Result<Vec<(String, Cell)>, StoreError> {
        retry(&self.path, self.lock_timeout, "read", || {
            // Keys sharing a prefix sort together right after it, so an
            // index range scan finds them without LIKE.
            let mut stmt = self
                .conn
                .prepare_cached("SELECT key, data FROM kv WHERE key >= ?1 ORDER BY key")?;
            let mut rows = stmt.query([prefix])?;
            let mut found = Vec::new();
            while let Some(row) = rows.next()? {
                let ValueRef::Text(key) = row.get_ref(0)? else {
                    // Blob keys sort after all text; none can match.
                    break;
                };
                if !key.starts_with(prefix.as_bytes()) {
                    break;
                }
                // Keys that are not UTF-8 cannot have been written through
                // Python's str; skip them rather than fail every read.
                if let Ok(key) = String::from_utf8(key.to_vec()) {
                    found.push((key, Cell::from_sql(row.get_ref(1)?)));
                }
            }
            Ok(found)
        })
    }

    /// Writes `changes` in one `BEGIN IMMEDIATE` transaction.
    ///
    /// Only the keys in `changes` are touched, and a key set to the text it
    /// already has is not rewritten (as charmhelpers' `set` does), so other
    /// processes' updates to other keys survive. Until this returns `Ok`
    /// nothing of `changes` is in the file.
    ///
    /// With `hook`, history is kept the way charmhelpers' `hook_scope` with
    /// `keep_revisions=True` keeps it: a row in `hooks` (name and UTC time)
    /// and, for each key that changed, its new text (or `"DELETED"`) in
    /// `kv_revisions` under that row's `version`. charms.reactive itself
    /// records no history, and both tables only grow, so pass `None` unless
    /// you want it.
    pub fn commit(&mut self, changes: &Changes, hook: Option<&str>) -> Result<(), StoreError> {
        if changes.is_empty() && hook.is_none() {
            return Ok(());
        }
        let conn = &mut self.conn;
        retry(&self.path, self.lock_timeout, "commit", || {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            write(&tx, changes, hook)?;
            tx.commit()
        })?;
        if let Some(rows) = self.snapshot.get_mut() {
            rows.apply(changes);
        }
        Ok(())
    }

    /// Reads and writes in one `BEGIN IMMEDIATE` transaction, for changes
    /// that depend on what is stored (toggling a flag): `decide` reads
    /// through the store it is given while this connection holds the write
    /// lock, and the [`Changes`] it returns are committed before any other
    /// process can write. Two processes updating the same key this way
    /// therefore never lose each other's update, as they could by reading
    /// first and calling [`Store::commit`] after.
    ///
    /// Reads inside `decide` come from the file even with
    /// [`Store::snapshot_reads`] on. `decide` may run more than once: when
    /// the commit has to wait out another process's lock, the transaction
    /// is rolled back and `decide` runs again on what is stored then. An
    /// error from `decide` rolls back and is returned as it is.
    pub fn update<E: From<StoreError>>(
        &mut self,
        mut decide: impl FnMut(&Store) -> Result<Changes, E>,
    ) -> Result<(), E> {
        let snapshot_reads = core::mem::replace(&mut self.snapshot_reads, false);
        let this = &*self;
        let outcome = retry(&this.path, this.lock_timeout, "update", || {
            // Unchecked: `decide` reads through the same connection.
            let tx = Transaction::new_unchecked(&this.conn, TransactionBehavior::Immediate)?;
            let changes = match decide(this) {
                Ok(changes) => changes,
                Err(error) => return Ok(Err(error)),
            };
            write(&tx, &changes, None)?;
            tx.commit()?;
            Ok(Ok(changes))
        });
        self.snapshot_reads = snapshot_reads;
        let changes = outcome??;
        if let Some(rows) = self.snapshot.get_mut() {
            rows.apply(&changes);
        }
        Ok(())
    }

    /// Decodes `cell` into `T`; text that is not JSON at all is a
    /// [`StoreError::Decode`], JSON of another shape the inner error.
    fn decode_as<T: DeserializeOwned>(
        &self,
        key: &str,
        cell: &Cell,
    ) -> Result<Result<T, serde_json::Error>, StoreError> {
        match cell {
            Cell::Text(bytes) => match serde_json::from_slice::<T>(bytes) {
                Ok(value) => Ok(Ok(value)),
                // A shape error can come before the text's syntax error
                // (`{not json` is "a map" to a number); only valid JSON
                // is "another shape".
                Err(e) if e.classify() == serde_json::error::Category::Data => {
                    match serde_json::from_slice::<serde::de::IgnoredAny>(bytes) {
                        Ok(_) => Ok(Err(e)),
                        Err(syntax) => Err(self.bad_text(key, syntax.to_string())),
                    }
                }
                Err(e) => Err(self.bad_text(key, e.to_string())),
            },
            Cell::Other(ty) => {
                Err(self.bad_text(key, format!("it is stored as {ty}, not as text")))
            }
        }
    }

    fn bad_text(&self, key: &str, reason: String) -> StoreError {
        StoreError::Decode {
            path: self.path.clone(),
            key: key.to_owned(),
            reason,
        }
    }

    /// Decodes `cell` as any JSON value (every valid text is one).
    fn decode(&self, key: &str, cell: &Cell) -> Result<Value, StoreError> {
        self.decode_as::<Value>(key, cell)?
            .map_err(|e| self.bad_text(key, e.to_string()))
    }

    fn foreign(&self, table: &'static str, found: String) -> StoreError {
        StoreError::ForeignSchema {
            path: self.path.clone(),
            table,
            found,
        }
    }
}

/// Writes `changes` (and, with `hook`, their history) inside the open
/// transaction `tx`; see [`Store::commit`].
fn write(tx: &Connection, changes: &Changes, hook: Option<&str>) -> rusqlite::Result<()> {
    let revision = match hook {
        Some(name) => {
            tx.prepare_cached("INSERT INTO hooks (hook, date) VALUES (?1, ?2)")?
                .execute(params![name, utc_now_iso()])?;
            Some(tx.last_insert_rowid())
        }
        None => None,
    };
    for (key, data) in changes {
        let written = match data {
            Some(data) => tx
                .prepare_cached(
                    "INSERT INTO kv (key, data) VALUES (?1, ?2) ON CONFLICT (key) \
                     DO UPDATE SET data = excluded.data WHERE data IS NOT excluded.data",
                )?
                .execute(params![key, data])?,
            None => tx
                .prepare_cached("DELETE FROM kv WHERE key = ?1")?
                .execute([key])?,
        };
        if let (Some(revision), true) = (revision, written > 0) {
            tx.prepare_cached(
                "INSERT OR REPLACE INTO kv_revisions (key, revision, data) \
                 VALUES (?1, ?2, ?3)",
            )?
            .execute(params![key, revision, data.unwrap_or(DELETED)])?;
        }
    }
    Ok(())
}

/// Makes this connection end its transactions by truncating the rollback
/// journal instead of deleting it (charmhelpers' default), which spares a
/// commit the directory updates of creating and deleting the file. Safe
/// beside connections that delete it: the mode only decides what this
/// connection does with the journal after a commit, and an empty journal
/// is never taken for an interrupted transaction. A file in WAL mode is
/// left in it, since leaving WAL would change the file for everyone.
fn truncate_journal(conn: &Connection) -> rusqlite::Result<()> {
    let mode: String = conn.pragma_query_value(None, "journal_mode", |row| row.get(0))?;
    if mode.eq_ignore_ascii_case("delete") {
        conn.pragma_update(None, "journal_mode", "TRUNCATE")?;
    }
    Ok(())
}

/// The first bytes of every `SQLite` 3 database file.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// The smallest page size; a non-empty database holds at least one page.
const MIN_PAGE_SIZE: u64 = 512;

/// Creates `path` with mode 0600 if it does not exist, so the file is never
/// readable by others, not even for a moment. An existing file is left as
/// it is here (its mode is set once it is known to be a store), but must
/// be empty or start like an `SQLite` database: `SQLite`
/// treats a file shorter than one page as an empty database and would
/// overwrite it.
fn prepare_file(path: &Path) -> Result<(), StoreError> {
    let io_error = |action, source| StoreError::Io {
        path: path.to_owned(),
        action,
        source,
    };
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, private::MODE);
    match options.open(path) {
        Ok(_) => return Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
        Err(source) => return Err(io_error("create", source)),
    }
    let mut header = Vec::with_capacity(SQLITE_MAGIC.len());
    let file = File::open(path).map_err(|source| io_error("open", source))?;
    let len = file
        .metadata()
        .map_err(|source| io_error("inspect", source))?
        .len();
    file.take(SQLITE_MAGIC.len() as u64)
        .read_to_end(&mut header)
        .map_err(|source| io_error("read", source))?;
    let reason = if len == 0 {
        return Ok(());
    } else if header != SQLITE_MAGIC {
        "it does not start with the SQLite file header"
    } else if len < MIN_PAGE_SIZE {
        "it is shorter than one SQLite page, so it is truncated"
    } else {
        return Ok(());
    };
    Err(StoreError::NotADatabase {
        path: path.to_owned(),
        reason: reason.to_owned(),
    })
}
