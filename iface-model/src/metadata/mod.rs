//! A charm's metadata: the relations, storage and containers its
//! `metadata.yaml` (or unified `charmcraft.yaml`) declares.
//!
//! [`parse`] reads the keys iface needs and ignores the rest, as Juju's
//! format keeps growing. Besides Juju's own keys it reads the `gets` and
//! `sets` documentation keys of seed 002, which Juju ignores. Every error is
//! reported at once, each with the line and column of the offending key or
//! value where the YAML parser can tell it (see [`Location`]).
//!
//! The checks are Juju's (relation names unique across sections, `scope`
//! one of `global` and `container`, reserved `juju`/`juju-*` names, a
//! subordinate charm needing a container-scoped `requires` relation) plus
//! iface's own (valid hook-name prefixes, a positive `limit`, well-formed
//! `gets`/`sets`). Juju's implicit `juju-info` relation is not added.

mod duplicate;
mod error;
mod gets_sets;
mod location;
mod parse;
mod relation;
mod section;
mod value;

pub use error::MetadataError;
pub use gets_sets::SetDecl;
pub use location::Location;
pub use parse::parse;
pub use relation::{RelationDecl, RelationScope};
pub use value::describe;

// What the config-file parser shares with this one: locating nodes and
// collecting located errors.
pub(crate) use error::Sink;
pub(crate) use location::{Entry, NodePath};
pub(crate) use parse::yaml_error;
pub(crate) use section::read as read_section;

use crate::role::Role;

/// What a charm's metadata declares, as far as interfaces care.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Metadata {
    /// The charm's name.
    pub name: String,
    /// Whether the charm is a subordinate (`subordinate: true`).
    pub subordinate: bool,
    /// Every relation: those under `provides`, then `requires`, then
    /// `peers`, each in file order.
    pub relations: Vec<RelationDecl>,
    /// The storage names, in file order.
    pub storage: Vec<String>,
    /// The workload container names, in file order.
    pub containers: Vec<String>,
}

impl Metadata {
    /// The relation called `name`, if the charm declares one.
    pub fn relation(&self, name: &str) -> Option<&RelationDecl> {
        self.relations.iter().find(|relation| relation.name == name)
    }

    /// The role and interface of the relation called `name`: the lookup
    /// [`HookSpec::matches`](crate::hook::HookSpec::matches) takes.
    pub fn endpoint_of(&self, name: &str) -> Option<(Role, &str)> {
        self.relation(name)
            .map(|relation| (relation.role, relation.interface.as_str()))
    }

    /// Every relation as `(name, role, interface)`, in [`Self::relations`]
    /// order: the list [`Pattern::hook_names`](crate::pattern::Pattern::hook_names)
    /// takes.
    pub fn endpoints(&self) -> Vec<(&str, Role, &str)> {
        self.relations
            .iter()
            .map(|relation| {
                (
                    relation.name.as_str(),
                    relation.role,
                    relation.interface.as_str(),
                )
            })
            .collect()
    }
}
