//! The client side: one conversation with the server.

use iface::prelude::*;

use crate::Credentials;

/// The client side of `mysql`: one GLOBAL conversation with the server.
#[interface(name = "mysql", role = requires, scope = Global, flags(connected, available))]
pub struct MysqlRequires;

#[hooks]
impl MysqlRequires {
    /// `{relation_name}.connected` once a server unit joined;
    /// `{relation_name}.available` once its answer is complete.
    #[hook("{requires:mysql}-relation-{joined,changed}")]
    fn changed(&self, conv: &mut Conversation) -> iface::Result<()> {
        conv.set_state(Self::CONNECTED)?;
        let answered = conv.get_remote::<Credentials>()?.is_some();
        conv.toggle_state(Self::AVAILABLE, answered)
    }

    /// The last server unit left: neither connected nor available.
    #[hook("{requires:mysql}-relation-{departed,broken}")]
    fn departed(&self, conv: &mut Conversation) -> iface::Result<()> {
        if conv.units().is_empty() {
            conv.remove_state(Self::CONNECTED)?;
            conv.remove_state(Self::AVAILABLE)?;
        }
        Ok(())
    }

    /// Asks for database `name` (owned, so that other languages can call
    /// it through the CLI API).
    pub fn request(&self, conv: &mut Conversation, name: String) -> iface::Result<()> {
        conv.set_remote_value("database", &name)
    }

    /// The server's answer, once complete.
    pub fn credentials(&self, conv: &mut Conversation) -> iface::Result<Option<Credentials>> {
        conv.get_remote()
    }
}
