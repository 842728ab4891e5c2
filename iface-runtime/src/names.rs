//! The names Juju gives things a hook hears about: relation ids
//! (`website:7`), unit names (`haproxy/0`) and application names.
//!
//! Each parses once, with Juju's rules, into a type that can only hold a
//! valid value; a malformed one is an error that quotes it.

use std::fmt;
use std::str::FromStr;

/// A relation id as the hook tools print it: `endpoint:number`.
///
/// Juju identifies a relation by the number alone; the endpoint name is for
/// humans (`relation-get -r x:7` and `-r 7` reach the same relation). This
/// type keeps both because every source that hands one out
/// (`relation-ids`, `JUJU_RELATION_ID`) gives both. Parsing follows Juju:
/// everything up to the **last** `:` is the name, the rest must be a decimal
/// integer. A bare number (`"7"`) has no name, so [`FromStr`] rejects it with
/// [`RelationIdErrorKind::MissingEndpoint`]; use [`RelationId::parse_number`]
/// where a bare number is acceptable, or [`RelationId::new`] once the
/// endpoint is known from elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RelationId {
    /// The local endpoint (relation) name, e.g. `website`.
    pub endpoint: String,
    /// The relation number Juju uses as the identity, e.g. `7`.
    pub number: u32,
}

impl RelationId {
    /// A relation id from its parts.
    pub fn new(endpoint: impl Into<String>, number: u32) -> Self {
        Self {
            endpoint: endpoint.into(),
            number,
        }
    }

    /// The relation number of `"name:7"` or `"7"`, parsed the way Juju's `-r`
    /// flag does: everything up to the last `:` is ignored.
    pub fn parse_number(s: &str) -> Result<u32, RelationIdError> {
        let digits = s.rsplit_once(':').map_or(s, |(_, n)| n);
        parse_decimal(digits).ok_or_else(|| RelationIdError {
            input: s.to_owned(),
            kind: RelationIdErrorKind::InvalidNumber,
        })
    }
}

/// Parses a non-empty run of ASCII digits that fits in a `u32`.
fn parse_decimal(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

impl FromStr for RelationId {
    type Err = RelationIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let number = Self::parse_number(s)?;
        match s.rsplit_once(':') {
            Some((endpoint, _)) if !endpoint.is_empty() => Ok(Self::new(endpoint, number)),
            _ => Err(RelationIdError {
                input: s.to_owned(),
                kind: RelationIdErrorKind::MissingEndpoint,
            }),
        }
    }
}

impl fmt::Display for RelationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.endpoint, self.number)
    }
}

/// Why a string is not a [`RelationId`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationIdError {
    /// The string that failed to parse.
    pub input: String,
    /// What is wrong with it.
    pub kind: RelationIdErrorKind,
}

/// The ways a relation id can be malformed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelationIdErrorKind {
    /// The part after the last `:` is not a decimal `u32`.
    InvalidNumber,
    /// There is no endpoint name before the number (`"7"` or `":7"`).
    MissingEndpoint,
}

impl fmt::Display for RelationIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            RelationIdErrorKind::InvalidNumber => {
                write!(
                    f,
                    "invalid relation id {:?}: expected name:number",
                    self.input
                )
            }
            RelationIdErrorKind::MissingEndpoint => write!(
                f,
                "invalid relation id {:?}: no endpoint name before the number",
                self.input
            ),
        }
    }
}

impl std::error::Error for RelationIdError {}

/// Whether `name` is a valid Juju application name: lowercase ASCII letters,
/// digits and `-`, starting with a letter, where every `-`-separated part
/// after the first holds at least one letter (so `app-2` is not valid, since
/// `app-2/0` would be ambiguous with unit numbers in older Juju).
pub fn is_valid_application_name(name: &str) -> bool {
    let mut parts = name.split('-');
    let Some(first) = parts.next() else {
        return false;
    };
    let lower_alnum = |p: &str| {
        p.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    };
    first.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && lower_alnum(first)
        && parts.all(|p| lower_alnum(p) && p.bytes().any(|b| b.is_ascii_lowercase()))
}

/// A unit name, `app/N`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnitName {
    app: String,
    number: u32,
}

impl UnitName {
    /// The application part, `app` of `app/N`.
    pub fn app(&self) -> &str {
        &self.app
    }

    /// The unit number, `N` of `app/N`.
    pub fn number(&self) -> u32 {
        self.number
    }
}

impl FromStr for UnitName {
    type Err = UnitNameError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || UnitNameError {
            input: s.to_owned(),
        };
        let (app, number) = s.split_once('/').ok_or_else(bad)?;
        if !is_valid_application_name(app) {
            return Err(bad());
        }
        // Juju writes unit numbers without leading zeros; `app/01` is not a
        // unit Juju could name, and would not round-trip through Display.
        if number.len() > 1 && number.starts_with('0') {
            return Err(bad());
        }
        let number = parse_decimal(number).ok_or_else(bad)?;
        Ok(Self {
            app: app.to_owned(),
            number,
        })
    }
}

impl fmt::Display for UnitName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.app, self.number)
    }
}

/// A string that is not a valid `app/N` unit name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitNameError {
    /// The string that failed to parse.
    pub input: String,
}

impl fmt::Display for UnitNameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid unit name {:?}: expected app/N", self.input)
    }
}

impl std::error::Error for UnitNameError {}
