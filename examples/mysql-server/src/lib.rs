//! A mysql-like server charm: answers every client application that asked
//! for a database.

use iface::prelude::*;
use mysql_interface::MysqlProvides;

iface::charm! {
    metadata = "metadata.yaml",
    relations { db: MysqlProvides },
    handlers = [provide_databases],
}

/// The port the server listens on.
pub const PORT: u16 = 3306;

/// Answers each client application that asked.
#[when(Db::DATABASE_REQUESTED)]
pub fn provide_databases(db: &Db) -> iface::Result<()> {
    db.provide(PORT)?;
    Ok(())
}
