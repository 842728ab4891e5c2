//! The side of a relation an endpoint is declared on in `metadata.yaml`.

use core::fmt;
use core::str::FromStr;

use crate::suggest::did_you_mean;

/// The metadata section an endpoint is declared in.
///
/// Hook patterns name roles by these section names (`{provides:http}`),
/// exactly as charms.reactive does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// `provides:` in metadata: this charm offers the interface.
    Provides,
    /// `requires:` in metadata: this charm consumes the interface.
    Requires,
    /// `peers:` in metadata: units of one application talk among themselves.
    Peers,
}

impl Role {
    /// Every role, in metadata order.
    pub const ALL: [Role; 3] = [Role::Provides, Role::Requires, Role::Peers];

    /// The metadata section name: `provides`, `requires` or `peers`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Provides => "provides",
            Role::Requires => "requires",
            Role::Peers => "peers",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A word that is not a role; its message lists the roles and, for a
/// near miss such as `peer`, suggests the intended one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownRole(pub String);

impl fmt::Display for UnknownRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown role `{}`; expected one of `provides`, `requires`, `peers`",
            self.0
        )?;
        if let Some(hint) = did_you_mean(&self.0, Role::ALL.map(Role::as_str)) {
            write!(f, " (did you mean `{hint}`?)")?;
        }
        Ok(())
    }
}

impl std::error::Error for UnknownRole {}

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == s)
            .ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::Role;

    #[test]
    fn parses_section_names_only() {
        assert_eq!("provides".parse(), Ok(Role::Provides));
        assert_eq!("peers".parse(), Ok(Role::Peers));
        let err = "peer".parse::<Role>().unwrap_err().to_string();
        assert_eq!(
            err,
            "unknown role `peer`; expected one of `provides`, `requires`, `peers` (did you mean `peers`?)"
        );
    }
}
