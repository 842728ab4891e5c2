//! Section 2 of the report: the hooks of a unit with many remote units or
//! relations, per implementation and size.

use std::fmt::Write as _;

use crate::hook::Sample;
use crate::scale::Point;
use crate::stats::{class_calls, hook_tool_ms, kib, num, own_ms, rss, spread};

use super::thousands;

/// The table, then what went wrong, if anything did.
pub fn table(points: &[Result<Point, String>]) -> String {
    let mut out = String::from(
        "| charm | impl | existing units / relations | runs | hook | wall ms, median [min–max] | tools ms | own ms (wall − tools) | relation calls | other calls | store after | peak RSS |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n",
    );
    let mut notes = Vec::new();
    for point in points {
        let p = match point {
            Ok(p) => p,
            Err(e) => {
                notes.push(format!("- error: {e}"));
                continue;
            }
        };
        for (step, cell) in &p.steps {
            let samples = &cell.samples;
            let Some(first) = samples.first() else {
                continue;
            };
            let tools = cell.tools.as_ref();
            let killed = samples.iter().any(|s| s.timed_out);
            let failed = samples.iter().any(|s| !s.ok && !s.timed_out);
            let at_least = if killed { "≥ " } else { "" };
            let _ = writeln!(
                out,
                "| {} | {} | {} (state file {}) | {} | {} | {}{} | {} | {} | {at_least}{} | {at_least}{} | {} | {} |",
                p.role.charm(),
                p.implementation.title(),
                thousands(p.size),
                kib(p.state_bytes),
                samples.len(),
                step.label(),
                if killed {
                    "killed at "
                } else if failed {
                    "failed after "
                } else {
                    ""
                },
                spread(samples),
                num(hook_tool_ms(samples, tools)),
                if killed {
                    "–".to_owned()
                } else {
                    num(own_ms(samples, tools))
                },
                class_calls(samples, Sample::relation_calls),
                class_calls(samples, Sample::other_calls),
                kib(first.store_bytes),
                kib(rss(samples) * 1024),
            );
        }
        if let Some(note) = &p.note {
            notes.push(format!(
                "- {} {} at {}: {note}",
                p.implementation.title(),
                p.role.charm(),
                thousands(p.size)
            ));
        }
    }
    if !notes.is_empty() {
        out.push('\n');
        out.push_str(&notes.join("\n"));
        out.push('\n');
    }
    out
}
