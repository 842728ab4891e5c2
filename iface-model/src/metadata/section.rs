//! A charm file read whole, or as one section of a unified
//! `charmcraft.yaml` (`config.yaml` or `config:`, `actions.yaml` or
//! `actions:`), with every fault at the file's own line and column.

use serde_yaml_ng::Value;

use super::{Entry, MetadataError, NodePath, Sink, yaml_error};

/// What was read, or the faults and what could be read anyway.
type Read<T> = Result<Option<T>, (Vec<MetadataError>, Option<T>)>;

/// Reads the map at the root of `text` with `read` (`section` `None`), or
/// the value of its key `section` (`Ok(None)` when it has none). `read`
/// gets the value, where it is, how to name it in messages, and the sink
/// its faults go to.
pub(crate) fn read<T>(
    text: &str,
    section: Option<&str>,
    file: &str,
    read: impl FnOnce(&Value, &NodePath, &str, &mut Sink) -> T,
) -> Read<T> {
    let root: Value =
        serde_yaml_ng::from_str(text).map_err(|e| (vec![yaml_error(text, &e)], None))?;
    let mut sink = Sink::new(text);
    let value = match section {
        None => Some(read(&root, &NodePath::root(), file, &mut sink)),
        Some(section) => {
            let found = match &root {
                Value::Mapping(map) => map
                    .iter()
                    .position(|(key, _)| key.as_str() == Some(section))
                    .map(|index| (index, &map[section])),
                _ => None,
            };
            found.map(|(index, value)| {
                let entry = Entry::of(&NodePath::root(), index);
                read(value, &entry.value, &format!("`{section}`"), &mut sink)
            })
        }
    };
    if sink.errors.is_empty() {
        Ok(value)
    } else {
        Err((sink.errors, value))
    }
}
