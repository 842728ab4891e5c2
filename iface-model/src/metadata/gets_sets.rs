//! The `gets` and `sets` documentation keys of a relation (seed 002).
//!
//! Juju ignores both; they record the relation-data protocol: `gets` lists
//! the keys every remote unit must set for the local unit to work, `sets`
//! the keys the local unit writes, each either unconditionally (`host`) or
//! once the remote side has set some keys (`- P: [X, Y]`).

use std::collections::HashSet;

use serde_yaml_ng::Value;

use super::error::Sink;
use super::location::{Entry, NodePath};
use super::value::describe;

/// One key a relation writes, and the remote keys it waits for.
///
/// `sets: [host, port]` gives `host` and `port` with empty `after`;
/// `sets: [{P: [X, Y]}]` gives `P` with `after: [X, Y]`; the long form
/// `- P: {after: [X, Y], bag: app, encoding: json}` also says which bag
/// holds the key and how it is written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SetDecl {
    /// The relation-data key written.
    pub key: String,
    /// The remote keys that must all be set before `key` is written.
    pub after: Vec<String>,
    /// `unit` or `app`, when documented.
    pub bag: Option<String>,
    /// `raw` or `json`, when documented.
    pub encoding: Option<String>,
}

/// The options of the long form of a `sets` entry.
const SET_OPTIONS: [&str; 3] = ["after", "bag", "encoding"];

/// Reads `gets` of relation `relation` at `entry`.
pub(super) fn read_gets(
    relation: &str,
    value: &Value,
    entry: &Entry,
    sink: &mut Sink,
) -> Vec<String> {
    let what = format!("`gets` of relation `{relation}`");
    match value {
        Value::Null => Vec::new(),
        Value::Sequence(items) => {
            let mut seen = HashSet::new();
            let mut keys = Vec::new();
            for (index, item) in items.iter().enumerate() {
                let path = entry.value.item(index);
                if let Some(key) = read_key(item, &path, &what, sink) {
                    if seen.insert(key.clone()) {
                        keys.push(key);
                    } else {
                        sink.error(&path, format!("key `{key}` appears twice in {what}"));
                    }
                }
            }
            keys
        }
        other => {
            sink.error(
                entry.blame(other),
                format!(
                    "{what} must be a list of relation-data keys, such as `[host, port]`; found {}",
                    describe(other)
                ),
            );
            Vec::new()
        }
    }
}

/// Reads `sets` of relation `relation` at `entry`.
pub(super) fn read_sets(
    relation: &str,
    value: &Value,
    entry: &Entry,
    sink: &mut Sink,
) -> Vec<SetDecl> {
    let what = format!("`sets` of relation `{relation}`");
    let items = match value {
        Value::Null => return Vec::new(),
        Value::Sequence(items) => items,
        other => {
            sink.error(
                entry.blame(other),
                format!(
                    "{what} must be a list of relation-data keys, each a plain key (`host`) or a \
                     single-key map to the remote keys it waits for (`P: [X, Y]`); found {}",
                    describe(other)
                ),
            );
            return Vec::new();
        }
    };
    let mut seen = HashSet::new();
    let mut sets = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let path = entry.value.item(index);
        let Some(set) = read_set(item, &path, &what, sink) else {
            continue;
        };
        if seen.insert(set.key.clone()) {
            sets.push(set);
        } else {
            sink.error(&path, format!("key `{}` appears twice in {what}", set.key));
        }
    }
    sets
}

/// One entry of `sets`: a key, or `key: [after, ...]`.
fn read_set(item: &Value, path: &NodePath, what: &str, sink: &mut Sink) -> Option<SetDecl> {
    match item {
        Value::Mapping(map) if map.len() == 1 => {
            let (key, value) = map.iter().next()?;
            let entry = Entry::of(path, 0);
            let key = read_key(key, &entry.key, what, sink);
            if let Value::Mapping(options) = value {
                return read_long_set(key, options, &entry, what, sink);
            }
            let after = read_after(key.as_deref(), value, &entry, what, sink);
            Some(SetDecl {
                key: key?,
                after: after?,
                ..SetDecl::default()
            })
        }
        Value::Mapping(map) if !map.is_empty() => {
            sink.error(
                path,
                format!(
                    "an entry of {what} maps {} keys; each entry maps a single key to the remote \
                     keys it waits for, so give every key its own entry (`- P: [X, Y]`)",
                    map.len()
                ),
            );
            None
        }
        Value::String(_) => Some(SetDecl {
            key: read_key(item, path, what, sink)?,
            ..SetDecl::default()
        }),
        other => {
            sink.error(
                path,
                format!(
                    "an entry of {what} must be a key (`host`) or a single-key map to the remote \
                     keys it waits for (`P: [X, Y]`); found {}",
                    describe(other)
                ),
            );
            None
        }
    }
}

/// The remote keys a `sets` key waits for.
fn read_after(
    key: Option<&str>,
    value: &Value,
    entry: &Entry,
    what: &str,
    sink: &mut Sink,
) -> Option<Vec<String>> {
    let owner = key.map_or_else(|| "a key".to_owned(), |key| format!("`{key}`"));
    let Value::Sequence(items) = value else {
        sink.error(
            entry.blame(value),
            format!(
                "the keys {owner} waits for in {what} must be a list, such as `[X, Y]`; found {}",
                describe(value)
            ),
        );
        return None;
    };
    let context = format!("the keys {owner} waits for in {what}");
    let mut after = Some(Vec::new());
    for (index, item) in items.iter().enumerate() {
        let key = read_key(item, &entry.value.item(index), &context, sink);
        match (&mut after, key) {
            (Some(keys), Some(key)) => keys.push(key),
            _ => after = None,
        }
    }
    after
}

/// The long form of a `sets` entry: `key: {after: [X], bag: app,
/// encoding: json}`, each option optional.
fn read_long_set(
    key: Option<String>,
    options: &serde_yaml_ng::Mapping,
    entry: &Entry,
    what: &str,
    sink: &mut Sink,
) -> Option<SetDecl> {
    let owner = key
        .as_deref()
        .map_or_else(|| "a key".to_owned(), |key| format!("`{key}`"));
    let mut set = SetDecl::default();
    let mut ok = true;
    for (index, (name, value)) in options.iter().enumerate() {
        let option = Entry::of(&entry.value, index);
        let choice = |allowed: [&str; 2], sink: &mut Sink| match value {
            Value::String(text) if allowed.contains(&text.as_str()) => Some(text.clone()),
            other => {
                sink.error(
                    &option.value,
                    format!(
                        "`{}` of {owner} in {what} must be `{}` or `{}`; found {}",
                        name.as_str().unwrap_or_default(),
                        allowed[0],
                        allowed[1],
                        describe(other)
                    ),
                );
                None
            }
        };
        match name.as_str() {
            Some("after") => match read_after(key.as_deref(), value, &option, what, sink) {
                Some(after) => set.after = after,
                None => ok = false,
            },
            Some("bag") => match choice(["unit", "app"], sink) {
                Some(bag) => set.bag = Some(bag),
                None => ok = false,
            },
            Some("encoding") => match choice(["raw", "json"], sink) {
                Some(encoding) => set.encoding = Some(encoding),
                None => ok = false,
            },
            _ => {
                let word = name.as_str().unwrap_or_default();
                let hint = crate::did_you_mean(word, SET_OPTIONS)
                    .map(|near| format!(" (did you mean `{near}`?)"))
                    .unwrap_or_default();
                sink.error(
                    &option.key,
                    format!(
                        "unknown option `{word}` of {owner} in {what}; expected `after`, `bag` or `encoding`{hint}"
                    ),
                );
                ok = false;
            }
        }
    }
    set.key = key?;
    ok.then_some(set)
}

/// A relation-data key: a non-empty string.
fn read_key(value: &Value, path: &NodePath, what: &str, sink: &mut Sink) -> Option<String> {
    match value {
        Value::String(key) if key.is_empty() => {
            sink.error(path, format!("empty key in {what}"));
            None
        }
        Value::String(key) => Some(key.clone()),
        other => {
            sink.error(
                path,
                format!("keys in {what} must be strings; found {}", describe(other)),
            );
            None
        }
    }
}
