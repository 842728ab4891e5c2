//! A client charm of the mysql-like interface: asks for a database named
//! after its application, and reports where it keeps its data.

use iface::prelude::*;
use iface::tools::Status;
use mysql_interface::MysqlRequires;

iface::charm! {
    metadata = "metadata.yaml",
    relations { db: MysqlRequires },
    handlers = [request_database, use_database, wait_for_database],
}

/// Asks for a database named after the application (`wordpress/1` asks
/// for `wordpress`).
#[when(Db::CONNECTED)]
#[when_not(Db::AVAILABLE)]
pub fn request_database(db: &Db, unit: &Unit) -> iface::Result<()> {
    let name = unit.name();
    let app = name.split('/').next().unwrap_or_default();
    db.request(app.to_owned())?;
    Ok(())
}

/// The server answered: say where the data lives.
#[when(Db::AVAILABLE)]
pub fn use_database(db: &Db, unit: &Unit) -> iface::Result<()> {
    let answers: Vec<String> = db
        .credentials()?
        .into_iter()
        .flatten()
        .map(|c| format!("{}@{}:{}/{}", c.user, c.host, c.port, c.database))
        .collect();
    unit.status(Status::Active, &format!("using {}", answers.join(" ")))
}

/// No answer yet.
#[when_not(Db::AVAILABLE)]
pub fn wait_for_database(unit: &Unit) -> iface::Result<()> {
    unit.status(Status::Waiting, "waiting for a database")
}
