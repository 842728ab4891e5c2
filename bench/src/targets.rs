//! The targets, judged from one run's results. The speed targets are set
//! against what can be reached: the process floor at the protocol's
//! minimum of calls ([`crate::floor`]), measured in the same rounds, not a
//! fixed multiple of another framework. Those that iface can only meet by
//! making no more tool calls than the protocol needs say so
//! ([`Verdict::depends_on_calls`]).

use crate::charms::{Impl, Role, Step};
use crate::floor::minimum_relation_calls;
use crate::hook::Sample;
use crate::report::side::{FLOOR_ALLOWANCE, Speed};
use crate::report::{Results, delay_text, thousands};
use crate::side::Table;
use crate::stats::{by_tool_map, calls, kib, num, own_ms, rss_max};

/// One target's verdict.
pub struct Verdict {
    /// The target.
    pub target: String,
    /// Met or not (`None`: not measured).
    pub met: Option<bool>,
    /// The numbers.
    pub numbers: String,
    /// Whether meeting it depends on the number of tool calls iface's
    /// hooks make (the runtime's part of the work), not only on how fast
    /// they run.
    pub depends_on_calls: bool,
}

impl Verdict {
    fn not_measured(target: String, depends_on_calls: bool) -> Verdict {
        Verdict {
            target,
            met: None,
            numbers: "not measured".to_owned(),
            depends_on_calls,
        }
    }
}

/// The largest relation hook of the 10,000-unit requirer's own time, ms.
const SCALE_OWN_MS: f64 = 50.0;

/// Peak RSS of any iface hook, KiB.
const RSS_KIB: u64 = 5 * 1024;

/// Stripped release charm binary, bytes.
const BINARY_BYTES: u64 = 3 * 1024 * 1024;

/// The side-by-side table of tool delay `delay`, if it ran.
fn side(results: &Results, delay: u64) -> Option<&Table> {
    results
        .side
        .iter()
        .find(|(d, _)| *d == delay)
        .and_then(|(_, t)| t.as_ref().ok())
}

/// The targets, judged.
pub fn verdicts(results: &Results) -> Vec<Verdict> {
    let mut verdicts = Vec::new();
    for delay in [0, 20] {
        verdicts.push(floor_target(results, delay));
    }
    verdicts.push(calls_target(results));
    verdicts.push(ops_target(results));
    verdicts.push(rss_target(results));
    verdicts.push(scale_target(results));
    verdicts.push(size_target(results));
    verdicts
}

/// Every http relation hook within 1.5× of its floor at the minimum.
fn floor_target(results: &Results, delay: u64) -> Verdict {
    let target = format!(
        "every http relation hook within {FLOOR_ALLOWANCE}× of its process floor at the protocol's minimum of calls, tools {}",
        delay_text(delay)
    );
    let Some(table) = side(results, delay) else {
        return Verdict::not_measured(target, true);
    };
    let mut misses = Vec::new();
    let mut worst: Option<(f64, String)> = None;
    let mut hooks = 0;
    for role in Role::ALL {
        for step in Step::RELATION {
            let Some(speed) = Speed::of(table, role, step, delay) else {
                continue;
            };
            hooks += 1;
            let over = speed.over_floor();
            let name = format!("{} {}", role.charm(), step.label());
            if over > FLOOR_ALLOWANCE {
                let why = match speed.relation_calls_over {
                    0 => String::new(),
                    n => format!("{} over the minimum, ", calls(n, "relation call")),
                };
                misses.push(format!(
                    "{name} {}× ({} ms against {} ms at {}: {why}own time {} ms)",
                    num(over),
                    num(speed.iface_ms),
                    num(speed.floor_ms),
                    calls(speed.floor_calls, "call"),
                    num(speed.iface_own_ms),
                ));
            }
            if worst.as_ref().is_none_or(|(w, _)| over > *w) {
                worst = Some((over, name));
            }
        }
    }
    let Some((over, name)) = worst else {
        return Verdict::not_measured(target, true);
    };
    Verdict {
        target,
        met: Some(misses.is_empty()),
        numbers: if misses.is_empty() {
            format!("highest: {name}, {}×", num(over))
        } else {
            format!("{} of {hooks} over: {}", misses.len(), misses.join("; "))
        },
        depends_on_calls: true,
    }
}

/// No relation tool call over the protocol's minimum, in any iface hook
/// measured: one relation (section 1, fast tools) or many (section 2).
fn calls_target(results: &Results) -> Verdict {
    let target = "at most the protocol's minimum of relation tool calls per http hook, with one relation and at every size: created 0, joined 1 (or the write in created and none in joined), changed 1, departed 0, broken 0 (other calls, which the charm asks for, reported apart)".to_owned();
    let Some(table) = side(results, 0) else {
        return Verdict::not_measured(target, true);
    };
    // (what, step, samples) of every iface relation hook measured.
    let mut hooks: Vec<(String, Step, &[Sample])> = Vec::new();
    for role in Role::ALL {
        for step in Step::RELATION {
            if let Some(cell) = table.get(role, step, Impl::Iface) {
                hooks.push((
                    format!("{} {}", role.charm(), step.label()),
                    step,
                    &cell.samples,
                ));
            }
        }
    }
    for p in results.scale.iter().filter_map(|p| p.as_ref().ok()) {
        if p.implementation == Impl::Iface {
            for (step, cell) in &p.steps {
                let name = format!(
                    "{} {} at {}",
                    p.role.charm(),
                    step.label(),
                    thousands(p.size)
                );
                hooks.push((name, *step, &cell.samples));
            }
        }
    }
    let most_of = |samples: &[Sample]| {
        samples
            .iter()
            .map(|s| s.relation_calls().values().sum::<usize>())
            .max()
    };
    let mut over = Vec::new();
    let mut other = Vec::new();
    for (name, step, samples) in &hooks {
        let Some(worst) = samples
            .iter()
            .max_by_key(|s| s.relation_calls().values().sum::<usize>())
        else {
            continue;
        };
        let made = worst.relation_calls();
        let most: usize = made.values().sum();
        // The provider may publish as soon as the relation exists: its write
        // in -created, and then none in -joined, is the same one write.
        let moved_to_created = *step == Step::Created
            && hooks
                .iter()
                .find(|(other, s, _)| {
                    *s == Step::Joined && *other == name.replacen(" created", " joined", 1)
                })
                .and_then(|(_, _, joined)| most_of(joined))
                .is_some_and(|joined| {
                    most + joined
                        <= minimum_relation_calls(Step::Created)
                            + minimum_relation_calls(Step::Joined)
                });
        if most > minimum_relation_calls(*step) && !moved_to_created {
            over.push(format!("{name} {most} ({})", by_tool_map(&made)));
        }
        let others = worst.other_calls();
        if !others.is_empty() && !name.contains(" at ") {
            other.push(format!("{name} {}", by_tool_map(&others)));
        }
    }
    let other = if other.is_empty() {
        "no other calls".to_owned()
    } else {
        format!("other calls (one relation): {}", other.join("; "))
    };
    Verdict {
        target,
        met: Some(over.is_empty()),
        numbers: if over.is_empty() {
            format!("all {} hooks at the minimum; {other}", hooks.len())
        } else {
            format!(
                "{} of {} over: {}; {other}",
                over.len(),
                hooks.len(),
                over.join("; ")
            )
        },
        depends_on_calls: true,
    }
}

/// Faster than ops by the factor the floor allows, less the allowance.
fn ops_target(results: &Results) -> Verdict {
    let target = format!(
        "every http relation hook faster than ops by at least the factor the floor allows ÷ {FLOOR_ALLOWANCE} (ops ÷ iface, paired, ≥ ops ÷ ({FLOOR_ALLOWANCE} × floor)), tools as fast as they can be"
    );
    let Some(table) = side(results, 0) else {
        return Verdict::not_measured(target, true);
    };
    let mut parts = Vec::new();
    let mut met = true;
    for role in Role::ALL {
        for step in Step::RELATION {
            let Some(speed) = Speed::of(table, role, step, 0) else {
                continue;
            };
            let want = speed.floor_allows() / FLOOR_ALLOWANCE;
            let ok = speed.ops_ratio >= want;
            met &= ok;
            parts.push(format!(
                "{} {} {}× (floor allows {}×, target {}×{})",
                role.charm(),
                step.label(),
                num(speed.ops_ratio),
                num(speed.floor_allows()),
                num(want),
                if ok { "" } else { ": **below**" }
            ));
        }
    }
    if parts.is_empty() {
        return Verdict::not_measured(target, true);
    }
    Verdict {
        target,
        met: Some(met),
        numbers: parts.join("; "),
        depends_on_calls: true,
    }
}

/// Peak RSS of every iface hook.
fn rss_target(results: &Results) -> Verdict {
    let target = format!("iface hook peak RSS < 5 MiB ({} KiB)", thousands(5 * 1024));
    let mut peak: Option<(u64, String)> = None;
    for (delay, table) in &results.side {
        let Ok(table) = table else { continue };
        for ((role, step, implementation), cell) in &table.cells {
            if *implementation != Impl::Iface {
                continue;
            }
            let m = rss_max(&cell.samples);
            if peak.as_ref().is_none_or(|(p, _)| m > *p) {
                peak = Some((
                    m,
                    format!("{} {}, {delay} ms tools", role.charm(), step.label()),
                ));
            }
        }
    }
    match peak {
        Some((kib_peak, place)) => Verdict {
            target,
            met: Some(kib_peak < RSS_KIB),
            numbers: format!(
                "largest: {kib_peak} KiB ({place}); floor of the measurement {} KiB",
                results.rss_floor_kib
            ),
            depends_on_calls: false,
        },
        None => Verdict::not_measured(target, false),
    }
}

/// The requirer at 10,000 units: the calls of 1 unit, little own time.
fn scale_target(results: &Results) -> Verdict {
    let target = format!(
        "requirer hook on a 10,000-unit relation: < {SCALE_OWN_MS} ms own time, and as many tool calls as at 1 unit"
    );
    let find = |size: usize| {
        results
            .scale
            .iter()
            .filter_map(|p| p.as_ref().ok())
            .find(|p| p.role == Role::Requirer && p.implementation == Impl::Iface && p.size == size)
    };
    let (Some(one), Some(big)) = (find(1), find(10_000)) else {
        return Verdict::not_measured(target, true);
    };
    let mut ok = true;
    let mut parts = Vec::new();
    for ((step, small), (_, cell)) in one.steps.iter().zip(&big.steps) {
        let step = step.label();
        let samples = &cell.samples;
        let Some(first) = samples.first() else {
            ok = false;
            parts.push(format!("{step}: not run"));
            continue;
        };
        let killed = samples.iter().any(|s| s.timed_out);
        let failed = samples.iter().any(|s| !s.ok);
        let own = own_ms(samples, cell.tools.as_ref());
        let made = first.calls.len();
        let at_one = small.samples.first().map_or(0, |s| s.calls.len());
        ok &= !failed && own < SCALE_OWN_MS && made == at_one;
        let (calls_big, calls_small) = (calls(made, "call"), calls(at_one, "call"));
        parts.push(if killed {
            format!("{step}: killed, ≥ {calls_big} (1 unit: {calls_small})")
        } else if failed {
            format!(
                "{step}: failed (see section 2) after own {} ms, {calls_big} (1 unit: {calls_small})",
                num(own)
            )
        } else {
            format!(
                "{step}: own {} ms, {calls_big} (1 unit: {calls_small})",
                num(own)
            )
        });
    }
    Verdict {
        target,
        met: Some(ok),
        numbers: parts.join("; "),
        depends_on_calls: true,
    }
}

/// The stripped charm binaries.
fn size_target(results: &Results) -> Verdict {
    let target = "release charm binary < 3 MiB stripped".to_owned();
    let Some(b) = results.build.as_ref().filter(|b| !b.binaries.is_empty()) else {
        return Verdict::not_measured(target, false);
    };
    let numbers = b
        .binaries
        .iter()
        .map(|(n, _, s)| {
            format!(
                "{n} {} bytes ({})",
                thousands(usize::try_from(*s).unwrap_or(0)),
                kib(*s)
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    Verdict {
        target,
        met: Some(b.binaries.iter().all(|(_, _, s)| *s < BINARY_BYTES)),
        numbers,
        depends_on_calls: false,
    }
}
