//! The server side: one conversation per client application.

use iface::prelude::*;

use crate::{Credentials, password_for};

/// The server side of `mysql`: a SERVICE conversation per client
/// application, so every unit of one client shares one database.
#[interface(name = "mysql", role = provides, scope = Service, flags("database.requested"))]
pub struct MysqlProvides;

#[hooks]
impl MysqlProvides {
    /// Raises `{relation_name}.database.requested` for this client
    /// application once one of its units named a database.
    #[hook("{provides:mysql}-relation-{joined,changed}")]
    fn changed(&self, conv: &mut Conversation) -> iface::Result<()> {
        let asked = conv.get_remote_value::<String>("database")?.is_some();
        conv.toggle_state(Self::DATABASE_REQUESTED, asked)
    }

    /// When the client application's last unit has gone, the conversation
    /// (and its hold on the flag) goes with it.
    #[hook("{provides:mysql}-relation-{departed,broken}")]
    fn departed(&self, conv: &mut Conversation) -> iface::Result<()> {
        if conv.units().is_empty() {
            conv.remove_state(Self::DATABASE_REQUESTED)?;
        }
        Ok(())
    }

    /// Answers the client application: its database, a user named after
    /// the application, and a password kept in the conversation's local
    /// data so every later hook answers the same.
    pub fn provide(&self, conv: &mut Conversation, port: u16) -> iface::Result<()> {
        let Some(database) = conv.get_remote_value::<String>("database")? else {
            return Ok(());
        };
        let user = conv.state().scope.clone();
        let password = if let Some(password) = conv.get_local::<String>("password")? {
            password
        } else {
            let server = conv.session().context().unit.to_string();
            let password = password_for(&server, &user);
            conv.set_local("password", &password)?;
            password
        };
        let host = conv.unit_address()?;
        conv.set_remote(&Credentials {
            host,
            port,
            database,
            user,
            password,
        })
    }
}
