//! Section 1 of the report: the http hooks side by side, iface, ops and
//! charms.reactive, one relation; the speed of each against the process
//! floor and against each other, then every measurement per charm.

use std::fmt::Write as _;

use crate::charms::{Impl, Role, Step};
use crate::floor::{floor_ms, minimum_calls, relation_calls_over_minimum};
use crate::hook::Sample;
use crate::side::{Cell, Table};
use crate::stats::{
    class_calls, hook_tool_ms, kib, median, num, own_ms, paired_ratio, rss, spread, spread_ms,
    walls,
};

use super::delay_text;

/// How iface's hook `step` of `role` compares with its floor and with ops:
/// what the speed table shows and the targets judge.
pub struct Speed {
    /// iface's median wall time, ms.
    pub iface_ms: f64,
    /// The process floor at the protocol's minimum of calls, ms.
    pub floor_ms: f64,
    /// The calls the floor counts.
    pub floor_calls: usize,
    /// iface's own time (wall − tools), ms.
    pub iface_own_ms: f64,
    /// iface's relation calls beyond the protocol's minimum.
    pub relation_calls_over: usize,
    /// ops' median wall time, ms.
    pub ops_ms: f64,
    /// ops ÷ iface, paired by round.
    pub ops_ratio: f64,
}

impl Speed {
    /// Measures `role`'s `step` in `table` (`None`: a cell is missing).
    pub fn of(table: &Table, role: Role, step: Step, delay: u64) -> Option<Speed> {
        let iface = table.get(role, step, Impl::Iface)?;
        let ops = table.get(role, step, Impl::Ops)?;
        let first = iface.samples.first()?;
        let floor_calls = minimum_calls(step, first);
        Some(Speed {
            iface_ms: median(&walls(&iface.samples)),
            floor_ms: floor_ms(table.spawn_ms()?, floor_calls, delay),
            floor_calls,
            iface_own_ms: own_ms(&iface.samples, iface.tools.as_ref()),
            relation_calls_over: relation_calls_over_minimum(step, first),
            ops_ms: median(&walls(&ops.samples)),
            ops_ratio: paired_ratio(&iface.samples, &ops.samples),
        })
    }

    /// iface's wall time over the floor: 1.0 is as fast as any hook can be.
    pub fn over_floor(&self) -> f64 {
        self.iface_ms / self.floor_ms
    }

    /// How much faster than ops the floor allows iface to be at most.
    pub fn floor_allows(&self) -> f64 {
        self.ops_ms / self.floor_ms
    }
}

/// The allowance over the floor of the speed targets: iface's hooks may
/// take up to this many times their floor.
pub const FLOOR_ALLOWANCE: f64 = 1.5;

/// The section's tables for one tool delay.
pub fn tables(delay: u64, table: &Table) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nProcess floor of these rounds: `/bin/true` through the launcher, {} spawns interleaved with the hooks (one before each charm's lifecycle), {} ms median [min–max].\n",
        table.spawns.len(),
        spread_ms(&table.spawns)
    );
    out.push_str(&speed_table(delay, table));
    for role in Role::ALL {
        let _ = writeln!(
            out,
            "\n**{}**, tools {}:\n",
            role.title(),
            delay_text(delay)
        );
        out.push_str(&detail_table(role, table));
    }
    out
}

fn speed_table(delay: u64, table: &Table) -> String {
    let mut out = String::from(
        "| charm | hook | iface ms | process floor ms (calls at the protocol's minimum) | iface ÷ floor | ops ms | ops ÷ iface, paired | the floor allows (ops ÷ floor) | target (ops ÷ 1.5 floor) | charms.reactive ms | charms.reactive ÷ iface, paired |\n|---|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for role in Role::ALL {
        for step in Step::ALL {
            let (Some(speed), Some(iface), Some(reactive)) = (
                Speed::of(table, role, step, delay),
                table.get(role, step, Impl::Iface),
                table.get(role, step, Impl::Reactive),
            ) else {
                continue;
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} ({}) | {}× | {} | {}× | {}× | {}× | {} | {}× |",
                role.charm(),
                step.label(),
                num(speed.iface_ms),
                num(speed.floor_ms),
                speed.floor_calls,
                num(speed.over_floor()),
                num(speed.ops_ms),
                num(speed.ops_ratio),
                num(speed.floor_allows()),
                num(speed.floor_allows() / FLOOR_ALLOWANCE),
                num(median(&walls(&reactive.samples))),
                num(paired_ratio(&iface.samples, &reactive.samples)),
            );
        }
    }
    out
}

fn detail_table(role: Role, table: &Table) -> String {
    let mut out = String::from(
        "| hook | implementation | wall ms, median [min–max] | tools ms | own ms (wall − tools) | relation calls | other calls | peak RSS |\n|---|---|---|---|---|---|---|---|\n",
    );
    for step in Step::ALL {
        for implementation in Impl::ALL {
            let Some(cell) = table.get(role, step, implementation) else {
                continue;
            };
            let _ = writeln!(out, "| {} | {} |", step.label(), row(implementation, cell));
        }
    }
    out
}

/// The measured columns of one cell.
fn row(implementation: Impl, cell: &Cell) -> String {
    let samples = &cell.samples;
    format!(
        "{} | {} | {} | {} | {} | {} | {}",
        implementation.title(),
        spread(samples),
        num(hook_tool_ms(samples, cell.tools.as_ref())),
        num(own_ms(samples, cell.tools.as_ref())),
        class_calls(samples, Sample::relation_calls),
        class_calls(samples, Sample::other_calls),
        kib(rss(samples) * 1024),
    )
}
