//! The files charmcraft 4.5 renders from a unified `charmcraft.yaml`, when
//! the charm has no `metadata.yaml`, `config.yaml` or `actions.yaml` of its
//! own (charmcraft's `PackageService.get_metadata_yaml` and
//! `_get_mediated_yaml`):
//!
//! - `metadata.yaml`: the metadata keys only (`CharmMetadata.from_charm`),
//!   with `title` written as `display-name` and `links` spread into `docs`,
//!   `maintainers`, `issues`, `source` and `website`; relation entries are
//!   kept whole, so seed 002's `gets` and `sets` stay (Juju ignores them);
//! - `config.yaml` and `actions.yaml`: the `config` and `actions` sections
//!   as they are.
//!
//! charmcraft writes each with `PyYAML`'s `safe_dump(..., sort_keys=True)`:
//! block style, every map's keys sorted, `null` values of the top level
//! dropped. [`charmcraft_yaml`] writes the same keys in the same order and
//! the same values; scalars may be quoted or folded differently.

use serde_yaml_ng::{Mapping, Value};

/// The metadata keys of a unified `charmcraft.yaml` that charmcraft copies
/// into `metadata.yaml` under the same name.
pub const METADATA_KEYS: [&str; 15] = [
    "assumes",
    "charm-user",
    "containers",
    "description",
    "devices",
    "extra-bindings",
    "name",
    "peers",
    "provides",
    "requires",
    "resources",
    "storage",
    "subordinate",
    "summary",
    "terms",
];

/// The metadata keys of a unified `charmcraft.yaml` that charmcraft
/// renames or spreads: `title` becomes `display-name`, `links` becomes
/// `docs`, `maintainers`, `issues`, `source` and `website`.
pub const RENAMED_METADATA_KEYS: [&str; 2] = ["title", "links"];

/// `metadata.yaml` as charmcraft renders it from the unified
/// `charmcraft.yaml` whose top level is `project`.
pub fn metadata_of_unified(project: &Mapping) -> Value {
    let mut metadata = Mapping::new();
    let mut put = |key: &str, value: &Value| {
        if !value.is_null() {
            metadata.insert(Value::from(key), value.clone());
        }
    };
    for key in METADATA_KEYS {
        if let Some(value) = project.get(key) {
            put(key, value);
        }
    }
    if let Some(title) = project.get("title") {
        put("display-name", title);
    }
    if let Some(Value::Mapping(links)) = project.get("links") {
        for (link, key) in [
            ("documentation", "docs"),
            ("issues", "issues"),
            ("source", "source"),
            ("website", "website"),
        ] {
            if let Some(value) = links.get(link) {
                put(key, value);
            }
        }
        match links.get("contact") {
            Some(Value::String(one)) => {
                put("maintainers", &Value::Sequence(vec![one.clone().into()]));
            }
            Some(many) => put("maintainers", many),
            None => {}
        }
    }
    Value::Mapping(metadata)
}

/// `value` as YAML text, every map's keys sorted, as charmcraft writes the
/// files it renders.
pub fn charmcraft_yaml(value: &Value) -> String {
    // A `Value` always serialises.
    serde_yaml_ng::to_string(&sorted(value)).unwrap_or_default()
}

/// `value` with the keys of every map in it sorted (by their text).
fn sorted(value: &Value) -> Value {
    match value {
        Value::Mapping(map) => {
            let mut entries: Vec<(String, Value, Value)> = map
                .iter()
                .map(|(key, value)| (key_text(key), key.clone(), sorted(value)))
                .collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Mapping(
                entries
                    .into_iter()
                    .map(|(_, key, value)| (key, value))
                    .collect(),
            )
        }
        Value::Sequence(items) => Value::Sequence(items.iter().map(sorted).collect()),
        Value::Tagged(tagged) => sorted(&tagged.value),
        other => other.clone(),
    }
}

fn key_text(key: &Value) -> String {
    match key {
        Value::String(text) => text.clone(),
        other => serde_yaml_ng::to_string(other).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_keeps_metadata_keys_sorted_and_renames_title_and_links() {
        let project: Mapping = serde_yaml_ng::from_str(
            "type: charm\nname: web\ntitle: Web\nsummary: s\ndescription: d\n\
             base: ubuntu@24.04\nparts: {charm: {plugin: nil}}\n\
             links: {contact: me@example.com, documentation: 'https://example.com/docs'}\n\
             provides:\n  website:\n    interface: http\n    sets: [port, hostname]\n\
             config: {options: {port: {type: int}}}\nsubordinate: null\n",
        )
        .unwrap();
        assert_eq!(
            charmcraft_yaml(&metadata_of_unified(&project)),
            "description: d\ndisplay-name: Web\ndocs: https://example.com/docs\n\
             maintainers:\n- me@example.com\nname: web\nprovides:\n  website:\n    \
             interface: http\n    sets:\n    - port\n    - hostname\nsummary: s\n"
        );
    }
}
