//! The `cluster` peer relation: what the server's units share. Settings
//! the whole application shares live in the peer relation's application
//! bag, written by the leader and read by every unit (Juju 4 has no
//! `leader-get`/`leader-set`; this is their replacement); each unit says
//! in its own bag what it serves.

use iface::prelude::*;

/// What the leader shares with every unit of the application.
#[iface::data(app, json)]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClusterSettings {
    /// The password generation: 0 until the first `rotate-password`, so
    /// that a later leader rotates on from where an earlier one was.
    #[serde(default)]
    pub generation: u32,
    /// Whether the operator paused the application (`pause`): every unit
    /// then closes its port.
    #[serde(default)]
    pub paused: bool,
}

/// What each unit tells its peers.
#[iface::data(unit)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The port it listens on.
    pub port: u16,
    /// Whether it takes clients now (its port is open).
    pub serving: bool,
}

/// The peer side of `mysql-cluster`: one GLOBAL conversation with every
/// other unit of the application; `{relation_name}.related` from the
/// relation's `-created` on, so that a lone unit has it too.
#[interface(
    name = "mysql-cluster",
    role = peers,
    scope = Global,
    flags(related),
    sets(ClusterSettings, Member),
    gets(ClusterSettings, Member)
)]
pub struct MysqlCluster;

#[hooks]
impl MysqlCluster {
    #[hook("{peers:mysql-cluster}-relation-{created,joined,changed}")]
    fn related(&self, conv: &mut Conversation) -> iface::Result<()> {
        conv.set_state(Self::RELATED)
    }

    /// What the leader shares, as committed (defaults before it shared
    /// anything). Every unit may read it.
    pub fn settings(&self, conv: &mut Conversation) -> iface::Result<ClusterSettings> {
        Ok(conv.receive::<ClusterSettings>()?.unwrap_or_default())
    }

    /// Shares `settings` with every unit; only the leader may
    /// ([`iface::Error::NotLeader`] elsewhere, before any tool runs).
    pub fn share(&self, conv: &mut Conversation, settings: ClusterSettings) -> iface::Result<()> {
        conv.send(&settings)
    }

    /// Tells the peers what this unit serves.
    pub fn announce(&self, conv: &mut Conversation, member: Member) -> iface::Result<()> {
        conv.send(&member)
    }

    /// What each peer unit said, by unit; a peer whose bag does not decode
    /// is left out (and logged by the caller's status count, not trusted).
    pub fn members(&self, conv: &mut Conversation) -> iface::Result<Vec<(String, Member)>> {
        Ok(conv
            .receive_each::<Member>()?
            .into_iter()
            .filter_map(|received| match received.value {
                Ok(Some(member)) => Some((received.sender, member)),
                _ => None,
            })
            .collect())
    }
}
