//! The provider side: every connected unit gets the same settings.

use iface::prelude::*;

use crate::HttpSettings;

/// The provider side of `http`: one GLOBAL conversation with every unit of
/// every application related on the endpoint.
#[interface(name = "http", role = provides, scope = Global, flags(available), sets(HttpSettings))]
pub struct HttpProvides;

#[hooks]
impl HttpProvides {
    /// A new relation: learn this unit's address on it now (one
    /// `network-get`, remembered), so that `-joined` publishes with one
    /// tool call, the write.
    #[hook("{provides:http}-relation-created")]
    fn created(&self, conv: &mut Conversation) -> iface::Result<()> {
        conv.unit_address().map(drop)
    }

    /// Someone is connected: the charm may now publish its settings.
    #[hook("{provides:http}-relation-{joined,changed}")]
    fn changed(&self, conv: &mut Conversation) -> iface::Result<()> {
        conv.set_state(Self::AVAILABLE)
    }

    /// Clears the flag only when the last unit has gone. (The Python http
    /// layer cleared it at the first `-departed`, with others still there.)
    #[hook("{provides:http}-relation-{departed,broken}")]
    fn departed(&self, conv: &mut Conversation) -> iface::Result<()> {
        if conv.units().is_empty() {
            conv.remove_state(Self::AVAILABLE)?;
        }
        Ok(())
    }

    /// Publishes this unit's address and `port` to every connected unit.
    /// The write happens once, when the hook succeeds, and only if the
    /// settings changed.
    pub fn configure(&self, conv: &mut Conversation, port: u16) -> iface::Result<()> {
        let hostname = conv.unit_address()?;
        conv.set_remote(&HttpSettings { hostname, port })
    }
}
