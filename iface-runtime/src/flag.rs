//! Flag names, as constants the compiler checks.

use core::fmt;

/// The placeholder an interface's flag templates use for the relation name.
pub const RELATION_NAME: &str = "{relation_name}";

/// A flag name, or an interface's template for one.
///
/// Interfaces declare templates such as `{relation_name}.available`
/// (`#[interface(flags(available))]` makes `HttpProvides::AVAILABLE`); a
/// charm binds the interface to a relation, which makes the concrete flag
/// (`website.available`). Flags are constants, so a misspelt flag is a
/// compile error rather than a handler that never fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Flag(&'static str);

impl Flag {
    /// A flag, or a template holding `{relation_name}`.
    pub const fn new(name: &'static str) -> Flag {
        Flag(name)
    }

    /// The name as written, placeholder included.
    pub const fn as_str(self) -> &'static str {
        self.0
    }

    /// The concrete flag name for the relation `relation_name`.
    ///
    /// ```
    /// use iface_runtime::flag::Flag;
    /// let available = Flag::new("{relation_name}.available");
    /// assert_eq!(available.for_relation("website"), "website.available");
    /// assert_eq!(Flag::new("ready").for_relation("website"), "ready");
    /// ```
    pub fn for_relation(self, relation_name: &str) -> String {
        self.0.replace(RELATION_NAME, relation_name)
    }
}

impl fmt::Display for Flag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl AsRef<str> for Flag {
    fn as_ref(&self) -> &str {
        self.0
    }
}
