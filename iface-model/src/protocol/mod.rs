//! Whether two charms can complete the protocol of a relation between
//! them, from what each documents with `gets` and `sets` (seed 002).
//!
//! Each side writes a key once every remote key it waits for (`- P: [X,
//! Y]`) has been written, and functions once every key it `gets` has been
//! written. [`check`] plays the handshake forward to its fixpoint: what
//! gets written, in which order, and whether both sides end up with what
//! they need. When they do not, it says why: keys a side gets that the
//! other never sets, and keys that wait on each other forever.

mod report;

use std::collections::BTreeSet;

pub use self::report::{Blocked, Report, Step, Verdict};
use crate::metadata::{Metadata, RelationDecl};
use crate::role::Role;

/// One end of the relation: a charm and its endpoint.
#[derive(Debug, Clone, Copy)]
pub struct End<'a> {
    /// The charm's metadata.
    pub charm: &'a Metadata,
    /// The endpoint's declaration in it.
    pub relation: &'a RelationDecl,
}

impl End<'_> {
    /// `charm:relation`.
    pub fn label(&self) -> String {
        format!("{}:{}", self.charm.name, self.relation.name)
    }
}

/// Why two endpoints cannot be related at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mismatch {
    /// The interfaces differ.
    Interface {
        /// The first end's interface.
        a: String,
        /// The second end's interface.
        b: String,
    },
    /// The roles do not complement each other (provides with requires, or
    /// peers with peers).
    Roles {
        /// The first end's role.
        a: Role,
        /// The second end's role.
        b: Role,
    },
}

impl core::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Mismatch::Interface { a, b } => write!(f, "the interfaces differ: `{a}` and `{b}`"),
            Mismatch::Roles { a, b } => write!(
                f,
                "{a} cannot relate to {b}: a relation joins provides with requires, or peers with peers"
            ),
        }
    }
}

/// Whether the endpoints can be related: same interface, complementary roles.
pub fn relatable(a: End<'_>, b: End<'_>) -> Result<(), Mismatch> {
    if a.relation.interface != b.relation.interface {
        return Err(Mismatch::Interface {
            a: a.relation.interface.clone(),
            b: b.relation.interface.clone(),
        });
    }
    let complementary = matches!(
        (a.relation.role, b.relation.role),
        (Role::Provides, Role::Requires)
            | (Role::Requires, Role::Provides)
            | (Role::Peers, Role::Peers)
    );
    if complementary {
        Ok(())
    } else {
        Err(Mismatch::Roles {
            a: a.relation.role,
            b: b.relation.role,
        })
    }
}

/// Plays the documented handshake between `a` and `b` to its fixpoint.
///
/// ```
/// use iface_model::metadata::parse;
/// use iface_model::protocol::{End, check};
///
/// let django = parse("name: django\nprovides:\n  website: {interface: http, sets: [host, port]}\n").unwrap();
/// let haproxy = parse("name: haproxy\nrequires:\n  proxy: {interface: http, gets: [host, port]}\n").unwrap();
/// let report = check(
///     End { charm: &django, relation: &django.relations[0] },
///     End { charm: &haproxy, relation: &haproxy.relations[0] },
/// );
/// assert!(report.compatible());
/// ```
pub fn check(a: End<'_>, b: End<'_>) -> Report {
    if let Err(mismatch) = relatable(a, b) {
        return Report::mismatch(a.label(), b.label(), mismatch);
    }
    let ends = [a, b];
    let mut written: [BTreeSet<&str>; 2] = [BTreeSet::new(), BTreeSet::new()];
    let mut steps = Vec::new();
    // Each round, each side writes every key whose prerequisites the other
    // side has written by the end of the previous round.
    loop {
        let before = [written[0].clone(), written[1].clone()];
        for side in 0..2 {
            let other = 1 - side;
            for set in &ends[side].relation.sets {
                if !written[side].contains(set.key.as_str())
                    && set
                        .after
                        .iter()
                        .all(|key| before[other].contains(key.as_str()))
                {
                    written[side].insert(&set.key);
                    steps.push(Step {
                        side: ends[side].label(),
                        key: set.key.clone(),
                        after: set.after.clone(),
                    });
                }
            }
        }
        if written == before {
            break;
        }
    }
    let mut unset = Vec::new();
    let mut blocked = Vec::new();
    for side in 0..2 {
        let other = 1 - side;
        for key in &ends[side].relation.gets {
            if written[other].contains(key.as_str()) {
                continue;
            }
            match ends[other].relation.sets.iter().find(|set| &set.key == key) {
                None => unset.push((ends[side].label(), key.clone(), ends[other].label())),
                Some(set) => blocked.push(Blocked {
                    side: ends[other].label(),
                    key: key.clone(),
                    waits_for: set
                        .after
                        .iter()
                        .filter(|k| !written[side].contains(k.as_str()))
                        .cloned()
                        .collect(),
                }),
            }
        }
    }
    Report::played(a.label(), b.label(), steps, unset, blocked)
}

#[cfg(test)]
mod tests;
