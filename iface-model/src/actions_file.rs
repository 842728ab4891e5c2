//! A charm's actions: `actions.yaml`, or the `actions` section of a unified
//! `charmcraft.yaml`.
//!
//! ```yaml
//! backup:
//!   description: Back the database up.
//!   params:
//!     dest: {type: string, description: Where to.}
//!     keep: {type: integer, default: 3}
//!   required: [dest]
//!   additionalProperties: false
//! ```
//!
//! Each action's `params` is a JSON Schema `properties` map; [`parse`] and
//! [`parse_unified`] read each parameter's `type` (`string`, `integer`,
//! `number`, `boolean`, `array`, `object`; none means any JSON value), an
//! array's `items` type, `default` and `description`, plus the action's
//! `required` and `additionalProperties`, and ignore every other key, as
//! Juju does. Every fault is reported at once with its line and column,
//! and no input makes them panic.

use core::fmt;

use serde_yaml_ng::{Mapping, Value};

use crate::did_you_mean;
use crate::metadata::{Entry, Location, MetadataError, NodePath, Sink, describe, read_section};

/// A JSON-schema type of a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamType {
    /// `string`
    String,
    /// `integer`
    Integer,
    /// `number`
    Number,
    /// `boolean`
    Boolean,
    /// `array`
    Array,
    /// `object`
    Object,
}

impl ParamType {
    /// Every type, in JSON Schema's order.
    pub const ALL: [ParamType; 6] = [
        ParamType::String,
        ParamType::Integer,
        ParamType::Number,
        ParamType::Boolean,
        ParamType::Array,
        ParamType::Object,
    ];

    /// Every type's spelling.
    pub const NAMES: [&'static str; 6] =
        ["string", "integer", "number", "boolean", "array", "object"];

    /// The spelling in `actions.yaml`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ParamType::String => "string",
            ParamType::Integer => "integer",
            ParamType::Number => "number",
            ParamType::Boolean => "boolean",
            ParamType::Array => "array",
            ParamType::Object => "object",
        }
    }

    /// The type spelt `name`, if any.
    pub fn from_name(name: &str) -> Option<ParamType> {
        ParamType::ALL
            .into_iter()
            .find(|kind| kind.as_str() == name)
    }

    /// Whether the YAML `value` is of this type (an integer is a number
    /// too).
    pub fn fits(self, value: &Value) -> bool {
        match self {
            ParamType::String => value.is_string(),
            ParamType::Integer => value.is_i64() || value.is_u64(),
            ParamType::Number => value.is_number(),
            ParamType::Boolean => value.is_bool(),
            ParamType::Array => value.is_sequence(),
            ParamType::Object => value.is_mapping(),
        }
    }
}

impl fmt::Display for ParamType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One parameter of an action.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Its name, e.g. `backup-dir`.
    pub name: String,
    /// Its type; `None` when the schema gives none (any JSON value).
    pub kind: Option<ParamType>,
    /// The type of an array's items, when the schema gives one.
    pub items: Option<ParamType>,
    /// Whether `required` lists it.
    pub required: bool,
    /// Its default, as JSON text, when it has one of its type.
    pub default: Option<String>,
    /// Its description, if any.
    pub description: Option<String>,
    /// Where its name is written.
    pub location: Location,
}

/// One action.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    /// Its name, e.g. `backup`.
    pub name: String,
    /// Its description, if any.
    pub description: Option<String>,
    /// Its parameters, in file order.
    pub params: Vec<Param>,
    /// Whether parameters it does not declare are refused
    /// (`additionalProperties: false`).
    pub closed: bool,
    /// Where its name is written.
    pub location: Location,
}

/// Every action, in file order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ActionsFile {
    /// The actions.
    pub actions: Vec<Action>,
}

impl ActionsFile {
    /// The action called `name`, if any.
    pub fn action(&self, name: &str) -> Option<&Action> {
        self.actions.iter().find(|action| action.name == name)
    }
}

/// What is wrong with an actions file, and as much of it as could be read.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionsErrors {
    /// Every problem, in file order.
    pub errors: Vec<MetadataError>,
    /// The actions that could be read, for code generated anyway.
    pub partial: ActionsFile,
}

/// Parses the text of an `actions.yaml`.
///
/// ```
/// use iface_model::actions_file::{parse, ParamType};
///
/// let file = parse("backup:\n  params:\n    dest: {type: string}\n  required: [dest]\n").unwrap();
/// let dest = &file.action("backup").unwrap().params[0];
/// assert_eq!((dest.kind, dest.required), (Some(ParamType::String), true));
///
/// let faults = parse("backup:\n  params:\n    keep: {type: integr}\n").unwrap_err();
/// assert_eq!(
///     faults.errors[0].to_string(),
///     "3:18: parameter `keep` of action `backup` has the unknown type `integr`; expected one of `string`, `integer`, `number`, `boolean`, `array`, `object` (did you mean `integer`?)"
/// );
/// ```
pub fn parse(text: &str) -> Result<ActionsFile, ActionsErrors> {
    read(text, None).map(Option::unwrap_or_default)
}

/// Parses the `actions` section of a unified `charmcraft.yaml` (the text of
/// the whole file, so that locations are the file's own); `Ok(None)` when
/// it has no `actions` key.
pub fn parse_unified(text: &str) -> Result<Option<ActionsFile>, ActionsErrors> {
    read(text, Some("actions"))
}

fn read(text: &str, section: Option<&str>) -> Result<Option<ActionsFile>, ActionsErrors> {
    read_section(text, section, "actions.yaml", read_actions).map_err(|(errors, partial)| {
        ActionsErrors {
            errors,
            partial: partial.unwrap_or_default(),
        }
    })
}

/// Whether `name` is an action name Juju takes: lowercase letters and
/// digits, with inner hyphens.
pub fn is_action_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    let word = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) => {
            word(first) && word(last) && bytes.iter().all(|b| word(b) || *b == b'-')
        }
        _ => false,
    }
}

fn read_actions(value: &Value, path: &NodePath, what: &str, sink: &mut Sink) -> ActionsFile {
    let mut file = ActionsFile::default();
    let map = match value {
        Value::Mapping(map) => map,
        // An empty file declares no actions.
        Value::Null => return file,
        other => {
            sink.error(
                path,
                format!(
                    "{what} must be a map from action names to their `description` and `params`; found {}",
                    describe(other)
                ),
            );
            return file;
        }
    };
    for (index, (key, body)) in map.iter().enumerate() {
        let entry = Entry::of(path, index);
        let Some(name) = key.as_str() else {
            sink.error(
                &entry.key,
                format!("action names must be strings; found {}", describe(key)),
            );
            continue;
        };
        let location = sink
            .locate(&entry.key)
            .unwrap_or(Location { line: 0, column: 0 });
        if !is_action_name(name) {
            sink.error(
                &entry.key,
                format!(
                    "action `{name}`: Juju takes action names of lowercase letters and digits, with inner hyphens"
                ),
            );
        }
        let mut action = Action {
            name: name.to_owned(),
            description: None,
            params: Vec::new(),
            closed: false,
            location,
        };
        match body {
            Value::Null => {}
            Value::Mapping(body) => read_action(&mut action, body, &entry, sink),
            other => sink.error(
                entry.blame(other),
                format!(
                    "action `{name}` must be a map with its `description` and `params`; found {}",
                    describe(other)
                ),
            ),
        }
        file.actions.push(action);
    }
    file
}

/// The value of `key` in `body`, with the entry it is in.
fn field<'v>(body: &'v Mapping, key: &str, at: &NodePath) -> Option<(&'v Value, Entry)> {
    body.iter()
        .position(|(k, _)| k.as_str() == Some(key))
        .map(|index| (&body[key], Entry::of(at, index)))
}

fn read_action(action: &mut Action, body: &Mapping, entry: &Entry, sink: &mut Sink) {
    let name = action.name.clone();
    match field(body, "description", &entry.value) {
        None | Some((Value::Null, _)) => {}
        Some((Value::String(text), _)) => action.description = Some(text.clone()),
        Some((other, at)) => sink.error(
            &at.value,
            format!(
                "action `{name}`'s `description` must be text; found {}",
                describe(other)
            ),
        ),
    }
    match field(body, "params", &entry.value) {
        None | Some((Value::Null, _)) => {}
        Some((Value::Mapping(params), at)) => {
            for (index, (key, schema)) in params.iter().enumerate() {
                let param = Entry::of(&at.value, index);
                if let Some(read) = read_param(&name, key, schema, &param, sink) {
                    action.params.push(read);
                }
            }
        }
        Some((other, at)) => sink.error(
            &at.value,
            format!(
                "action `{name}`'s `params` must be a map from parameter names to their JSON Schema; found {}",
                describe(other)
            ),
        ),
    }
    match field(body, "required", &entry.value) {
        None | Some((Value::Null, _)) => {}
        Some((Value::Sequence(list), at)) => {
            for (index, item) in list.iter().enumerate() {
                let item_path = at.value.item(index);
                let known = item
                    .as_str()
                    .and_then(|wanted| action.params.iter_mut().find(|p| p.name == wanted));
                match (item.as_str(), known) {
                    (Some(_), Some(param)) => param.required = true,
                    (Some(wanted), None) => {
                        let names: Vec<&str> =
                            action.params.iter().map(|p| p.name.as_str()).collect();
                        let hint = did_you_mean(wanted, names.iter().copied())
                            .map(|near| format!(" (did you mean `{near}`?)"))
                            .unwrap_or_default();
                        sink.error(
                            &item_path,
                            format!(
                                "action `{name}` requires `{wanted}`, which is none of its `params`{hint}"
                            ),
                        );
                    }
                    (None, _) => sink.error(
                        &item_path,
                        format!(
                            "action `{name}`'s `required` lists parameter names; found {}",
                            describe(item)
                        ),
                    ),
                }
            }
        }
        Some((other, at)) => sink.error(
            &at.value,
            format!(
                "action `{name}`'s `required` must be a list of parameter names; found {}",
                describe(other)
            ),
        ),
    }
    match field(body, "additionalProperties", &entry.value) {
        None | Some((Value::Null, _)) => {}
        Some((Value::Bool(allowed), _)) => action.closed = !allowed,
        Some((other, at)) => sink.error(
            &at.value,
            format!(
                "action `{name}`'s `additionalProperties` must be `true` or `false`; found {}",
                describe(other)
            ),
        ),
    }
}

/// The type named by `value` (a `type` or `items.type`), reporting what is
/// wrong with it.
fn param_type(
    action: &str,
    param: &str,
    value: &Value,
    at: &NodePath,
    sink: &mut Sink,
) -> Option<ParamType> {
    let types = || {
        let quoted: Vec<String> = ParamType::NAMES.iter().map(|t| format!("`{t}`")).collect();
        quoted.join(", ")
    };
    match value {
        Value::String(text) => {
            if let Some(kind) = ParamType::from_name(text) {
                return Some(kind);
            }
            let hint = did_you_mean(text, ParamType::NAMES)
                .map(|near| format!(" (did you mean `{near}`?)"))
                .unwrap_or_default();
            sink.error(
                at,
                format!(
                    "parameter `{param}` of action `{action}` has the unknown type `{text}`; expected one of {}{hint}",
                    types()
                ),
            );
            None
        }
        other => {
            sink.error(
                at,
                format!(
                    "parameter `{param}` of action `{action}`: `type` must be one of {}; found {}",
                    types(),
                    describe(other)
                ),
            );
            None
        }
    }
}

fn read_param(
    action: &str,
    key: &Value,
    schema: &Value,
    entry: &Entry,
    sink: &mut Sink,
) -> Option<Param> {
    let Some(name) = key.as_str() else {
        sink.error(
            &entry.key,
            format!(
                "parameter names of action `{action}` must be strings; found {}",
                describe(key)
            ),
        );
        return None;
    };
    let location = sink
        .locate(&entry.key)
        .unwrap_or(Location { line: 0, column: 0 });
    let mut param = Param {
        name: name.to_owned(),
        kind: None,
        items: None,
        required: false,
        default: None,
        description: None,
        location,
    };
    let body = match schema {
        Value::Mapping(body) => body,
        Value::Null => return Some(param),
        other => {
            sink.error(
                entry.blame(other),
                format!(
                    "parameter `{name}` of action `{action}` must be a JSON Schema map; found {}",
                    describe(other)
                ),
            );
            return Some(param);
        }
    };
    if let Some((value, at)) = field(body, "type", &entry.value) {
        param.kind = param_type(action, name, value, &at.value, sink);
    }
    if let Some((Value::Mapping(items), at)) = field(body, "items", &entry.value)
        && let Some((value, item_type)) = field(items, "type", &at.value)
    {
        param.items = param_type(action, name, value, &item_type.value, sink);
    }
    match field(body, "description", &entry.value) {
        None | Some((Value::Null, _)) => {}
        Some((Value::String(text), _)) => param.description = Some(text.clone()),
        Some((other, at)) => sink.error(
            &at.value,
            format!(
                "parameter `{name}` of action `{action}`: `description` must be text; found {}",
                describe(other)
            ),
        ),
    }
    if let Some((value, at)) = field(body, "default", &entry.value)
        && !value.is_null()
    {
        match param.kind {
            Some(kind) if !kind.fits(value) => sink.error(
                &at.value,
                format!(
                    "parameter `{name}` of action `{action}` is {} `{kind}`, but its default is {}",
                    if kind == ParamType::Integer
                        || kind == ParamType::Array
                        || kind == ParamType::Object
                    {
                        "an"
                    } else {
                        "a"
                    },
                    describe(value)
                ),
            ),
            _ => param.default = serde_json::to_string(value).ok(),
        }
    }
    Some(param)
}

#[cfg(test)]
mod tests {
    use super::{ParamType, parse, parse_unified};

    fn errors(text: &str) -> Vec<String> {
        parse(text)
            .unwrap_err()
            .errors
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn reads_every_type_required_defaults_and_closure() {
        let file = parse(
            "backup:\n  description: Back up.\n  params:\n    dest: {type: string}\n    \
             keep: {type: integer, default: 3}\n    ratio: {type: number}\n    \
             force: {type: boolean, default: false}\n    tags: {type: array, items: {type: string}}\n    \
             extra: {type: object}\n    anything: {description: Any JSON.}\n  \
             required: [dest]\n  additionalProperties: false\nlist:\n",
        )
        .unwrap();
        let backup = file.action("backup").unwrap();
        assert!(backup.closed);
        assert_eq!(backup.description.as_deref(), Some("Back up."));
        let kinds: Vec<(&str, Option<ParamType>, bool, Option<&str>)> = backup
            .params
            .iter()
            .map(|p| (p.name.as_str(), p.kind, p.required, p.default.as_deref()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("dest", Some(ParamType::String), true, None),
                ("keep", Some(ParamType::Integer), false, Some("3")),
                ("ratio", Some(ParamType::Number), false, None),
                ("force", Some(ParamType::Boolean), false, Some("false")),
                ("tags", Some(ParamType::Array), false, None),
                ("extra", Some(ParamType::Object), false, None),
                ("anything", None, false, None),
            ]
        );
        assert_eq!(backup.params[4].items, Some(ParamType::String));
        assert!(file.action("list").unwrap().params.is_empty());
    }

    #[test]
    fn every_fault_is_reported_with_its_place() {
        assert_eq!(
            errors(
                "Backup:\n  params:\n    keep: {type: integer, default: three}\n  required: [dst, 7]\n  \
                 additionalProperties: nope\nlist: 7\n"
            ),
            [
                "1:1: action `Backup`: Juju takes action names of lowercase letters and digits, with inner hyphens",
                "3:36: parameter `keep` of action `Backup` is an `integer`, but its default is the string `three`",
                "4:14: action `Backup` requires `dst`, which is none of its `params`",
                "4:19: action `Backup`'s `required` lists parameter names; found the number `7`",
                "5:25: action `Backup`'s `additionalProperties` must be `true` or `false`; found the string `nope`",
                "6:7: action `list` must be a map with its `description` and `params`; found the number `7`",
            ]
        );
    }

    #[test]
    fn a_unified_file_has_its_actions_under_actions() {
        let text = "name: x\nactions:\n  go:\n    params:\n      n: {type: integer}\n";
        let file = parse_unified(text).unwrap().unwrap();
        assert_eq!(file.actions[0].params[0].location.line, 5);
        assert_eq!(parse_unified("name: x\n").unwrap(), None);
    }
}
