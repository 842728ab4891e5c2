//! A charm's config options: `config.yaml`, or the `config` section of a
//! unified `charmcraft.yaml`.
//!
//! ```yaml
//! options:
//!   log-level:
//!     type: string
//!     default: info
//!     description: How much the workload logs.
//! ```
//!
//! [`parse`] and [`parse_unified`] read what Juju reads, `options` and each
//! option's `type`, `default` and `description`, and ignore every other key,
//! as Juju does. Juju refuses a charm whose option has no `type` or one it
//! does not know (`string`, `int`, `float`, `boolean`, `secret`), or a
//! `default` of another type; so do they. Every problem is reported at
//! once, each with the line and column of the offending key or value, and
//! no input makes them panic.

use core::fmt;

use serde_yaml_ng::{Mapping, Value};

use crate::did_you_mean;
use crate::metadata::{Entry, Location, MetadataError, NodePath, Sink, describe, read_section};

/// An option's type, as `type:` spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OptionType {
    /// `string`
    String,
    /// `int`: a 64-bit signed integer.
    Int,
    /// `float`
    Float,
    /// `boolean`
    Boolean,
    /// `secret`: the URI of a user secret (Juju 3.1 and later).
    Secret,
}

impl OptionType {
    /// Every type, in Juju's documentation order.
    pub const ALL: [OptionType; 5] = [
        OptionType::String,
        OptionType::Int,
        OptionType::Float,
        OptionType::Boolean,
        OptionType::Secret,
    ];

    /// Every type's spelling, in [`Self::ALL`]'s order.
    pub const NAMES: [&'static str; 5] = [
        OptionType::String.as_str(),
        OptionType::Int.as_str(),
        OptionType::Float.as_str(),
        OptionType::Boolean.as_str(),
        OptionType::Secret.as_str(),
    ];

    /// The spelling in `config.yaml`.
    pub const fn as_str(self) -> &'static str {
        match self {
            OptionType::String => "string",
            OptionType::Int => "int",
            OptionType::Float => "float",
            OptionType::Boolean => "boolean",
            OptionType::Secret => "secret",
        }
    }

    /// The type spelt `name`, if any.
    pub fn from_name(name: &str) -> Option<OptionType> {
        OptionType::ALL
            .into_iter()
            .find(|kind| kind.as_str() == name)
    }

    /// The value `default` gives an option of this type, if Juju takes it
    /// as one: a string for `string` and `secret`, an integer that fits 64
    /// bits for `int`, any number for `float`, `true` or `false` for
    /// `boolean`. An empty default is no default, and no value here.
    pub fn default_of(self, default: &Value) -> Option<DefaultValue> {
        match (self, default) {
            (OptionType::String | OptionType::Secret, Value::String(text)) => {
                Some(DefaultValue::String(text.clone()))
            }
            (OptionType::Int, Value::Number(number)) => number.as_i64().map(DefaultValue::Int),
            (OptionType::Float, Value::Number(number)) => number.as_f64().map(DefaultValue::Float),
            (OptionType::Boolean, Value::Bool(value)) => Some(DefaultValue::Boolean(*value)),
            _ => None,
        }
    }
}

impl fmt::Display for OptionType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An option's default value.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    /// Of a `string` or `secret` option.
    String(String),
    /// Of an `int` option.
    Int(i64),
    /// Of a `float` option.
    Float(f64),
    /// Of a `boolean` option.
    Boolean(bool),
}

impl fmt::Display for DefaultValue {
    /// As YAML would write it, for messages and documentation.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DefaultValue::String(text) => write!(f, "{text:?}"),
            DefaultValue::Int(value) => write!(f, "{value}"),
            DefaultValue::Float(value) => write!(f, "{value:?}"),
            DefaultValue::Boolean(value) => write!(f, "{value}"),
        }
    }
}

/// One option.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigOption {
    /// Its name, e.g. `log-level`.
    pub name: String,
    /// Its type.
    pub kind: OptionType,
    /// Its default; `None` when it has none (then it has no value until
    /// the operator sets one).
    pub default: Option<DefaultValue>,
    /// Its description, if any.
    pub description: Option<String>,
    /// Where its name is written.
    pub location: Location,
}

/// Every option, in file order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ConfigFile {
    /// The options.
    pub options: Vec<ConfigOption>,
}

impl ConfigFile {
    /// The option called `name`, if any.
    pub fn option(&self, name: &str) -> Option<&ConfigOption> {
        self.options.iter().find(|option| option.name == name)
    }
}

/// What is wrong with a config file, and as much of it as could be read.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigErrors {
    /// Every problem, in file order.
    pub errors: Vec<MetadataError>,
    /// The options that could be read. An option whose `type` is missing
    /// or unknown has the type its default suggests, else `string`; one
    /// whose default does not fit has none. Code generated from it keeps a
    /// build that fails anyway from failing again over missing names.
    pub partial: ConfigFile,
}

/// Parses the text of a `config.yaml`.
///
/// ```
/// use iface_model::config_file::{parse, DefaultValue, OptionType};
///
/// let config = parse(
///     "options:\n  log-level:\n    type: string\n    default: info\n  port: {type: int}\n",
/// )
/// .unwrap();
/// let level = config.option("log-level").unwrap();
/// assert_eq!(level.kind, OptionType::String);
/// assert_eq!(level.default, Some(DefaultValue::String("info".into())));
/// assert_eq!(config.option("port").unwrap().default, None);
///
/// let faults = parse("options:\n  port:\n    type: int\n    default: eighty\n").unwrap_err();
/// assert_eq!(
///     faults.errors[0].to_string(),
///     "4:14: option `port` is an `int`, but its default is the string `eighty`"
/// );
/// ```
pub fn parse(text: &str) -> Result<ConfigFile, ConfigErrors> {
    read(text, None).map(Option::unwrap_or_default)
}

/// Parses the `config` section of a unified `charmcraft.yaml` (the text
/// of the whole file, so that locations are the file's own); `Ok(None)`
/// when it has no `config` key.
pub fn parse_unified(text: &str) -> Result<Option<ConfigFile>, ConfigErrors> {
    read(text, Some("config"))
}

/// Reads the options of the map at the root of `text`, or of its key
/// `section` (if it has one).
fn read(text: &str, section: Option<&str>) -> Result<Option<ConfigFile>, ConfigErrors> {
    read_section(text, section, "config.yaml", read_config).map_err(|(errors, partial)| {
        ConfigErrors {
            errors,
            partial: partial.unwrap_or_default(),
        }
    })
}

/// Reads `{options: {...}}` at `path`; `what` names it in messages.
fn read_config(value: &Value, path: &NodePath, what: &str, sink: &mut Sink) -> ConfigFile {
    let mut config = ConfigFile::default();
    let Value::Mapping(map) = value else {
        let location = if value.is_null() {
            None
        } else {
            sink.locate(path)
        };
        sink.error_at(
            location,
            format!(
                "{what} must be a map holding `options`; found {}",
                describe(value)
            ),
        );
        return config;
    };
    let Some(index) = map
        .iter()
        .position(|(key, _)| key.as_str() == Some("options"))
    else {
        sink.error_at(
            sink.locate(path),
            format!(
                "{what} has no `options`: Juju reads a charm's options from `options`, a map \
                 from option names to their `type`, `default` and `description`"
            ),
        );
        return config;
    };
    let entry = Entry::of(path, index);
    match &map["options"] {
        // `options:` with nothing after it: no options, as Juju reads it.
        Value::Null => {}
        Value::Mapping(options) => read_options(options, &entry.value, &mut config, sink),
        other => sink.error(
            &entry.value,
            format!(
                "`options` must be a map from option names to their `type`, `default` and \
                 `description`; found {}",
                describe(other)
            ),
        ),
    }
    config
}

fn read_options(options: &Mapping, path: &NodePath, config: &mut ConfigFile, sink: &mut Sink) {
    for (index, (key, body)) in options.iter().enumerate() {
        let entry = Entry::of(path, index);
        let Some(name) = key.as_str() else {
            sink.error(
                &entry.key,
                format!("option names must be strings; found {}", describe(key)),
            );
            continue;
        };
        if name.is_empty() {
            sink.error(&entry.key, "empty option name");
            continue;
        }
        let location = sink
            .locate(&entry.key)
            .unwrap_or(Location { line: 0, column: 0 });
        let Value::Mapping(body) = body else {
            sink.error(
                entry.blame(body),
                format!(
                    "option `{name}` must be a map with its `type`, `default` and \
                     `description`; found {}",
                    describe(body)
                ),
            );
            config.options.push(ConfigOption {
                name: name.to_owned(),
                kind: OptionType::String,
                default: None,
                description: None,
                location,
            });
            continue;
        };
        config
            .options
            .push(read_option(name, body, &entry, location, sink));
    }
}

/// The value of `key` in `body`, with the entry it is in.
fn field<'v>(body: &'v Mapping, key: &str, option: &Entry) -> Option<(&'v Value, Entry)> {
    body.iter()
        .position(|(k, _)| k.as_str() == Some(key))
        .map(|index| (&body[key], Entry::of(&option.value, index)))
}

fn read_option(
    name: &str,
    body: &Mapping,
    option: &Entry,
    location: Location,
    sink: &mut Sink,
) -> ConfigOption {
    let types = || {
        let quoted: Vec<String> = OptionType::NAMES
            .iter()
            .map(|kind| format!("`{kind}`"))
            .collect();
        quoted.join(", ")
    };
    let default = field(body, "default", option).filter(|(value, _)| !value.is_null());
    let kind = match field(body, "type", option) {
        Some((Value::String(text), _)) if OptionType::from_name(text).is_some() => {
            OptionType::from_name(text)
        }
        Some((Value::String(text), entry)) => {
            let hint = did_you_mean(text, OptionType::NAMES)
                .map(|near| format!(" (did you mean `{near}`?)"))
                .unwrap_or_default();
            sink.error(
                &entry.value,
                format!(
                    "option `{name}` has the unknown type `{text}`; expected one of {}{hint}",
                    types()
                ),
            );
            None
        }
        Some((other, entry)) => {
            sink.error(
                entry.blame(other),
                format!(
                    "option `{name}`'s `type` must be one of {}; found {}",
                    types(),
                    describe(other)
                ),
            );
            None
        }
        None => {
            sink.error(
                &option.key,
                format!(
                    "option `{name}` has no `type`: Juju needs one of {}",
                    types()
                ),
            );
            None
        }
    };
    let description = match field(body, "description", option) {
        None | Some((Value::Null, _)) => None,
        Some((Value::String(text), _)) => Some(text.clone()),
        Some((other, entry)) => {
            sink.error(
                &entry.value,
                format!(
                    "option `{name}`'s `description` must be text; found {}",
                    describe(other)
                ),
            );
            None
        }
    };
    let (kind, default) = match (kind, default) {
        (Some(kind), None) => (kind, None),
        (Some(kind), Some((value, entry))) => {
            let fitting = kind.default_of(value);
            if fitting.is_none() {
                let article = if kind == OptionType::Int { "an" } else { "a" };
                sink.error(
                    &entry.value,
                    format!(
                        "option `{name}` is {article} `{kind}`, but its default is {}",
                        describe(value)
                    ),
                );
            }
            (kind, fitting)
        }
        // The type is unusable (already an error): guess it from the
        // default, for the partial result.
        (None, default) => {
            let guess = default.and_then(|(value, _)| {
                OptionType::ALL
                    .into_iter()
                    .find_map(|kind| kind.default_of(value).map(|fitting| (kind, fitting)))
            });
            match guess {
                Some((kind, fitting)) => (kind, Some(fitting)),
                None => (OptionType::String, None),
            }
        }
    };
    ConfigOption {
        name: name.to_owned(),
        kind,
        default,
        description,
        location,
    }
}

#[cfg(test)]
mod tests {
    use super::{DefaultValue, OptionType, parse, parse_unified};

    fn errors(text: &str) -> Vec<String> {
        parse(text)
            .unwrap_err()
            .errors
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn reads_every_type_and_default() {
        let config = parse(
            "# comment\noptions:\n  name: {type: string, default: web, description: The name.}\n  \
             port: {type: int, default: 8080}\n  ratio: {type: float, default: 1}\n  \
             debug: {type: boolean, default: false}\n  token: {type: secret}\n  \
             empty: {type: string, default: ''}\n  unset: {type: int, default: }\n",
        )
        .unwrap();
        let kinds: Vec<(&str, OptionType, Option<DefaultValue>)> = config
            .options
            .iter()
            .map(|o| (o.name.as_str(), o.kind, o.default.clone()))
            .collect();
        assert_eq!(
            kinds,
            [
                (
                    "name",
                    OptionType::String,
                    Some(DefaultValue::String("web".into()))
                ),
                ("port", OptionType::Int, Some(DefaultValue::Int(8080))),
                ("ratio", OptionType::Float, Some(DefaultValue::Float(1.0))),
                (
                    "debug",
                    OptionType::Boolean,
                    Some(DefaultValue::Boolean(false))
                ),
                ("token", OptionType::Secret, None),
                (
                    "empty",
                    OptionType::String,
                    Some(DefaultValue::String(String::new()))
                ),
                ("unset", OptionType::Int, None),
            ]
        );
        assert_eq!(config.options[0].description.as_deref(), Some("The name."));
        assert_eq!(
            (
                config.options[1].location.line,
                config.options[1].location.column
            ),
            (4, 3)
        );
    }

    #[test]
    fn ignores_keys_juju_ignores() {
        let config = parse(
            "extra: 1\noptions:\n  port:\n    type: int\n    default: 1\n    source: default\n",
        )
        .unwrap();
        assert_eq!(config.options.len(), 1);
        assert_eq!(parse("options:\n").unwrap().options, []);
    }

    #[test]
    fn reports_every_fault_at_once_with_its_place() {
        assert_eq!(
            errors(
                "options:\n  port:\n    type: flaot\n  level:\n    default: 3\n  \
                 ratio:\n    type: float\n    default: fast\n  big:\n    type: int\n    \
                 default: 9223372036854775808\n  text: 5\n  about:\n    type: string\n    \
                 description: [a]\n"
            ),
            [
                "3:11: option `port` has the unknown type `flaot`; expected one of `string`, \
                 `int`, `float`, `boolean`, `secret` (did you mean `float`?)",
                "4:3: option `level` has no `type`: Juju needs one of `string`, `int`, `float`, \
                 `boolean`, `secret`",
                "8:14: option `ratio` is a `float`, but its default is the string `fast`",
                "11:14: option `big` is an `int`, but its default is the number \
                 `9223372036854775808`",
                "12:9: option `text` must be a map with its `type`, `default` and \
                 `description`; found the number `5`",
                "15:18: option `about`'s `description` must be text; found a list",
            ]
        );
    }

    #[test]
    fn a_broken_file_keeps_what_it_could_read() {
        let faults =
            parse("options:\n  port: {type: integr, default: 80}\n  name: {type: string}\n")
                .unwrap_err();
        let partial: Vec<(&str, OptionType)> = faults
            .partial
            .options
            .iter()
            .map(|o| (o.name.as_str(), o.kind))
            .collect();
        assert_eq!(
            partial,
            [("port", OptionType::Int), ("name", OptionType::String)]
        );
    }

    #[test]
    fn the_file_must_hold_options() {
        assert_eq!(
            errors("- a\n"),
            ["1:1: config.yaml must be a map holding `options`; found a list"]
        );
        assert_eq!(
            errors("opts: {}\n"),
            [
                "1:1: config.yaml has no `options`: Juju reads a charm's options from \
                 `options`, a map from option names to their `type`, `default` and \
                 `description`"
            ]
        );
        assert_eq!(
            errors("options:\n  a: {type: int}\n  a: {type: int}\n"),
            ["3:3: invalid YAML: duplicate key `a`; a key may appear only once in a map"]
        );
    }

    #[test]
    fn a_unified_file_has_them_under_config() {
        let text = "name: web\nconfig:\n  options:\n    port: {type: int, default: 80}\n";
        let config = parse_unified(text).unwrap().unwrap();
        let port = config.option("port").unwrap();
        assert_eq!((port.location.line, port.location.column), (4, 5));
        assert_eq!(parse_unified("name: web\n").unwrap(), None);
        let faults =
            parse_unified("name: web\nconfig:\n  options:\n    port: {type: num}\n").unwrap_err();
        assert!(
            faults.errors[0]
                .to_string()
                .starts_with("4:18: option `port` has the unknown type `num`")
        );
    }
}
