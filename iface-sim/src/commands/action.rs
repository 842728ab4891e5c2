//! `action-get`, `action-set`, `action-log` and `action-fail`: what an
//! action reads and reports while it runs.

use serde_json::{Map, Value};

use super::{Format, Outcome, Printed, check_empty, failed, format_of, parse, printed, usage};
use crate::model::{Deployment, RunningAction};

/// Result keys Juju keeps for itself.
const RESERVED: [&str; 4] = ["stdout", "stdout-encoding", "stderr", "stderr-encoding"];

/// What `action-fail` says when given no message.
pub const DEFAULT_FAILURE: &str = "action failed without reason given, check action for errors";

fn running(dep: &mut Deployment) -> Result<&mut RunningAction, super::Fail> {
    dep.hook
        .as_mut()
        .and_then(|h| h.action.as_mut())
        .ok_or_else(|| failed("not running an action"))
}

pub(super) fn action_get(dep: &mut Deployment, args: &[String]) -> Outcome {
    let parsed = parse(&[super::FORMAT], args).map_err(usage)?;
    let format = format_of(&parsed)?;
    let (key, rest) = match parsed.positionals.split_first() {
        Some((key, rest)) => (Some(key.clone()), rest),
        None => (None, &[][..]),
    };
    check_empty(rest)?;
    let params = Value::Object(running(dep)?.params.clone());
    let Some(key) = key else {
        return Ok(printed(&params, format));
    };
    let found = key
        .split('.')
        .try_fold(&params, |value, segment| value.get(segment));
    match found {
        Some(value) => Ok(printed(value, format)),
        // A missing path prints `null` in JSON and nothing otherwise.
        None if matches!(format, Format::Json) => Ok(printed(&Value::Null, format)),
        None => Ok(Printed::default()),
    }
}

/// Whether `segment` is a valid result key segment (Juju's action name
/// rule).
fn valid_segment(segment: &str) -> bool {
    let bytes = segment.as_bytes();
    let inner = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    match bytes {
        [] => false,
        [only] => inner(only),
        [first, middle @ .., last] => {
            inner(first) && inner(last) && middle.iter().all(|b| inner(b) || *b == b'-')
        }
    }
}

pub(super) fn action_set(dep: &mut Deployment, args: &[String]) -> Outcome {
    let parsed = parse(&[], args).map_err(usage)?;
    let mut pairs = Vec::new();
    for arg in &parsed.positionals {
        let Some((key, value)) = arg.split_once('=') else {
            return Err(usage(format!(
                "argument {arg:?} must be of the form key...=value"
            )));
        };
        let path: Vec<&str> = key.split('.').collect();
        for segment in &path {
            if !valid_segment(segment) {
                return Err(usage(format!(
                    "key {segment:?} must start and end with lowercase alphanumeric, and \
                     contain only lowercase alphanumeric, hyphens and periods"
                )));
            }
            if RESERVED.contains(segment) {
                return Err(usage(format!("cannot set reserved action key {segment:?}")));
            }
        }
        pairs.push((path, value.to_owned()));
    }
    let action = running(dep)?;
    for (path, value) in pairs {
        insert(&mut action.results, &path, value);
    }
    Ok(Printed::default())
}

/// Sets `path` in `results` to `value`, making maps on the way and
/// replacing a scalar that stands where a map must go.
fn insert(results: &mut Map<String, Value>, path: &[&str], value: String) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut map = results;
    for segment in parents {
        let slot = map
            .entry((*segment).to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        if !slot.is_object() {
            *slot = Value::Object(Map::new());
        }
        map = slot.as_object_mut().expect("made a map above");
    }
    map.insert((*last).to_owned(), Value::String(value));
}

pub(super) fn action_log(dep: &mut Deployment, args: &[String]) -> Outcome {
    let parsed = parse(&[], args).map_err(usage)?;
    if parsed.positionals.is_empty() {
        return Err(usage("no message specified"));
    }
    running(dep)?.log.push(parsed.positionals.join(" "));
    Ok(Printed::default())
}

pub(super) fn action_fail(dep: &mut Deployment, args: &[String]) -> Outcome {
    let parsed = parse(&[], args).map_err(usage)?;
    let (message, rest) = match parsed.positionals.split_first() {
        Some((message, rest)) => (message.clone(), rest),
        None => (DEFAULT_FAILURE.to_owned(), &[][..]),
    };
    check_empty(rest)?;
    running(dep)?.failed = Some(message);
    Ok(Printed::default())
}
