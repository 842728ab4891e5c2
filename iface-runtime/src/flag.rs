//! Flag names, as constants the compiler checks.

use core::fmt;
use std::borrow::Cow;

/// The placeholder an interface's flag templates use for the relation name.
pub const RELATION_NAME: &str = "{relation_name}";

/// A flag, or an interface's template for one.
///
/// Interfaces declare templates such as `{relation_name}.available`
/// (`#[interface(flags(available))]` makes `HttpProvides::AVAILABLE`). A
/// charm binds the interface to a relation, and the relation's handle type
/// carries the same constant bound to the relation name (`Website::AVAILABLE`
/// is `website.available`). Flags are constants, so a misspelt flag is a
/// compile error rather than a handler that never fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Flag {
    relation: Option<&'static str>,
    template: &'static str,
}

impl Flag {
    /// A flag, or a template holding `{relation_name}`.
    pub const fn new(template: &'static str) -> Flag {
        Flag {
            relation: None,
            template,
        }
    }

    /// A template bound to the relation `relation`.
    pub const fn bound(relation: &'static str, template: &'static str) -> Flag {
        Flag {
            relation: Some(relation),
            template,
        }
    }

    /// The template as written, placeholder included.
    pub const fn template(self) -> &'static str {
        self.template
    }

    /// The relation the flag is bound to, if any.
    pub const fn relation(self) -> Option<&'static str> {
        self.relation
    }

    /// The flag's name: the template with the bound relation filled in.
    ///
    /// ```
    /// use iface_runtime::flag::Flag;
    /// assert_eq!(Flag::bound("website", "{relation_name}.available").name(), "website.available");
    /// assert_eq!(Flag::new("ready").name(), "ready");
    /// ```
    pub fn name(self) -> Cow<'static, str> {
        match self.relation {
            Some(relation) => Cow::Owned(self.for_relation(relation)),
            None => Cow::Borrowed(self.template),
        }
    }

    /// The names of `flags`, in order.
    pub fn names(flags: &[Flag]) -> Vec<String> {
        flags.iter().map(|flag| flag.name().into_owned()).collect()
    }

    /// The template with `relation_name` filled in.
    ///
    /// ```
    /// use iface_runtime::flag::Flag;
    /// let available = Flag::new("{relation_name}.available");
    /// assert_eq!(available.for_relation("website"), "website.available");
    /// ```
    pub fn for_relation(self, relation_name: &str) -> String {
        self.template.replace(RELATION_NAME, relation_name)
    }
}

impl fmt::Display for Flag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

/// A conversation fills in its own relation name, so it takes the template.
impl AsRef<str> for Flag {
    fn as_ref(&self) -> &str {
        self.template
    }
}
