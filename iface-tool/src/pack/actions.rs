//! Checking a charm's actions as Juju reads `actions.yaml`: a map from
//! action names (Juju's rule: lowercase letters and inner `-`, not
//! starting `juju-`) to a map of the action's `description`, `params`
//! (a map) and other settings.

use std::path::Path;

use iface_model::metadata::describe;
use serde_yaml_ng::Value;

use super::error::PackError;

/// Checks `actions` (the whole of `actions.yaml`, or the `actions` section
/// of `charmcraft.yaml` with `prefix` `actions.`) from `file`.
pub fn check(actions: &Value, file: &Path, prefix: &str) -> Result<(), PackError> {
    let Value::Mapping(actions) = actions else {
        let message = format!(
            "must be a map from action names to their `description` and `params`; found {}",
            describe(actions)
        );
        return Err(match prefix.strip_suffix('.') {
            Some(section) => PackError::key(file, section, message),
            None => PackError::file(file, message),
        });
    };
    for (name, action) in actions {
        let Some(name) = name.as_str() else {
            let message = format!("action names must be strings; found {}", describe(name));
            return Err(match prefix.strip_suffix('.') {
                Some(section) => PackError::key(file, section, message),
                None => PackError::file(file, message),
            });
        };
        let key = format!("{prefix}{name}");
        if name.starts_with("juju-") {
            return Err(PackError::key(
                file,
                key,
                "the `juju-` prefix of action names is reserved by Juju",
            ));
        }
        if !is_action_name(name) {
            return Err(PackError::key(
                file,
                key,
                "invalid action name: Juju takes lowercase letters and `-`, starting and ending \
                 with a letter",
            ));
        }
        match action {
            Value::Null => {}
            Value::Mapping(settings) => {
                if let Some(params) = settings.get("params")
                    && !matches!(params, Value::Mapping(_) | Value::Null)
                {
                    return Err(PackError::key(
                        file,
                        format!("{key}.params"),
                        format!(
                            "must be a map from parameter names to their JSON Schema; found {}",
                            describe(params)
                        ),
                    ));
                }
            }
            other => {
                return Err(PackError::key(
                    file,
                    key,
                    format!(
                        "must be a map with the action's `description` and `params`; found {}",
                        describe(other)
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Juju's action name rule, `^[a-z](?:[a-z-]*[a-z])?$`.
fn is_action_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_lowercase)
        && bytes.last().is_some_and(u8::is_ascii_lowercase)
        && bytes.iter().all(|&b| b.is_ascii_lowercase() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_text(text: &str) -> Result<(), String> {
        let value: Value = serde_yaml_ng::from_str(text).unwrap();
        check(&value, Path::new("actions.yaml"), "").map_err(|e| e.to_string())
    }

    #[test]
    fn juju_actions_pass() {
        check_text(
            "snapshot:\n  description: Take one.\n  params:\n    target: {type: string}\n\
             restart: {}\nping:\n",
        )
        .unwrap();
    }

    #[test]
    fn each_fault_names_the_action() {
        for (text, expected) in [
            (
                "juju-run: {}",
                "actions.yaml: `juju-run`: the `juju-` prefix of action names is reserved by Juju",
            ),
            (
                "Snap_Shot: {}",
                "actions.yaml: `Snap_Shot`: invalid action name: Juju takes lowercase letters \
                 and `-`, starting and ending with a letter",
            ),
            (
                "snapshot: {params: [target]}",
                "actions.yaml: `snapshot.params`: must be a map from parameter names to their \
                 JSON Schema; found a list",
            ),
            (
                "- snapshot",
                "actions.yaml: must be a map from action names to their `description` and \
                 `params`; found a list",
            ),
        ] {
            assert_eq!(check_text(text).unwrap_err(), expected, "{text}");
        }
    }
}
