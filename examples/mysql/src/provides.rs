//! The server side: one conversation per client application, answered by
//! the leader in the application bag.

use iface::prelude::*;
use iface::secret::SecretOwner;
use iface::version::Capability;

use crate::{Answer, PASSWORD_KEY, USERNAME_KEY, password_for};

/// The server side of `mysql`: a SERVICE conversation per client
/// application, so every unit of one client shares one database, one user
/// and one secret.
#[interface(
    name = "mysql",
    role = provides,
    scope = Service,
    flags("database.requested"),
    sets(Answer)
)]
pub struct MysqlProvides;

/// The secret content for `user` with `password`.
fn credentials(user: &str, password: String) -> iface::Result<SecretContent> {
    SecretContent::new([(USERNAME_KEY, user.to_owned()), (PASSWORD_KEY, password)])
        .map_err(|e| iface::Error::msg(format!("the credentials of `{user}`: {e}")))
}

/// What this application answered on the conversation's relation so far
/// (only the leader may read it: [`iface::Error::NotLeader`] elsewhere).
fn answered(conv: &mut Conversation) -> iface::Result<Option<Answer>> {
    Ok(conv
        .published::<Answer>()?
        .into_iter()
        .find_map(|(_, answer)| answer))
}

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

    /// Answers the client application, on the leader: its database, a user
    /// named after the application, this unit's address and `port`. The
    /// password goes in an application-owned secret, made on the first
    /// answer with password generation `generation` and granted on the
    /// relation; later answers (a new port, a new leader's address) keep
    /// the secret the bag names. Writes only what changed.
    pub fn provide(
        &self,
        conv: &mut Conversation,
        port: u16,
        generation: u32,
    ) -> iface::Result<()> {
        let Some(database) = conv.get_remote_value::<String>("database")? else {
            return Ok(());
        };
        let user = conv.state().scope.clone();
        let secret_user = if let Some(previous) = answered(conv)? {
            previous.secret_user
        } else {
            let server = conv.session().context().app().to_owned();
            let content = credentials(&user, password_for(&server, &user, generation))?;
            let meta = SecretMeta {
                owner: SecretOwner::Application,
                description: Some(format!("the mysql credentials of {user}")),
                ..SecretMeta::default()
            };
            let session = conv.session();
            session.require(Capability::Secrets)?;
            let uri = session.tools().secret_add(&content, &meta)?;
            conv.grant_secret(&uri)?;
            uri
        };
        let host = conv.unit_address()?;
        conv.send(&Answer {
            host,
            port,
            database,
            user,
            secret_user,
        })
    }

    /// Sets the password of the client application's user to the one of
    /// password generation `generation`, as a new revision of its secret
    /// (the client units get `secret-changed`). Returns the user, or
    /// `None` before the first answer. Only the leader may
    /// ([`iface::Error::NotLeader`] elsewhere, before any tool runs).
    pub fn rotate(
        &self,
        conv: &mut Conversation,
        generation: u32,
    ) -> iface::Result<Option<String>> {
        let Some(answer) = answered(conv)? else {
            return Ok(None);
        };
        let server = conv.session().context().app().to_owned();
        let content = credentials(
            &answer.user,
            password_for(&server, &answer.user, generation),
        )?;
        let session = conv.session();
        session.require(Capability::Secrets)?;
        session
            .tools()
            .secret_set(&answer.secret_user, Some(&content), &SecretMeta::default())?;
        Ok(Some(answer.user))
    }
}
