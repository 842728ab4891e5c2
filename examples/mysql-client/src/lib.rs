//! A client charm of the mysql-like interface: asks for a database named
//! after its application, reads the server's answer from the server's
//! application bag and the password from the secret it names, and reports
//! where it keeps its data. When the server rotates the password (a new
//! revision of the secret), `secret-changed` moves it on to the new one.

use iface::event::SecretHook;
use iface::prelude::*;
use iface::secret::{Revision, SecretRef};
use mysql_interface::MysqlRequires;

iface::charm! {
    metadata = "metadata.yaml",
    relations { db: MysqlRequires },
    handlers = [password_changed, request_database, use_database, wait_for_database],
}

/// The server set a new password: track (and read) the new revision, so
/// that [`use_database`], in this hook and later ones, connects with it.
#[on(secret_changed)]
pub fn password_changed(hook: &SecretHook, secrets: &Secrets) -> iface::Result<()> {
    secrets.read(SecretRef::Uri(&hook.id), Revision::Refresh)?;
    Ok(())
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

/// The server answered: read the credentials (password included) and say
/// where the data lives (never the password).
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
