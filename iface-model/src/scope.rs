//! Communication scopes: how the remote units of a relation are grouped
//! into conversations (seed 000).

use core::fmt;

/// How remote units are grouped into conversations.
///
/// Not to be confused with a relation's Juju scope (`global` or
/// `container`), which decides which units can see each other at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// One conversation shared by every remote unit of every relation on
    /// the endpoint: static data broadcast to all.
    Global,
    /// One conversation per remote application (per relation id).
    Service,
    /// One conversation per remote unit; the default in charms.reactive.
    Unit,
}

impl Scope {
    /// Every scope, widest first.
    pub const ALL: [Scope; 3] = [Scope::Global, Scope::Service, Scope::Unit];

    /// The spelling used in `#[interface(scope = ...)]`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Scope::Global => "Global",
            Scope::Service => "Service",
            Scope::Unit => "Unit",
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
