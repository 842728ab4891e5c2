//! Reading a whole `metadata.yaml` or `charmcraft.yaml`.

use std::collections::HashMap;

use serde_yaml_ng::{Mapping, Value};

use super::Metadata;
use super::duplicate::find_duplicate;
use super::error::{MetadataError, Sink};
use super::location::{Entry, Location, NodePath};
use super::relation::{RelationDecl, RelationScope, read_relation};
use super::value::describe;
use crate::hook::is_name;
use crate::role::Role;

/// Parses the text of a charm's `metadata.yaml`, or of a unified
/// `charmcraft.yaml`, which carries the same keys at its top level.
///
/// Reads `name`, `subordinate`, `provides`, `requires`, `peers`, `storage`
/// and `containers`, and ignores every other key (Juju owns the format).
/// A relation may be a map or, as Juju allows, just its interface name
/// (`website: http`). On failure it returns every problem found, in file
/// order within each section, each located where it can be.
///
/// ```
/// use iface_model::metadata::{parse, RelationScope};
/// use iface_model::role::Role;
///
/// let metadata = parse(
///     "name: python-django\n\
///      provides:\n  website:\n    interface: http\n    sets: [host, port]\n",
/// )
/// .unwrap();
/// assert_eq!(metadata.endpoint_of("website"), Some((Role::Provides, "http")));
/// let website = metadata.relation("website").unwrap();
/// assert_eq!(website.scope, RelationScope::Global);
/// assert_eq!((website.location.line, website.location.column), (3, 3));
///
/// let errors = parse("name: x\nrequires:\n  db:\n    interface: mysql\n    scope: contianer\n")
///     .unwrap_err();
/// assert_eq!(
///     errors[0].to_string(),
///     "5:12: unknown scope `contianer` for relation `db`; expected `global` or `container` \
///      (did you mean `container`?)"
/// );
/// ```
pub fn parse(text: &str) -> Result<Metadata, Vec<MetadataError>> {
    let root: Value = match serde_yaml_ng::from_str(text) {
        Ok(root) => root,
        Err(error) => return Err(vec![yaml_error(text, &error)]),
    };
    let mut sink = Sink::new(text);
    let metadata = read_metadata(&root, &mut sink);
    if sink.errors.is_empty() {
        Ok(metadata)
    } else {
        Err(sink.errors)
    }
}

/// The error for text `serde_yaml_ng` refuses, located at the repeated key
/// when the problem is a duplicate key (`serde_yaml_ng` points at the map).
pub(crate) fn yaml_error(text: &str, error: &serde_yaml_ng::Error) -> MetadataError {
    if error.to_string().contains("duplicate entry") {
        find_duplicate(text).unwrap_or_else(|| MetadataError {
            location: None,
            ..MetadataError::from_yaml(error)
        })
    } else {
        MetadataError::from_yaml(error)
    }
}

/// The top-level keys read, each with its entry index.
#[derive(Default)]
struct TopLevel<'v> {
    name: Option<(usize, &'v Value)>,
    subordinate: Option<(usize, &'v Value)>,
    sections: [Option<(usize, &'v Value)>; 3],
    storage: Option<(usize, &'v Value)>,
    containers: Option<(usize, &'v Value)>,
}

impl<'v> TopLevel<'v> {
    fn of(map: &'v Mapping) -> Self {
        let mut top = TopLevel::default();
        for (index, (key, value)) in map.iter().enumerate() {
            let slot = match key.as_str() {
                Some("name") => &mut top.name,
                Some("subordinate") => &mut top.subordinate,
                Some("provides") => &mut top.sections[0],
                Some("requires") => &mut top.sections[1],
                Some("peers") => &mut top.sections[2],
                Some("storage") => &mut top.storage,
                Some("containers") => &mut top.containers,
                _ => continue,
            };
            *slot = Some((index, value));
        }
        top
    }
}

fn read_metadata(root: &Value, sink: &mut Sink) -> Metadata {
    let mut metadata = Metadata::default();
    let Value::Mapping(map) = root else {
        let location = if root.is_null() {
            None
        } else {
            sink.locate(&NodePath::root())
        };
        sink.error_at(
            location,
            format!(
                "the charm metadata must be a map with keys such as `name` and `provides`; found {}",
                describe(root)
            ),
        );
        return metadata;
    };
    let top = TopLevel::of(map);
    let root = NodePath::root();

    match top.name {
        Some((_, Value::String(name))) if !name.is_empty() => metadata.name.clone_from(name),
        Some((index, value)) => sink.error(
            Entry::of(&root, index).blame(value),
            format!(
                "`name` must be the charm's name, a non-empty string; found {}",
                describe(value)
            ),
        ),
        None => sink.error_at(
            None,
            "missing `name`: the charm metadata must name the charm",
        ),
    }
    match top.subordinate {
        None | Some((_, Value::Null)) => {}
        Some((_, Value::Bool(subordinate))) => metadata.subordinate = *subordinate,
        Some((index, value)) => sink.error(
            &Entry::of(&root, index).value,
            format!(
                "`subordinate` must be `true` or `false`; found {}",
                describe(value)
            ),
        ),
    }

    let errors_before = sink.errors.len();
    let mut seen = Seen::new();
    let mut relations = Vec::new();
    for (role, section) in Role::ALL.into_iter().zip(top.sections) {
        if let Some((index, value)) = section {
            let entry = Entry::of(&root, index);
            read_section(
                role,
                value,
                &entry,
                &metadata,
                &mut seen,
                &mut relations,
                sink,
            );
        }
    }
    metadata.relations = relations;

    if metadata.subordinate && sink.errors.len() == errors_before {
        check_subordinate(&metadata, top.subordinate.map(|(index, _)| index), sink);
    }
    if let Some((index, value)) = top.storage {
        metadata.storage = read_names("storage", "storage", value, &Entry::of(&root, index), sink);
    }
    if let Some((index, value)) = top.containers {
        metadata.containers = read_names(
            "containers",
            "container",
            value,
            &Entry::of(&root, index),
            sink,
        );
    }
    metadata
}

/// The relation names declared so far: where, and under which role.
type Seen = HashMap<String, (Role, Option<Location>)>;

/// Reads the relations of the `role` section at `entry` into `relations`.
fn read_section(
    role: Role,
    value: &Value,
    entry: &Entry,
    metadata: &Metadata,
    seen: &mut Seen,
    relations: &mut Vec<RelationDecl>,
    sink: &mut Sink,
) {
    let map = match value {
        Value::Null => return,
        Value::Mapping(map) => map,
        other => {
            sink.error(
                &entry.value,
                format!(
                    "`{role}` must be a map from relation names to relations; found {}",
                    describe(other)
                ),
            );
            return;
        }
    };
    for (index, (key, body)) in map.iter().enumerate() {
        let relation_entry = Entry::of(&entry.value, index);
        let Some((name, valid)) = relation_name(role, key, &relation_entry, sink) else {
            continue;
        };
        // Read even a misnamed relation, to report what else is wrong.
        let relation = read_relation(name, role, body, &relation_entry, sink);
        if !valid {
            continue;
        }
        if let Some((first_role, first_at)) = seen.get(name) {
            let first_at = first_at.map(|at| format!(" at {at}")).unwrap_or_default();
            sink.error(
                &relation_entry.key,
                format!(
                    "relation `{name}` is declared twice, under `{first_role}`{first_at} and \
                     under `{role}`; relation names must be unique across `provides`, \
                     `requires` and `peers`"
                ),
            );
            continue;
        }
        let location = match &relation {
            Some(relation) => Some(relation.location).filter(|at| at.line > 0),
            None => sink.locate(&relation_entry.key),
        };
        seen.insert(name.to_owned(), (role, location));
        if let Some(relation) = relation {
            check_reserved(&relation, metadata, &relation_entry, sink);
            relations.push(relation);
        }
    }
}

/// The relation name of a section key, and whether it is a valid one;
/// `None` for a key that is not a string.
fn relation_name<'v>(
    role: Role,
    key: &'v Value,
    entry: &Entry,
    sink: &mut Sink,
) -> Option<(&'v str, bool)> {
    let name = match key.as_str() {
        Some(name) if is_name(name) => return Some((name, true)),
        Some(name) => name,
        None => {
            sink.error(
                &entry.key,
                format!(
                    "relation names under `{role}` must be strings; found {}",
                    describe(key)
                ),
            );
            return None;
        }
    };
    let message = match name {
        "<<" => {
            sink.error(
                &entry.key,
                format!(
                    "YAML merge keys (`<<`) are not supported under `{role}`; write each \
                     relation out"
                ),
            );
            return None;
        }
        "" => format!("empty relation name under `{role}`"),
        _ => format!(
            "invalid relation name `{name}` under `{role}`: expected a lowercase letter \
             followed by lowercase letters, digits, `-` or `_`"
        ),
    };
    sink.error(&entry.key, message);
    Some((name, false))
}

/// Juju reserves the relation name `juju` and the `juju-` prefix (for its
/// implicit `juju-info` relation and the like), for relation names and for
/// the interfaces a charm provides or peers on. Charms named `juju-*` are
/// exempt, and so are the container-scoped `requires` relations of a
/// subordinate charm (which attach to a principal's `juju-info`).
fn check_reserved(relation: &RelationDecl, metadata: &Metadata, entry: &Entry, sink: &mut Sink) {
    let reserved = |word: &str| word == "juju" || word.starts_with("juju-");
    if metadata.name.starts_with("juju-") {
        return;
    }
    let subordinate_attachment = metadata.subordinate
        && relation.role == Role::Requires
        && relation.scope == RelationScope::Container;
    if reserved(&relation.name) && !subordinate_attachment {
        sink.error(
            &entry.key,
            format!(
                "relation name `{}` is reserved by Juju (`juju` and `juju-*` are, except for the \
                 container-scoped `requires` of a subordinate charm)",
                relation.name
            ),
        );
    }
    if reserved(&relation.interface) && relation.role != Role::Requires {
        sink.error_at(
            Some(relation.location).filter(|at| at.line > 0),
            format!(
                "interface `{}` of relation `{}` is reserved by Juju; only `requires` may use \
                 `juju` and `juju-*` interfaces",
                relation.interface, relation.name
            ),
        );
    }
}

/// Juju refuses a subordinate charm with no way to attach to a principal.
fn check_subordinate(metadata: &Metadata, subordinate_index: Option<usize>, sink: &mut Sink) {
    let attaches = metadata
        .relations
        .iter()
        .any(|r| r.role == Role::Requires && r.scope == RelationScope::Container);
    if !attaches {
        let location =
            subordinate_index.and_then(|index| sink.locate(&NodePath::root().value(index)));
        sink.error_at(
            location,
            "a subordinate charm needs a `requires` relation with `scope: container` to attach \
             to its principal",
        );
    }
}

/// The names of the `storage` or `containers` map at `entry`.
fn read_names(
    section: &str,
    what: &str,
    value: &Value,
    entry: &Entry,
    sink: &mut Sink,
) -> Vec<String> {
    let map = match value {
        Value::Null => return Vec::new(),
        Value::Mapping(map) => map,
        other => {
            sink.error(
                &entry.value,
                format!(
                    "`{section}` must be a map from {what} names to their definitions; found {}",
                    describe(other)
                ),
            );
            return Vec::new();
        }
    };
    let mut names = Vec::new();
    for (index, key) in map.keys().enumerate() {
        let message = match key.as_str() {
            Some(name) if is_name(name) => {
                names.push(name.to_owned());
                continue;
            }
            Some("") => format!("empty {what} name under `{section}`"),
            Some(name) => format!(
                "invalid {what} name `{name}` under `{section}`: expected a lowercase letter \
                 followed by lowercase letters, digits, `-` or `_`"
            ),
            None => format!(
                "{what} names under `{section}` must be strings; found {}",
                describe(key)
            ),
        };
        sink.error(&entry.value.key(index), message);
    }
    names
}
