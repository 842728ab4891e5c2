//! Checking a charm's config options as Juju reads `config.yaml`: an
//! `options` map, each option a map with a `type` Juju knows and, if it
//! has one, a `default` of that type. charmcraft's `juju-config` check
//! asks for the first two; Juju refuses the charm over any of them.

use std::path::Path;

use iface_model::config_file::OptionType;
use iface_model::did_you_mean;
use iface_model::metadata::describe;
use serde_yaml_ng::Value;

use super::error::{PackError, quoted_list};

/// The option types Juju knows, as iface-model's config parser (which
/// `charm!` uses) knows them.
pub const TYPES: [&str; 5] = OptionType::NAMES;

/// Checks `config` (the whole of `config.yaml`, or the `config` section of
/// `charmcraft.yaml` with `prefix` `config.`) from `file`.
pub fn check(config: &Value, file: &Path, prefix: &str) -> Result<(), PackError> {
    let at = |key: &str| format!("{prefix}{key}");
    let options = match config {
        Value::Mapping(map) => map.get("options"),
        other => {
            let message = format!("must be a map holding `options`; found {}", describe(other));
            return Err(match prefix.strip_suffix('.') {
                Some(section) => PackError::key(file, section, message),
                None => PackError::file(file, message),
            });
        }
    };
    let options = match options {
        Some(Value::Mapping(options)) => options,
        None => {
            return Err(PackError::key(
                file,
                at("options"),
                "missing: Juju reads the charm's options from `options`, a map from option \
                 names to their `type`, `default` and `description`",
            ));
        }
        Some(other) => {
            return Err(PackError::key(
                file,
                at("options"),
                format!(
                    "must be a map from option names to their `type`, `default` and \
                     `description`; found {}",
                    describe(other)
                ),
            ));
        }
    };
    for (name, option) in options {
        let Some(name) = name.as_str() else {
            return Err(PackError::key(
                file,
                at("options"),
                format!("option names must be strings; found {}", describe(name)),
            ));
        };
        let key = at(&format!("options.{name}"));
        let Value::Mapping(option) = option else {
            return Err(PackError::key(
                file,
                key,
                format!(
                    "must be a map with the option's `type`; found {}",
                    describe(option)
                ),
            ));
        };
        let kind = match option.get("type") {
            Some(Value::String(kind)) if TYPES.contains(&kind.as_str()) => kind.as_str(),
            Some(Value::String(kind)) => {
                let hint = did_you_mean(kind, TYPES)
                    .map(|near| format!(" (did you mean `{near}`?)"))
                    .unwrap_or_default();
                return Err(PackError::key(
                    file,
                    format!("{key}.type"),
                    format!(
                        "unknown type `{kind}`; expected one of {}{hint}",
                        quoted_list(&TYPES)
                    ),
                ));
            }
            Some(other) => {
                return Err(PackError::key(
                    file,
                    format!("{key}.type"),
                    format!(
                        "must be one of {}; found {}",
                        quoted_list(&TYPES),
                        describe(other)
                    ),
                ));
            }
            None => {
                return Err(PackError::key(
                    file,
                    key,
                    format!(
                        "no `type`: Juju needs each option's type, one of {}",
                        quoted_list(&TYPES)
                    ),
                ));
            }
        };
        if let Some(default) = option.get("default")
            && !fits(kind, default)
        {
            return Err(PackError::key(
                file,
                format!("{key}.default"),
                format!("{} is no `{kind}`", describe(default)),
            ));
        }
    }
    Ok(())
}

/// Whether Juju takes `default` for an option of type `kind` (an empty
/// default means none), by the rule `charm!` checks too.
fn fits(kind: &str, default: &Value) -> bool {
    default.is_null()
        || OptionType::from_name(kind).is_some_and(|kind| kind.default_of(default).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_text(text: &str) -> Result<(), String> {
        let value: Value = serde_yaml_ng::from_str(text).unwrap();
        check(&value, Path::new("config.yaml"), "").map_err(|e| e.to_string())
    }

    #[test]
    fn juju_options_pass() {
        check_text(
            "options:\n  port: {type: int, default: 8080}\n  ratio: {type: float, default: 1}\n  \
             name: {type: string, default: x, description: d}\n  debug: {type: boolean}\n  \
             token: {type: secret}\n",
        )
        .unwrap();
    }

    #[test]
    fn each_fault_names_the_key() {
        for (text, expected) in [
            (
                "[]",
                "config.yaml: must be a map holding `options`; found a list",
            ),
            (
                "port: {type: int}",
                "config.yaml: `options`: missing: Juju reads the charm's options from `options`, \
                 a map from option names to their `type`, `default` and `description`",
            ),
            (
                "options: {port: {type: integer}}",
                "config.yaml: `options.port.type`: unknown type `integer`; expected one of \
                 `string`, `int`, `float`, `boolean` and `secret`",
            ),
            (
                "options: {port: {type: strng}}",
                "config.yaml: `options.port.type`: unknown type `strng`; expected one of \
                 `string`, `int`, `float`, `boolean` and `secret` (did you mean `string`?)",
            ),
            (
                "options: {port: {type: int, default: 80.5}}",
                "config.yaml: `options.port.default`: the number `80.5` is no `int`",
            ),
            (
                "options: {port: 80}",
                "config.yaml: `options.port`: must be a map with the option's `type`; found the \
                 number `80`",
            ),
        ] {
            assert_eq!(check_text(text).unwrap_err(), expected, "{text}");
        }
    }
}
