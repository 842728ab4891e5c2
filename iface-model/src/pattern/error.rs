//! What can be wrong with a hook pattern, and how to say it.

use core::fmt;
use core::ops::Range;

use crate::hook::{RelationEvent, SecretEvent, StorageEvent, UnitEvent, WorkloadEvent};
use crate::role::UnknownRole;
use crate::suggest::did_you_mean;

/// One fault in a hook pattern, with the byte range of the pattern text it
/// concerns (the whole pattern when the fault is in an expanded hook name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    /// What is wrong.
    pub kind: PatternErrorKind,
    /// Where, as byte offsets into the pattern text.
    pub span: Range<usize>,
}

/// The kinds of fault a hook pattern can have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternErrorKind {
    /// The pattern is the empty string.
    Empty,
    /// `{` or `<` with no closing bracket.
    Unclosed {
        /// The opening bracket.
        open: char,
    },
    /// `}` or `>` with no opening bracket.
    Unopened {
        /// The closing bracket.
        close: char,
    },
    /// A group opened with one bracket and closed with the other kind.
    Mismatched {
        /// The opening bracket.
        open: char,
        /// The closing bracket.
        close: char,
    },
    /// A group inside a group, which charms.reactive never expanded.
    Nested {
        /// The outer group's text.
        group: String,
    },
    /// `{}`.
    EmptyGroup,
    /// `{a,,b}` or `{a,}`.
    EmptyAlternative {
        /// The group's text.
        group: String,
    },
    /// Whitespace, which Juju hook names never hold.
    Whitespace {
        /// The text around it.
        context: String,
    },
    /// A character Juju hook names never hold.
    InvalidChar {
        /// The character.
        found: char,
    },
    /// `{peer:http}`.
    UnknownRole(UnknownRole),
    /// `{provides:}` or `{provides:Http}`.
    BadInterface {
        /// The interface text as written.
        interface: String,
    },
    /// A `{role:interface}` group placed anywhere but at the start of a
    /// relation hook.
    MisplacedPlaceholder {
        /// The expanded hook.
        hook: String,
    },
    /// `<name>-relation-<event>` (or storage, pebble) with an unknown event.
    UnknownEvent {
        /// The expanded hook.
        hook: String,
        /// `relation`, `storage` or `pebble`.
        family: &'static str,
        /// The event as written.
        event: String,
    },
    /// `-relation-joined` with nothing before it.
    MissingName {
        /// The expanded hook.
        hook: String,
    },
    /// An expanded name that is no hook Juju sends.
    UnknownHook {
        /// The expanded hook.
        hook: String,
    },
    /// The pattern expands to the same hook twice.
    Duplicate {
        /// The repeated hook.
        hook: String,
    },
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.kind.fmt(f)
    }
}

impl std::error::Error for PatternError {}

fn hint(
    f: &mut fmt::Formatter<'_>,
    word: &str,
    candidates: impl IntoIterator<Item = &'static str>,
) -> fmt::Result {
    match did_you_mean(word, candidates) {
        Some(near) => write!(f, " (did you mean `{near}`?)"),
        None => Ok(()),
    }
}

fn one_of(f: &mut fmt::Formatter<'_>, names: impl Iterator<Item = &'static str>) -> fmt::Result {
    f.write_str("expected one of ")?;
    for (i, name) in names.enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "`{name}`")?;
    }
    Ok(())
}

impl fmt::Display for PatternErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PatternErrorKind::Empty => f.write_str("empty hook pattern; expected a hook name such as `install` or `{provides:http}-relation-joined`"),
            PatternErrorKind::Unclosed { open } => {
                write!(f, "unbalanced `{open}`: this group is never closed with `{}`", closer(*open))
            }
            PatternErrorKind::Unopened { close } => {
                write!(f, "unbalanced `{close}`: no group is open here")
            }
            PatternErrorKind::Mismatched { open, close } => write!(
                f,
                "group opened with `{open}` is closed with `{close}`; close it with `{}`",
                closer(*open)
            ),
            PatternErrorKind::Nested { group } => {
                write!(f, "nested group in `{group}`: groups cannot contain groups; write the alternatives side by side")
            }
            PatternErrorKind::EmptyGroup => f.write_str("empty group `{}`: write at least one alternative"),
            PatternErrorKind::EmptyAlternative { group } => {
                write!(f, "empty alternative in `{group}`: every alternative between commas needs text")
            }
            PatternErrorKind::Whitespace { context } => write!(
                f,
                "whitespace in `{context}`: hook names never contain spaces, so this would never match"
            ),
            PatternErrorKind::InvalidChar { found } => write!(
                f,
                "unexpected `{}` in hook pattern; hook names use lowercase letters, digits, `-` and `_`",
                found.escape_default()
            ),
            PatternErrorKind::UnknownRole(role) => write!(f, "{role}"),
            PatternErrorKind::BadInterface { interface } => write!(
                f,
                "invalid interface name `{interface}`: expected a lowercase letter, then lowercase letters, digits, `-` or `_`"
            ),
            PatternErrorKind::MisplacedPlaceholder { hook } => write!(
                f,
                "`{hook}`: a `{{role:interface}}` group stands for a relation name and must begin a `-relation-<event>` hook"
            ),
            PatternErrorKind::UnknownEvent { hook, family, event } => {
                write!(f, "unknown {family} hook `{hook}`: `{event}` is no {family} event; ")?;
                match *family {
                    "relation" => {
                        one_of(f, RelationEvent::names())?;
                        hint(f, event, RelationEvent::names())
                    }
                    "storage" => {
                        one_of(f, StorageEvent::names())?;
                        hint(f, event, StorageEvent::names())
                    }
                    _ => {
                        one_of(f, WorkloadEvent::names())?;
                        hint(f, event, WorkloadEvent::names())
                    }
                }
            }
            PatternErrorKind::MissingName { hook } => write!(f, "`{hook}` has no name before the event"),
            PatternErrorKind::UnknownHook { hook } => {
                write!(
                    f,
                    "unknown hook `{hook}`: expected a charm hook, `<relation>-relation-<event>`, `<storage>-storage-<event>` or `<container>-pebble-<event>`"
                )?;
                hint(f, hook, UnitEvent::names().chain(SecretEvent::names()))
            }
            PatternErrorKind::Duplicate { hook } => write!(f, "the pattern expands to `{hook}` more than once"),
        }
    }
}

/// The closing bracket for an opening one.
pub(crate) fn closer(open: char) -> char {
    if open == '<' { '>' } else { '}' }
}
