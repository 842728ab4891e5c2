//! `goal-state`: the units of the hook unit's application and, per
//! endpoint, the applications and units it is (or will be) related to.

use serde_json::{Map, Value, json};

use super::{Outcome, check_empty, parse, printed, usage, yaml_or_json};
use crate::model::{Deployment, HookState, app_of};

/// The `since` every entry shows: the model keeps no times.
const SINCE: &str = "2024-07-15 10:00:00Z";

fn entry(status: &str) -> Value {
    json!({"status": status, "since": SINCE})
}

fn unit_status(dep: &Deployment, unit: &str) -> String {
    dep.units
        .get(unit)
        .and_then(|u| u.status.as_ref())
        .map_or_else(|| "waiting".to_owned(), |s| s.status.clone())
}

pub(super) fn goal_state(dep: &Deployment, hook: &HookState, args: &[String]) -> Outcome {
    let parsed = parse(&[super::FORMAT], args).map_err(usage)?;
    let format = yaml_or_json(&parsed)?;
    check_empty(&parsed.positionals)?;
    let own = app_of(&hook.unit);
    let units: Map<String, Value> = dep
        .units
        .keys()
        .filter(|u| app_of(u) == own)
        .map(|u| (u.clone(), entry(&unit_status(dep, u))))
        .collect();
    let mut relations: Map<String, Value> = Map::new();
    for relation in dep.relations.values().filter(|r| !r.dead && !r.is_peer()) {
        let (Some(side), Some(remote)) = (relation.side(own), relation.remote_side(own)) else {
            continue;
        };
        let slot = relations
            .entry(side.endpoint.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        slot[remote.app.as_str()] = entry("joined");
        for unit in relation.members.iter().filter(|u| app_of(u) == remote.app) {
            slot[unit.as_str()] = entry(&unit_status(dep, unit));
        }
    }
    Ok(printed(
        &json!({"units": units, "relations": relations}),
        format,
    ))
}
