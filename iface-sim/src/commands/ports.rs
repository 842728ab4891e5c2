//! `open-port`, `close-port` and `opened-ports`: the unit's opened port
//! ranges, changed at commit and listed with this hook's changes.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::{Outcome, Printed, check_empty, failed, format_of, parse, printed, usage};
use crate::flags::Flag;
use crate::model::{ALL_ENDPOINTS, Deployment, HookState, PortChange, PortRange};

const ENDPOINTS: Flag = Flag::value(&["endpoints"]);

/// Parses `open-port`'s argument as Juju does: lower-cased; `icmp`, or
/// `PORT[-TO][/PROTOCOL]`, `tcp` by default.
fn parse_range(arg: &str) -> Result<PortRange, String> {
    let arg = arg.to_lowercase();
    if arg == "icmp" {
        return Ok(PortRange {
            protocol: "icmp".to_owned(),
            from: 0,
            to: 0,
        });
    }
    let (ports, protocol) = match arg.split_once('/') {
        Some((ports, protocol)) => (ports, protocol.to_owned()),
        None => (arg.as_str(), "tcp".to_owned()),
    };
    let bounds: Vec<&str> = ports.split('-').collect();
    if bounds.len() > 2 {
        return Err(format!("invalid port range {ports:?}"));
    }
    let number = |text: &str| -> Result<i64, String> {
        text.parse::<i64>().map_err(|_| {
            format!("invalid port {text:?}: strconv.Atoi: parsing {text:?}: invalid syntax")
        })
    };
    let from = number(bounds[0])?;
    let to = bounds.get(1).map_or(Ok(from), |t| number(t))?;
    if !["tcp", "udp", "icmp"].contains(&protocol.as_str()) {
        return Err(format!(
            "invalid protocol {protocol:?}, expected \"tcp\", \"udp\", or \"icmp\""
        ));
    }
    if protocol == "icmp" {
        return Err(format!(
            "protocol \"icmp\" doesn't support any ports; got \"{from}\""
        ));
    }
    if from > to {
        return Err(format!("invalid port range {from}-{to}/{protocol}"));
    }
    match (u16::try_from(from), u16::try_from(to)) {
        (Ok(from), Ok(to)) => Ok(PortRange { protocol, from, to }),
        _ => Err(format!(
            "port range bounds must be between 0 and 65535, got {from}-{to}"
        )),
    }
}

/// The unit's opened ranges with the endpoints each is open on, this
/// hook's changes applied.
fn opened(
    dep: &Deployment,
    unit: &str,
    pending: &[PortChange],
) -> BTreeMap<PortRange, BTreeSet<String>> {
    let mut by_endpoint = dep
        .units
        .get(unit)
        .map(|u| u.opened_ports.clone())
        .unwrap_or_default();
    for change in pending {
        let ranges = by_endpoint.entry(change.endpoint.clone()).or_default();
        if change.open {
            ranges.insert(change.range.clone());
        } else {
            ranges.remove(&change.range);
        }
    }
    let mut out: BTreeMap<PortRange, BTreeSet<String>> = BTreeMap::new();
    for (endpoint, ranges) in by_endpoint {
        for range in ranges {
            out.entry(range).or_default().insert(endpoint.clone());
        }
    }
    out
}

pub(super) fn change_port(
    dep: &mut Deployment,
    hook: &HookState,
    tool: &str,
    args: &[String],
) -> Outcome {
    let parsed = parse(&[ENDPOINTS, super::FORMAT], args).map_err(usage)?;
    let Some((arg, rest)) = parsed.positionals.split_first() else {
        return Err(usage("no port or range specified"));
    };
    let range = parse_range(arg).map_err(usage)?;
    check_empty(rest)?;
    let endpoints: Vec<String> = match parsed.value("endpoints") {
        Some(given) => given
            .value
            .split(',')
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(str::to_owned)
            .collect(),
        None => vec![ALL_ENDPOINTS.to_owned()],
    };
    let open = tool == "open-port";
    if open {
        check_conflicts(dep, hook, &range)?;
    }
    let pending = &mut dep.pending.ports;
    for endpoint in endpoints {
        // The opposite request for the same range is cancelled; the same
        // request again is a no-op.
        pending.retain(|c| !(c.open != open && c.endpoint == endpoint && c.range == range));
        let change = PortChange {
            open,
            endpoint,
            range: range.clone(),
        };
        if !pending.contains(&change) {
            pending.push(change);
        }
    }
    let warning = if parsed.value("format").is_some() {
        format!("--format flag deprecated for command {tool:?}")
    } else {
        String::new()
    };
    Ok(Printed {
        stdout: String::new(),
        warning,
    })
}

/// Refuses a range that overlaps another one on the same machine (another
/// unit's, or one of this hook's requests) without being the same range.
fn check_conflicts(
    dep: &Deployment,
    hook: &HookState,
    range: &PortRange,
) -> Result<(), super::Fail> {
    let machine = dep.units.get(&hook.unit).map(|u| u.machine.as_str());
    let conflict = |other: &PortRange, owner: &str, earlier: bool| {
        failed(format!(
            "cannot open {range} (unit {:?}): port range conflicts with {other} (unit {owner:?}){}",
            hook.unit,
            if earlier { " requested earlier" } else { "" }
        ))
    };
    for change in dep.pending.ports.iter().filter(|c| c.open) {
        if change.range != *range && change.range.overlaps(range) {
            return Err(conflict(&change.range, &hook.unit, true));
        }
    }
    for (name, unit) in &dep.units {
        if *name == hook.unit || Some(unit.machine.as_str()) != machine {
            continue;
        }
        for other in unit.opened_ports.values().flatten() {
            if other.overlaps(range) {
                return Err(conflict(other, name, false));
            }
        }
    }
    Ok(())
}

pub(super) fn opened_ports(dep: &Deployment, hook: &HookState, args: &[String]) -> Outcome {
    let parsed = parse(&[super::FORMAT, Flag::switch(&["endpoints"])], args).map_err(usage)?;
    let format = format_of(&parsed)?;
    check_empty(&parsed.positionals)?;
    let with_endpoints = parsed.switch("endpoints");
    let entries: Vec<Value> = opened(dep, &hook.unit, &dep.pending.ports)
        .into_iter()
        .map(|(range, endpoints)| {
            if with_endpoints {
                let names: Vec<String> = endpoints.into_iter().collect();
                Value::String(format!("{range} ({})", names.join(", ")))
            } else {
                Value::String(range.to_string())
            }
        })
        .collect();
    Ok(printed(&json!(entries), format))
}
