//! The client side: one conversation with the server.

use iface::prelude::*;
use iface::secret::{Revision, SecretRef};
use iface::version::Capability;

use crate::{Answer, Credentials, PASSWORD_KEY};

/// The client side of `mysql`: one GLOBAL conversation with the server.
#[interface(
    name = "mysql",
    role = requires,
    scope = Global,
    flags(connected, available),
    gets(Answer)
)]
pub struct MysqlRequires;

#[hooks]
impl MysqlRequires {
    /// `{relation_name}.connected` once a server unit joined;
    /// `{relation_name}.available` once the server application answered
    /// (a change of its application bag is a `-changed` with no remote
    /// unit, which any client unit may read).
    #[hook("{requires:mysql}-relation-{joined,changed}")]
    fn changed(&self, conv: &mut Conversation) -> iface::Result<()> {
        conv.set_state(Self::CONNECTED)?;
        let answered = conv.receive::<Answer>()?.is_some();
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

    /// The server's answer with the password read from the secret it
    /// names, at the revision this unit tracks (the latest on first read;
    /// after `secret-changed`, [`Revision::Refresh`] moves it on).
    pub fn credentials(&self, conv: &mut Conversation) -> iface::Result<Option<Credentials>> {
        let Some(answer) = conv.receive::<Answer>()? else {
            return Ok(None);
        };
        let session = conv.session();
        session.require(Capability::Secrets)?;
        let content = session
            .tools()
            .secret_get(SecretRef::Uri(&answer.secret_user), Revision::Tracked)?;
        let password = content.get(PASSWORD_KEY).ok_or_else(|| {
            iface::Error::msg(format!(
                "secret {} names no `{PASSWORD_KEY}`",
                answer.secret_user
            ))
        })?;
        Ok(Some(Credentials {
            host: answer.host,
            port: answer.port,
            database: answer.database,
            user: answer.user,
            password: password.to_owned(),
        }))
    }
}
