//! `state-get`, `state-set` and `state-delete`: the unit's server-side
//! state, written at commit and read back with this hook's writes.

use std::io::Read;

use serde_json::Value;

use super::{
    Format, Outcome, Printed, bag_value, check_empty, failed, format_of, key_values, overlaid,
    parse, printed, read_settings, usage,
};
use crate::flags::Flag;
use crate::model::{Bag, Deployment, HookState};

/// Juju's limits on one key and one value.
const MAX_KEY: usize = 256;
const MAX_VALUE: usize = 65_536;

/// The unit's state with this hook's writes.
fn current(dep: &Deployment, hook: &HookState) -> Bag {
    let state = dep
        .units
        .get(&hook.unit)
        .map(|u| u.state.clone())
        .unwrap_or_default();
    overlaid(state, Some(&dep.pending.state))
}

pub(super) fn state_get(dep: &Deployment, hook: &HookState, args: &[String]) -> Outcome {
    let parsed = parse(&[super::FORMAT, Flag::switch(&["strict"])], args).map_err(usage)?;
    let format = format_of(&parsed)?;
    let (key, rest) = match parsed.positionals.split_first() {
        Some((key, rest)) => (Some(key.as_str()).filter(|k| *k != "-"), rest),
        None => (None, &[][..]),
    };
    check_empty(rest)?;
    let state = current(dep, hook);
    let Some(key) = key else {
        // Juju's context holds a nil map when there is no state: JSON
        // prints `null`, the YAML formats `{}`.
        if state.is_empty() {
            let text = if matches!(format, Format::Json) {
                "null\n"
            } else {
                "{}\n"
            };
            return Ok(Printed::from(text.to_owned()));
        }
        return Ok(printed(&bag_value(&state), format));
    };
    match state.get(key) {
        Some(value) => Ok(printed(&Value::String(value.clone()), format)),
        None if parsed.switch("strict") => Err(failed(format!("{key:?} not found"))),
        None => Ok(printed(&Value::String(String::new()), format)),
    }
}

pub(super) fn state_set(dep: &mut Deployment, args: &[String], stdin: &mut dyn Read) -> Outcome {
    let parsed = parse(&[Flag::value(&["file"])], args).map_err(usage)?;
    let overrides = key_values(&parsed.positionals)?;
    let mut settings = match parsed.value("file") {
        Some(file) => read_settings(&file.value, stdin)?,
        None => Bag::new(),
    };
    settings.extend(overrides);
    for (key, value) in &settings {
        if key.len() > MAX_KEY {
            return Err(failed(format!(
                "max allowed key length ({MAX_KEY}) exceeded"
            )));
        }
        if value.len() > MAX_VALUE {
            return Err(failed(format!(
                "max allowed value length ({MAX_VALUE}) exceeded"
            )));
        }
    }
    for (key, value) in settings {
        // An empty value is stored, not a delete.
        dep.pending.state.insert(key, Some(value));
    }
    Ok(Printed::default())
}

pub(super) fn state_delete(dep: &mut Deployment, args: &[String]) -> Outcome {
    let parsed = parse(&[], args).map_err(usage)?;
    let Some((key, rest)) = parsed.positionals.split_first() else {
        return Ok(Printed::default());
    };
    check_empty(rest)?;
    dep.pending.state.insert(key.clone(), None);
    Ok(Printed::default())
}
