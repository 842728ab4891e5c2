//! The report's last part, for the runtime's owner: the tool calls of
//! every iface hook, against the protocol's minimum, and how they grow
//! with the deployment.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::charms::{Impl, Role, Step};
use crate::floor::{minimum_relation_calls, relation_calls_over_minimum};
use crate::hook::Sample;
use crate::scale::Point;
use crate::stats::{by_tool_map, calls};

use super::{Results, thousands};

/// Every call of a sample, in order (`none` for none).
fn call_list(sample: &Sample) -> String {
    if sample.calls.is_empty() {
        return "none".to_owned();
    }
    let tools: Vec<&str> = sample.calls.iter().map(|c| c.tool.as_str()).collect();
    tools.join(", ")
}

/// Where the cost goes.
pub fn section(results: &Results) -> String {
    let mut out = String::new();
    if let Some((_, Ok(table))) = results.side.iter().find(|(d, _)| *d == 0) {
        out.push_str("Tool calls of every iface hook, fast tools (one relation), in order, and the relation calls over the protocol's minimum:\n\n");
        for role in Role::ALL {
            for step in Step::ALL {
                let Some(first) = table
                    .get(role, step, Impl::Iface)
                    .and_then(|cell| cell.samples.first())
                else {
                    continue;
                };
                let over = relation_calls_over_minimum(step, first);
                let _ = writeln!(
                    out,
                    "- {} {}{}: {}{}",
                    role.charm(),
                    step.hook(role),
                    if step == Step::Unchanged {
                        " (nothing changed)"
                    } else {
                        ""
                    },
                    call_list(first),
                    if over > 0 {
                        format!(
                            " (**{over} over the minimum** of {})",
                            minimum_relation_calls(step)
                        )
                    } else {
                        String::new()
                    }
                );
            }
        }
    }
    let points: Vec<&Point> = results
        .scale
        .iter()
        .filter_map(|p| p.as_ref().ok())
        .filter(|p| p.implementation == Impl::Iface)
        .collect();
    let mut largest: BTreeMap<Role, &Point> = BTreeMap::new();
    for p in &points {
        if largest.get(&p.role).is_none_or(|q| q.size < p.size) {
            largest.insert(p.role, p);
        }
    }
    for p in largest.values() {
        if let Some((step, first)) = p
            .steps
            .iter()
            .find_map(|(step, cell)| cell.samples.first().map(|s| (step, s)))
        {
            let _ = writeln!(
                out,
                "\nThe first calls of iface {} {} at {} (argv as the fake tools got it):\n",
                p.role.charm(),
                step.label(),
                thousands(p.size)
            );
            for call in first.calls.iter().take(4) {
                let _ = writeln!(out, "- `{} {}`", call.tool, call.args.join(" "));
            }
        }
    }
    let mut growth = Vec::new();
    for p in &points {
        for (step, cell) in &p.steps {
            if let Some(first) = cell.samples.first() {
                growth.push(format!(
                    "- {} {} at {}: {} ({})",
                    p.role.charm(),
                    step.label(),
                    thousands(p.size),
                    calls(first.calls.len(), "call"),
                    by_tool_map(&first.calls_by_tool())
                ));
            }
        }
    }
    if !growth.is_empty() {
        out.push_str("\nTool calls of the scaled iface hooks, by size:\n\n");
        out.push_str(&growth.join("\n"));
        out.push('\n');
    }
    out
}
