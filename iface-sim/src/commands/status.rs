//! `status-set` and `status-get`: a unit's workload status, and its
//! application's (the leader's to set and read).

use serde_json::{Map, Value, json};

use super::{Format, Outcome, Printed, check_empty, failed, format_of, parse, printed, usage};
use crate::flags::Flag;
use crate::model::{Deployment, HookState, StatusEntry, app_of};

/// The statuses a charm may set.
const SETTABLE: [&str; 4] = ["maintenance", "blocked", "waiting", "active"];

const APPLICATION: Flag = Flag::switch(&["application"]);

pub(super) fn status_set(dep: &mut Deployment, hook: &HookState, args: &[String]) -> Outcome {
    let parsed = parse(&[APPLICATION], args).map_err(usage)?;
    let Some((status, rest)) = parsed.positionals.split_first() else {
        return Err(usage("invalid args, require <status> [message]"));
    };
    if !SETTABLE.contains(&status.as_str()) {
        return Err(usage(format!(
            "invalid status {status:?}, expected one of [{}]",
            SETTABLE.join(" ")
        )));
    }
    let (message, rest) = rest
        .split_first()
        .map_or((String::new(), &[][..]), |(m, r)| (m.clone(), r));
    check_empty(rest)?;
    let entry = StatusEntry {
        status: status.clone(),
        message,
    };
    if parsed.switch("application") {
        if !dep.is_leader(&hook.unit) {
            return Err(failed("this unit is not the leader"));
        }
        dep.applications
            .entry(app_of(&hook.unit).to_owned())
            .or_default()
            .status = Some(entry);
    } else if let Some(unit) = dep.units.get_mut(&hook.unit) {
        unit.status = Some(entry);
    }
    Ok(Printed::default())
}

/// A status as `status-get --include-data` prints it; a unit or
/// application that never set one is `unknown`.
fn entry(status: Option<&StatusEntry>) -> Value {
    let (status, message) = status.map_or(("unknown", ""), |s| (&s.status, &s.message));
    json!({"message": message, "status": status, "status-data": {}})
}

pub(super) fn status_get(dep: &Deployment, hook: &HookState, args: &[String]) -> Outcome {
    let parsed = parse(
        &[super::FORMAT, APPLICATION, Flag::switch(&["include-data"])],
        args,
    )
    .map_err(usage)?;
    let format = format_of(&parsed)?;
    check_empty(&parsed.positionals)?;
    let with_data = parsed.switch("include-data");
    let app = app_of(&hook.unit);
    if parsed.switch("application") {
        if !dep.is_leader(&hook.unit) {
            return Err(failed(
                "finding application status: this unit is not the leader",
            ));
        }
        let own = dep.applications.get(app).and_then(|a| a.status.as_ref());
        if !with_data {
            return Ok(word_only(own, format));
        }
        let units: Map<String, Value> = dep
            .units
            .iter()
            .filter(|(name, _)| app_of(name) == app)
            .map(|(name, unit)| (name.clone(), entry(unit.status.as_ref())))
            .collect();
        let mut status = entry(own);
        status["units"] = Value::Object(units);
        return Ok(printed(&json!({ "application-status": status }), format));
    }
    let own = dep.units.get(&hook.unit).and_then(|u| u.status.as_ref());
    if with_data {
        return Ok(printed(&entry(own), format));
    }
    Ok(word_only(own, format))
}

/// `status-get` without `--include-data`: the status word alone in the
/// smart format, `{"status": ...}` in the others.
fn word_only(status: Option<&StatusEntry>, format: Format) -> Printed {
    let word = status.map_or("unknown", |s| s.status.as_str());
    match format {
        Format::Smart => printed(&Value::String(word.to_owned()), format),
        _ => printed(&json!({ "status": word }), format),
    }
}
