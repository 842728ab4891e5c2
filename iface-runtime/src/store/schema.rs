//! The three tables charmhelpers' `unitdata.Storage` creates, and the check
//! that an existing file has them in that shape before we touch it.

use rusqlite::{Connection, OptionalExtension};

/// One charmhelpers table: its DDL and the columns `PRAGMA table_info`
/// reports for it as (name, declared type, position in the primary key).
pub(super) struct Table {
    pub(super) name: &'static str,
    pub(super) create: &'static str,
    columns: &'static [(&'static str, &'static str, i64)],
}

/// The tables, with the same column names, types and keys as charmhelpers
/// so that Python's `unitdata` opens a file we created and vice versa.
/// `hooks.version` is AUTOINCREMENT there, which also creates
/// `sqlite_sequence`.
pub(super) const TABLES: [Table; 3] = [
    Table {
        name: "kv",
        create: "CREATE TABLE IF NOT EXISTS kv (key text, data text, primary key (key))",
        columns: &[("key", "text", 1), ("data", "text", 0)],
    },
    Table {
        name: "kv_revisions",
        create: "CREATE TABLE IF NOT EXISTS kv_revisions \
                 (key text, revision integer, data text, primary key (key, revision))",
        columns: &[
            ("key", "text", 1),
            ("revision", "integer", 2),
            ("data", "text", 0),
        ],
    },
    Table {
        name: "hooks",
        create: "CREATE TABLE IF NOT EXISTS hooks \
                 (version integer primary key autoincrement, hook text, date text)",
        columns: &[
            ("version", "integer", 1),
            ("hook", "text", 0),
            ("date", "text", 0),
        ],
    },
];

/// What an existing file holds.
pub(super) enum Layout {
    /// All three tables, in charmhelpers' shape.
    Complete,
    /// Some tables are missing; those present are in charmhelpers' shape.
    Incomplete,
    /// A table of ours exists with another shape: the file is not ours.
    Foreign { table: &'static str, found: String },
}

/// Inspects the schema without writing anything.
pub(super) fn inspect(conn: &Connection) -> rusqlite::Result<Layout> {
    let mut complete = true;
    for table in &TABLES {
        let kind: Option<String> = conn
            .query_row(
                "SELECT type FROM sqlite_master WHERE name = ?1 COLLATE NOCASE",
                [table.name],
                |row| row.get(0),
            )
            .optional()?;
        match kind.as_deref() {
            None => complete = false,
            Some("table") => {
                let found = columns(conn, table.name)?;
                let expected: Vec<(String, String, i64)> = table
                    .columns
                    .iter()
                    .map(|&(name, ty, pk)| (name.to_owned(), ty.to_owned(), pk))
                    .collect();
                if found != expected {
                    return Ok(Layout::Foreign {
                        table: table.name,
                        found: describe(&found),
                    });
                }
            }
            Some(other) => {
                return Ok(Layout::Foreign {
                    table: table.name,
                    found: format!("is a {other}"),
                });
            }
        }
    }
    Ok(if complete {
        Layout::Complete
    } else {
        Layout::Incomplete
    })
}

/// The columns of `table`, names and types lower-cased (`SQLite` compares
/// both case-insensitively, and charmhelpers writes them in lower case).
fn columns(conn: &Connection, table: &str) -> rusqlite::Result<Vec<(String, String, i64)>> {
    let mut stmt = conn.prepare("SELECT name, type, pk FROM pragma_table_info(?1)")?;
    stmt.query_map([table], |row| {
        Ok((
            row.get::<_, String>(0)?.to_lowercase(),
            row.get::<_, String>(1)?.to_lowercase(),
            row.get(2)?,
        ))
    })?
    .collect()
}

fn describe(columns: &[(String, String, i64)]) -> String {
    let list: Vec<String> = columns
        .iter()
        .map(|(name, ty, pk)| {
            let key = if *pk > 0 { " (key)" } else { "" };
            format!("{name} {ty}").trim_end().to_owned() + key
        })
        .collect();
    format!("has columns ({})", list.join(", "))
}
