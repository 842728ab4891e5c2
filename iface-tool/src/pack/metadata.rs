//! Checking the metadata a charm is packed with: what `iface check` reads
//! (relations, with Juju's reserved `juju`/`juju-*` names; see
//! [`iface_model::metadata::parse`]), plus what Juju and charmcraft's
//! `metadata` check need besides: a valid charm `name`, a `summary` and a
//! `description`.

use std::path::Path;

use iface_model::metadata::{describe, parse};
use serde_yaml_ng::Value;

use super::error::PackError;

/// Checks the metadata in `text` (a `metadata.yaml`, or a unified
/// `charmcraft.yaml`, whose top level holds the same keys), read from
/// `file`, and returns the charm's name.
pub fn check(text: &str, file: &Path) -> Result<String, PackError> {
    let metadata = parse(text).map_err(|mut errors| {
        let first = errors.remove(0);
        PackError {
            location: first.location,
            ..PackError::file(file, first.message)
        }
    })?;
    if !is_charm_name(&metadata.name) {
        return Err(PackError::key(
            file,
            "name",
            format!(
                "`{}` is no charm name Juju takes: lowercase letters and digits in words \
                 joined by `-`, starting with a letter, each word holding a letter",
                metadata.name
            ),
        ));
    }
    // `parse` read it, so it is a map.
    let root: Value = serde_yaml_ng::from_str(text).map_err(|e| PackError::yaml(file, &e))?;
    for key in ["summary", "description"] {
        match root.get(key) {
            Some(Value::String(text)) if !text.trim().is_empty() => {}
            None => {
                return Err(PackError::key(
                    file,
                    key,
                    "missing: Juju and charmcraft need a charm's `name`, `summary` and \
                     `description`",
                ));
            }
            Some(other) => {
                return Err(PackError::key(
                    file,
                    key,
                    format!("must be a non-empty string; found {}", describe(other)),
                ));
            }
        }
    }
    Ok(metadata.name)
}

/// Juju's charm name rule, `^[a-z][a-z0-9]*(-[a-z0-9]*[a-z][a-z0-9]*)*$`.
fn is_charm_name(name: &str) -> bool {
    let word = |w: &str| {
        !w.is_empty()
            && w.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    };
    let mut words = name.split('-');
    words
        .next()
        .is_some_and(|first| word(first) && first.as_bytes()[0].is_ascii_lowercase())
        && words.all(|w| word(w) && w.bytes().any(|b| b.is_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_text(text: &str) -> Result<String, String> {
        check(text, Path::new("metadata.yaml")).map_err(|e| e.to_string())
    }

    #[test]
    fn charm_names_follow_juju() {
        for good in ["a", "django", "mysql-k8s", "log-agent", "a1-b2c"] {
            assert!(is_charm_name(good), "{good}");
        }
        for bad in ["", "Django", "1a", "a--b", "a-1", "a_b", "a-", "-a"] {
            assert!(!is_charm_name(bad), "{bad}");
        }
    }

    #[test]
    fn each_fault_names_the_key() {
        assert_eq!(
            check_text("name: web\nsummary: s\ndescription: d\n"),
            Ok("web".to_owned())
        );
        assert_eq!(
            check_text("name: web\ndescription: d\n").unwrap_err(),
            "metadata.yaml: `summary`: missing: Juju and charmcraft need a charm's `name`, \
             `summary` and `description`"
        );
        assert_eq!(
            check_text("name: web\nsummary: s\ndescription: ''\n").unwrap_err(),
            "metadata.yaml: `description`: must be a non-empty string; found an empty string"
        );
        assert_eq!(
            check_text("name: Web\nsummary: s\ndescription: d\n").unwrap_err(),
            "metadata.yaml: `name`: `Web` is no charm name Juju takes: lowercase letters and \
             digits in words joined by `-`, starting with a letter, each word holding a letter"
        );
        assert!(
            check_text(
                "name: web\nsummary: s\ndescription: d\nprovides:\n  juju-web: {interface: http}\n"
            )
            .unwrap_err()
            .starts_with("metadata.yaml:5:3: relation name `juju-web` is reserved by Juju")
        );
    }
}
