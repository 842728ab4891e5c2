//! `interface.yaml`: an interface crate's own description (seed 000:
//! `name`, `summary`, `version`, `repo`), plus, per role, the `sets` and
//! `gets` it documents, in the forms of seed 002.
//!
//! ```yaml
//! name: http
//! summary: Basic HTTP interface
//! version: 1
//! provides:
//!   sets: [hostname, port]
//! requires:
//!   gets: [hostname, port]
//! ```

use serde_yaml_ng::{Mapping, Value};

use crate::metadata::{self, Location, MetadataError, SetDecl};
use crate::role::Role;

/// What an `interface.yaml` says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InterfaceFile {
    /// The interface name; must match `#[interface(name = ...)]`.
    pub name: String,
    /// A one-line summary.
    pub summary: Option<String>,
    /// The documented keys of each role that has a section.
    pub roles: Vec<(Role, DocumentedKeys)>,
}

/// The keys one side of the interface documents.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DocumentedKeys {
    /// Keys it writes, each with the remote keys it waits for.
    pub sets: Vec<SetDecl>,
    /// Keys it needs from the remote side.
    pub gets: Vec<String>,
}

impl InterfaceFile {
    /// The keys documented for `role`, if the file has a section for it.
    pub fn role(&self, role: Role) -> Option<&DocumentedKeys> {
        self.roles
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, keys)| keys)
    }
}

fn fault(message: String, location: Option<Location>) -> MetadataError {
    MetadataError { message, location }
}

/// Parses `interface.yaml`, reporting every fault.
///
/// ```
/// use iface_model::interface_file::parse;
/// use iface_model::role::Role;
/// let file = parse("name: http\nprovides:\n  sets: [hostname, port]\n").unwrap();
/// assert_eq!(file.name, "http");
/// assert_eq!(file.role(Role::Provides).unwrap().sets[1].key, "port");
/// ```
pub fn parse(text: &str) -> Result<InterfaceFile, Vec<MetadataError>> {
    let value: Value = serde_yaml_ng::from_str(text).map_err(|error| {
        let location = error.location().map(|l| Location {
            line: l.line(),
            column: l.column(),
        });
        vec![fault(format!("invalid YAML: {error}"), location)]
    })?;
    let Value::Mapping(top) = value else {
        return Err(vec![fault(
            "interface.yaml must be a map with at least `name`".into(),
            None,
        )]);
    };
    let mut errors = Vec::new();
    let name = match top.get("name") {
        Some(Value::String(name)) if crate::hook::is_name(name) => name.clone(),
        Some(other) => {
            errors.push(fault(
                format!("`name` must be an interface name, not {other:?}"),
                None,
            ));
            String::new()
        }
        None => {
            errors.push(fault("`name` is missing".into(), None));
            String::new()
        }
    };
    let summary = top
        .get("summary")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let mut roles = Vec::new();
    for role in Role::ALL {
        match top.get(role.as_str()) {
            None | Some(Value::Null) => {}
            Some(Value::Mapping(section)) => match keys_of(role, section) {
                Ok(keys) => roles.push((role, keys)),
                Err(faults) => errors.extend(faults),
            },
            Some(_) => errors.push(fault(
                format!("`{role}` must be a map with `sets` and/or `gets`"),
                None,
            )),
        }
    }
    if errors.is_empty() {
        Ok(InterfaceFile {
            name,
            summary,
            roles,
        })
    } else {
        Err(errors)
    }
}

/// Reads one role's `sets`/`gets` with the metadata parser's rules, by
/// handing it the section as a relation of a one-relation charm.
fn keys_of(role: Role, section: &Mapping) -> Result<DocumentedKeys, Vec<MetadataError>> {
    let mut relation = Mapping::new();
    relation.insert("interface".into(), "documented".into());
    for key in ["sets", "gets"] {
        if let Some(value) = section.get(key) {
            relation.insert(key.into(), value.clone());
        }
    }
    let mut endpoints = Mapping::new();
    endpoints.insert(role.as_str().into(), Value::Mapping(relation));
    let mut charm = Mapping::new();
    charm.insert("name".into(), "documented".into());
    charm.insert(role.as_str().into(), Value::Mapping(endpoints));
    let text = serde_yaml_ng::to_string(&Value::Mapping(charm))
        .map_err(|e| vec![fault(e.to_string(), None)])?;
    match metadata::parse(&text) {
        Ok(parsed) => {
            let relation = &parsed.relations[0];
            Ok(DocumentedKeys {
                sets: relation.sets.clone(),
                gets: relation.gets.clone(),
            })
        }
        // The locations point into the rebuilt text, so only the message
        // (which names the key) is kept.
        Err(faults) => Err(faults
            .into_iter()
            .map(|f| {
                fault(
                    format!("`{role}`: {}", f.message.replace("relation `", "section `")),
                    None,
                )
            })
            .collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_forms_per_role() {
        let file = parse(
            "name: ab\nsummary: handshake\nversion: 1\nrepo: x\nprovides:\n  sets: [X, Y, {Z: [P, Q]}]\n  gets: [P, Q]\nrequires:\n  sets:\n  - P: [X, Y]\n  gets: [X, Y, Z]\n",
        )
        .unwrap();
        assert_eq!(file.summary.as_deref(), Some("handshake"));
        let provides = file.role(Role::Provides).unwrap();
        assert_eq!(
            provides.sets[2],
            SetDecl {
                key: "Z".into(),
                after: vec!["P".into(), "Q".into()],
                ..SetDecl::default()
            }
        );
        assert_eq!(file.role(Role::Requires).unwrap().gets, ["X", "Y", "Z"]);
        assert!(file.role(Role::Peers).is_none());
    }

    #[test]
    fn faults_are_named() {
        let errors = parse("summary: x\nprovides:\n  sets: {a: 1}\n").unwrap_err();
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(messages[0], "`name` is missing");
        assert!(messages[1].starts_with("`provides`: "), "{messages:?}");
        let syntax = parse("name: [\n").unwrap_err();
        assert!(syntax[0].location.is_some());
    }
}
