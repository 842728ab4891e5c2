//! One relation of `provides`, `requires` or `peers`.

use core::fmt;

use serde_yaml_ng::Value;

use super::error::Sink;
use super::gets_sets::{SetDecl, read_gets, read_sets};
use super::location::{Entry, Location};
use super::value::describe;
use crate::did_you_mean;
use crate::role::Role;

/// Which units of the two applications see each other on a relation
/// (Juju's `scope`, not iface's conversation [`Scope`](crate::scope::Scope)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum RelationScope {
    /// Every unit sees every remote unit: `scope: global`, the default.
    #[default]
    Global,
    /// A unit sees only the remote unit in its own container (machine or
    /// pod): `scope: container`, as subordinate charms use.
    Container,
}

impl RelationScope {
    /// Every scope, in Juju's order.
    pub const ALL: [RelationScope; 2] = [RelationScope::Global, RelationScope::Container];

    /// The spelling in metadata: `global` or `container`.
    pub const fn as_str(self) -> &'static str {
        match self {
            RelationScope::Global => "global",
            RelationScope::Container => "container",
        }
    }
}

impl fmt::Display for RelationScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A relation endpoint as the charm's metadata declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationDecl {
    /// The relation name, the prefix of its hooks (`website`).
    pub name: String,
    /// The section it is declared in.
    pub role: Role,
    /// The interface name (`http`).
    pub interface: String,
    /// Juju's `scope`; [`RelationScope::Global`] when absent.
    pub scope: RelationScope,
    /// Juju's `limit`: how many relations the endpoint accepts at once;
    /// `None` when absent (no limit).
    pub limit: Option<u32>,
    /// Juju's `optional`; `false` when absent.
    pub optional: bool,
    /// The remote keys this charm needs (seed 002); empty when absent.
    pub gets: Vec<String>,
    /// The keys this charm writes (seed 002); empty when absent.
    pub sets: Vec<SetDecl>,
    /// Where the relation's name is written in the file. For a relation
    /// whose location cannot be told for sure this is line 0, column 0.
    pub location: Location,
}

/// The scope names, for messages and hints.
const SCOPES: [&str; 2] = ["global", "container"];

/// Reads the body of relation `name` declared under `role` at `entry`
/// (a map, or Juju's shorthand of the bare interface name).
pub(super) fn read_relation(
    name: &str,
    role: Role,
    body: &Value,
    entry: &Entry,
    sink: &mut Sink,
) -> Option<RelationDecl> {
    let location = sink
        .locate(&entry.key)
        .unwrap_or(Location { line: 0, column: 0 });
    let mut relation = RelationDecl {
        name: name.to_owned(),
        role,
        interface: String::new(),
        scope: RelationScope::Global,
        limit: None,
        optional: false,
        gets: Vec::new(),
        sets: Vec::new(),
        location,
    };
    let map = match body {
        // Juju's shorthand: `website: http` declares interface `http`.
        Value::String(_) => {
            relation.interface = read_interface(name, body, entry, sink)?;
            return Some(relation);
        }
        Value::Mapping(map) => map,
        other => {
            sink.error(
                entry.blame(other),
                format!(
                    "relation `{name}` must be a map with at least `interface` (or just the \
                     interface name); found {}",
                    describe(other)
                ),
            );
            return None;
        }
    };
    let mut interface = None;
    let mut ok = true;
    for (index, (key, value)) in map.iter().enumerate() {
        let field = Entry::of(&entry.value, index);
        match key.as_str() {
            Some("interface") => {
                interface = Some(read_interface(name, value, &field, sink));
            }
            Some("scope") => match read_scope(name, value, &field, sink) {
                Some(scope) => relation.scope = scope,
                None => ok = false,
            },
            Some("limit") => match read_limit(name, value, &field, sink) {
                Ok(limit) => relation.limit = limit,
                Err(()) => ok = false,
            },
            Some("optional") => match value {
                Value::Null => {}
                Value::Bool(optional) => relation.optional = *optional,
                other => {
                    sink.error(
                        field.blame(other),
                        format!(
                            "`optional` of relation `{name}` must be `true` or `false`; found {}",
                            describe(other)
                        ),
                    );
                    ok = false;
                }
            },
            Some("gets") => relation.gets = read_gets(name, value, &field, sink),
            Some("sets") => relation.sets = read_sets(name, value, &field, sink),
            _ => {}
        }
    }
    let Some(interface) = interface else {
        let hint = map
            .keys()
            .filter_map(Value::as_str)
            .find(|key| did_you_mean(key, ["interface"]).is_some())
            .map(|key| format!(" (`{key}` is not `interface`)"))
            .unwrap_or_default();
        sink.error(
            &entry.key,
            format!("relation `{name}` lacks `interface`{hint}"),
        );
        return None;
    };
    relation.interface = interface?;
    ok.then_some(relation)
}

fn read_interface(name: &str, value: &Value, entry: &Entry, sink: &mut Sink) -> Option<String> {
    match value {
        Value::String(interface) if !interface.is_empty() => Some(interface.clone()),
        other => {
            sink.error(
                entry.blame(other),
                format!(
                    "the interface of relation `{name}` must be a non-empty string, such as \
                     `http`; found {}",
                    describe(other)
                ),
            );
            None
        }
    }
}

fn read_scope(name: &str, value: &Value, entry: &Entry, sink: &mut Sink) -> Option<RelationScope> {
    let message = match value {
        Value::Null => return Some(RelationScope::Global),
        Value::String(word) => {
            if let Some(scope) = RelationScope::ALL.into_iter().find(|s| s.as_str() == word) {
                return Some(scope);
            }
            let hint = did_you_mean(word, SCOPES)
                .map(|hint| format!(" (did you mean `{hint}`?)"))
                .unwrap_or_default();
            format!(
                "unknown scope `{word}` for relation `{name}`; expected `global` or \
                 `container`{hint}"
            )
        }
        other => format!(
            "the scope of relation `{name}` must be `global` or `container`; found {}",
            describe(other)
        ),
    };
    sink.error(entry.blame(value), message);
    None
}

/// `Ok(None)` for no limit, `Ok(Some(n))` for a limit, `Err` after an
/// error.
fn read_limit(
    name: &str,
    value: &Value,
    entry: &Entry,
    sink: &mut Sink,
) -> Result<Option<u32>, ()> {
    match value {
        Value::Null => return Ok(None),
        Value::Number(number) => {
            let limit = number.as_u64().and_then(|n| u32::try_from(n).ok());
            if let Some(limit) = limit.filter(|&limit| limit > 0) {
                return Ok(Some(limit));
            }
        }
        _ => {}
    }
    sink.error(
        entry.blame(value),
        format!(
            "the limit of relation `{name}` must be a positive integer; found {}",
            describe(value)
        ),
    );
    Err(())
}
