//! Which databag of a relation a data type lives in.

use core::fmt;

/// The databag that holds a relation-data type: each unit's own, or the
/// one its application shares.
///
/// Per-unit data (an address, a unit's own request) goes in the unit bag,
/// which every unit writes for itself. Data the whole application shares
/// (the certificates a CA issued, credentials) goes in the application
/// bag, which only the leader may write: Juju refuses a non-leader's
/// `relation-set --app`, so iface refuses it first, with
/// [`Error::NotLeader`](crate::Error::NotLeader).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Databag {
    /// Each unit's own bag (`relation-set`): today's default.
    #[default]
    Unit,
    /// The application's bag (`relation-set --app`), written by the leader.
    App,
}

impl Databag {
    /// `unit` or `app`, as `#[iface::data(app)]` and `describe` spell it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Databag::Unit => "unit",
            Databag::App => "app",
        }
    }

    /// Whether this is the application bag: the `--app` of the relation
    /// tools.
    pub const fn is_app(self) -> bool {
        matches!(self, Databag::App)
    }
}

impl fmt::Display for Databag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Databag::Unit => "unit bag",
            Databag::App => "application bag",
        })
    }
}
