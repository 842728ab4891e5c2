//! `BENCHMARKS.md`: the machine, the commands, the tables and the targets.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::buildcost::BuildCost;
use crate::charms::{Impl, Role, Step};
use crate::scale::{Point, STEPS};
use crate::side::Table;
use crate::stats::{
    by_tool, by_tool_map, call_count, hook_tool_ms, kib, median, num, own_ms, rss, rss_max, spread,
    walls,
};

/// Everything one run measured.
pub struct Results {
    /// `nproc`, CPU, memory, kernel, rustc, python, package versions.
    pub machine: Vec<(String, String)>,
    /// `/proc/loadavg` before and after.
    pub load_before: String,
    /// The same after.
    pub load_after: String,
    /// Wall time of the whole run, s.
    pub total_s: f64,
    /// Runs per implementation, fast tools and 20 ms tools.
    pub runs: [(usize, usize); 2],
    /// Section 1, with the tool delay in ms.
    pub side: Vec<(u64, Result<Table, String>)>,
    /// Section 2.
    pub scale: Vec<Result<Point, String>>,
    /// Section 3 (`None`: skipped).
    pub build: Option<BuildCost>,
    /// Peak RSS of `/bin/true` through the launcher: the floor of the RSS
    /// numbers.
    pub rss_floor_kib: u64,
    /// Process floors: (what, wall times in ms, peak RSS KiB), 21 runs.
    pub floors: Vec<(String, Vec<f64>, u64)>,
    /// Limit per scaled hook, s.
    pub limits: (u64, u64),
}

/// One target's verdict.
pub struct Verdict {
    /// The target.
    pub target: String,
    /// Met or not (`None`: not measured).
    pub met: Option<bool>,
    /// The numbers.
    pub numbers: String,
}

const RELATION_STEPS: [Step; 5] = [
    Step::Joined,
    Step::Changed,
    Step::Unchanged,
    Step::Departed,
    Step::Broken,
];

/// The median wall time of spawning `/bin/true` through the launcher: what
/// any process costs here.
fn spawn_ms(results: &Results) -> Option<f64> {
    results
        .floors
        .first()
        .filter(|(_, walls, _)| !walls.is_empty())
        .map(|(_, walls, _)| median(walls))
}

/// The least a hook making `calls` tool calls can take here: its own
/// process and one per call, each at least a spawn, plus the tools' delay.
/// No implementation of the hook, however lean, goes below it.
fn process_floor_ms(spawn: f64, calls: usize, delay: u64) -> f64 {
    #[allow(clippy::cast_precision_loss)]
    let calls = calls as f64;
    #[allow(clippy::cast_precision_loss)]
    let delay = delay as f64;
    (1.0 + calls) * spawn + calls * delay
}

fn side_table(delay: u64, table: &Table, spawn: Option<f64>) -> String {
    let mut out = String::new();
    for role in Role::ALL {
        let _ = writeln!(
            out,
            "\n**{}**, tools {}:\n",
            role.title(),
            delay_text(delay)
        );
        out.push_str(
            "| hook | iface ms, median [min–max] | charms.reactive ms | × faster | process floor ms (× at most) | iface own ms (wall − tools) | iface calls | charms.reactive calls | iface peak RSS | charms.reactive peak RSS |\n|---|---|---|---|---|---|---|---|---|---|\n",
        );
        for step in Step::ALL {
            let (Some(i), Some(r)) = (
                table.get(&(role, step, Impl::Iface)),
                table.get(&(role, step, Impl::Reactive)),
            ) else {
                continue;
            };
            let reactive = median(&walls(&r.samples));
            let ratio = reactive / median(&walls(&i.samples));
            let floor = spawn.map_or_else(
                || "–".to_owned(),
                |spawn| {
                    let floor = process_floor_ms(spawn, first_calls(&i.samples), delay);
                    format!("{} ({}×)", num(floor), num(reactive / floor))
                },
            );
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {floor} | {} | {}: {} | {}: {} | {} | {} |",
                step.label(),
                spread(&i.samples),
                spread(&r.samples),
                num(ratio),
                num(own_ms(&i.samples, i.tools.as_ref())),
                call_count(&i.samples),
                by_tool(&i.samples),
                call_count(&r.samples),
                by_tool(&r.samples),
                kib(rss(&i.samples) * 1024),
                kib(rss(&r.samples) * 1024),
            );
        }
    }
    out
}

/// The tool calls of the first sample (every sample makes the same calls).
fn first_calls(samples: &[crate::hook::Sample]) -> usize {
    samples.first().map_or(0, |s| s.calls.len())
}

fn delay_text(delay: u64) -> String {
    if delay == 0 {
        "as fast as they can be".to_owned()
    } else {
        format!("with `IFACE_FAKE_TOOL_DELAY_MS={delay}`")
    }
}

fn scale_table(points: &[Result<Point, String>]) -> String {
    let mut out = String::from(
        "| charm | impl | existing units / relations | runs | hook | wall ms, median [min–max] | tools ms | own ms (wall − tools) | calls | store after | peak RSS |\n|---|---|---|---|---|---|---|---|---|---|---|\n",
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
        for (index, (samples, tools)) in p.steps.iter().enumerate() {
            if samples.is_empty() {
                continue;
            }
            let calls = samples[0].calls.len();
            let killed = samples.iter().any(|s| s.timed_out);
            let failed = samples.iter().any(|s| !s.ok && !s.timed_out);
            let _ = writeln!(
                out,
                "| {} | {} | {} (state file {}) | {} | {} | {}{} | {} | {} | {}: {} | {} | {} |",
                p.role.charm(),
                p.implementation.title(),
                thousands(p.size),
                kib(p.state_bytes),
                samples.len(),
                STEPS[index],
                if killed {
                    "killed at "
                } else if failed {
                    "failed after "
                } else {
                    ""
                },
                spread(samples),
                num(hook_tool_ms(samples, tools.as_ref())),
                if killed {
                    "–".to_owned()
                } else {
                    num(own_ms(samples, tools.as_ref()))
                },
                if killed {
                    format!("≥ {calls}")
                } else {
                    call_count(samples)
                },
                by_tool(samples),
                kib(samples[0].store_bytes),
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

/// `10000` as `10,000`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The targets, judged.
#[allow(clippy::too_many_lines)]
pub fn verdicts(results: &Results) -> Vec<Verdict> {
    let mut verdicts = Vec::new();
    for (delay, want) in [(0_u64, 100.0), (20, 5.0)] {
        let target = format!(
            "every http relation hook ≥ {want}× faster than charms.reactive, tools {}",
            delay_text(delay)
        );
        let Some((_, Ok(table))) = results.side.iter().find(|(d, _)| *d == delay) else {
            verdicts.push(Verdict {
                target,
                met: None,
                numbers: "not measured".to_owned(),
            });
            continue;
        };
        let mut worst: Option<(f64, String)> = None;
        let mut misses = Vec::new();
        for role in Role::ALL {
            for step in RELATION_STEPS {
                let (Some(i), Some(r)) = (
                    table.get(&(role, step, Impl::Iface)),
                    table.get(&(role, step, Impl::Reactive)),
                ) else {
                    continue;
                };
                let reactive = median(&walls(&r.samples));
                let ratio = reactive / median(&walls(&i.samples));
                let name = format!("{} {}", role.charm(), step.label());
                if ratio < want {
                    let bound = spawn_ms(results).map_or_else(String::new, |spawn| {
                        let floor = process_floor_ms(spawn, first_calls(&i.samples), delay);
                        format!(" (process floor: at most {}×)", num(reactive / floor))
                    });
                    misses.push(format!("{name} {}×{bound}", num(ratio)));
                }
                if worst.as_ref().is_none_or(|(w, _)| ratio < *w) {
                    worst = Some((ratio, name));
                }
            }
        }
        let numbers = match worst {
            Some((ratio, name)) if misses.is_empty() => format!("lowest: {name}, {}×", num(ratio)),
            Some(_) => format!("below: {}", misses.join("; ")),
            None => "not measured".to_owned(),
        };
        verdicts.push(Verdict {
            target,
            met: Some(misses.is_empty()),
            numbers,
        });
    }

    // Tool calls.
    let fast = results
        .side
        .iter()
        .find(|(d, _)| *d == 0)
        .and_then(|(_, t)| t.as_ref().ok());
    let target = "≤ 3 hook-tool calls per http relation hook".to_owned();
    let target_read = "only the one read (`relation-get`) when nothing changed".to_owned();
    if let Some(table) = fast {
        let mut over = Vec::new();
        let mut most = 0;
        let mut unchanged = Vec::new();
        let mut unchanged_ok = true;
        for role in Role::ALL {
            for step in RELATION_STEPS {
                let Some(cell) = table.get(&(role, step, Impl::Iface)) else {
                    continue;
                };
                let n = cell
                    .samples
                    .iter()
                    .map(|s| s.calls.len())
                    .max()
                    .unwrap_or(0);
                most = most.max(n);
                if n > 3 {
                    over.push(format!(
                        "{} {}: {n} ({})",
                        role.charm(),
                        step.label(),
                        by_tool(&cell.samples)
                    ));
                }
                if step == Step::Unchanged {
                    let map = cell
                        .samples
                        .first()
                        .map(crate::hook::Sample::calls_by_tool)
                        .unwrap_or_default();
                    let only_read = map.len() == 1 && map.get("relation-get") == Some(&1);
                    unchanged_ok &= only_read;
                    unchanged.push(format!("{}: {}", role.charm(), by_tool_map(&map)));
                }
            }
        }
        verdicts.push(Verdict {
            target,
            met: Some(over.is_empty()),
            numbers: if over.is_empty() {
                format!("at most {most}")
            } else {
                over.join("; ")
            },
        });
        verdicts.push(Verdict {
            target: target_read,
            met: Some(unchanged_ok),
            numbers: unchanged.join("; "),
        });
    } else {
        for target in [target, target_read] {
            verdicts.push(Verdict {
                target,
                met: None,
                numbers: "not measured".to_owned(),
            });
        }
    }

    // Memory.
    let target = "iface hook peak RSS < 5 MiB (5,120 KiB)".to_owned();
    let mut peak: Option<(u64, String)> = None;
    for (delay, table) in &results.side {
        let Ok(table) = table else { continue };
        for ((role, step, implementation), cell) in table {
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
    verdicts.push(match peak {
        Some((kib_peak, place)) => Verdict {
            target,
            met: Some(kib_peak < 5 * 1024),
            numbers: format!(
                "largest: {} KiB ({place}); floor of the measurement {} KiB",
                kib_peak, results.rss_floor_kib
            ),
        },
        None => Verdict {
            target,
            met: None,
            numbers: "not measured".to_owned(),
        },
    });

    // Scale.
    let target = "requirer hook on a 10,000-unit relation: < 50 ms own time, and as many tool calls as at 1 unit".to_owned();
    let find = |size: usize| {
        results
            .scale
            .iter()
            .filter_map(|p| p.as_ref().ok())
            .find(|p| p.role == Role::Requirer && p.implementation == Impl::Iface && p.size == size)
    };
    match (find(1), find(10_000)) {
        (Some(one), Some(big)) => {
            let mut ok = true;
            let mut parts = Vec::new();
            for (index, step) in STEPS.iter().enumerate() {
                let (small, _) = &one.steps[index];
                let (samples, tools) = &big.steps[index];
                if samples.is_empty() {
                    ok = false;
                    parts.push(format!("{step}: not run"));
                    continue;
                }
                let killed = samples.iter().any(|s| s.timed_out);
                let failed = samples.iter().any(|s| !s.ok);
                let own = own_ms(samples, tools.as_ref());
                let calls_big = samples[0].calls.len();
                let calls_small = small.first().map_or(0, |s| s.calls.len());
                ok &= !failed && own < 50.0 && calls_big == calls_small;
                if killed {
                    parts.push(format!(
                        "{step}: killed, ≥ {calls_big} calls (1 unit: {calls_small})"
                    ));
                } else if failed {
                    parts.push(format!(
                        "{step}: failed (see section 2) after own {} ms, {calls_big} calls (1 unit: {calls_small})",
                        num(own)
                    ));
                } else {
                    parts.push(format!(
                        "{step}: own {} ms, {calls_big} calls (1 unit: {calls_small})",
                        num(own)
                    ));
                }
            }
            verdicts.push(Verdict {
                target,
                met: Some(ok),
                numbers: parts.join("; "),
            });
        }
        _ => verdicts.push(Verdict {
            target,
            met: None,
            numbers: "not measured".to_owned(),
        }),
    }

    // Size.
    let target = "release charm binary < 3 MiB stripped".to_owned();
    match &results.build {
        Some(b) if !b.binaries.is_empty() => {
            let ok = b.binaries.iter().all(|(_, _, s)| *s < 3 * 1024 * 1024);
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
            verdicts.push(Verdict {
                target,
                met: Some(ok),
                numbers,
            });
        }
        _ => verdicts.push(Verdict {
            target,
            met: None,
            numbers: "not measured".to_owned(),
        }),
    }
    verdicts
}

/// Where the cost goes, for the runtime's owner: iface hooks that make more
/// than the one read, per role and step.
fn where_it_goes(results: &Results) -> String {
    let mut out = String::new();
    if let Some((_, Ok(table))) = results.side.iter().find(|(d, _)| *d == 0) {
        out.push_str("Tool calls of every iface hook, fast tools (one relation):\n\n");
        for role in Role::ALL {
            for step in Step::ALL {
                if let Some(cell) = table.get(&(role, step, Impl::Iface)) {
                    let calls: Vec<String> = cell
                        .samples
                        .first()
                        .map(|s| s.calls.iter().map(|c| c.tool.clone()).collect())
                        .unwrap_or_default();
                    let _ = writeln!(
                        out,
                        "- {} {}: {}",
                        role.charm(),
                        step.hook(role),
                        if calls.is_empty() {
                            "none".to_owned()
                        } else {
                            calls.join(", ")
                        }
                    );
                }
            }
        }
    }
    let mut growth = Vec::new();
    for p in results.scale.iter().filter_map(|p| p.as_ref().ok()) {
        if p.implementation != Impl::Iface {
            continue;
        }
        for (index, (samples, _)) in p.steps.iter().enumerate() {
            if let Some(first) = samples.first() {
                growth.push(format!(
                    "- {} {} at {}: {} calls ({})",
                    p.role.charm(),
                    STEPS[index],
                    thousands(p.size),
                    first.calls.len(),
                    by_tool_map(&first.calls_by_tool())
                ));
            }
        }
    }
    let largest = results
        .scale
        .iter()
        .filter_map(|p| p.as_ref().ok())
        .filter(|p| p.implementation == Impl::Iface)
        .fold(BTreeMap::new(), |mut acc: BTreeMap<Role, &Point>, p| {
            if acc.get(&p.role).is_none_or(|q| q.size < p.size) {
                acc.insert(p.role, p);
            }
            acc
        });
    for p in largest.values() {
        if let Some(first) = p.steps.iter().find_map(|(s, _)| s.first()) {
            let _ = writeln!(
                out,
                "\nThe first calls of the first hook of iface {} at {} (argv as the fake tools got it):\n",
                p.role.charm(),
                thousands(p.size)
            );
            for call in first.calls.iter().take(4) {
                let _ = writeln!(out, "- `{} {}`", call.tool, call.args.join(" "));
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

fn build_section(build: Option<&BuildCost>) -> String {
    let Some(b) = build else {
        return "Skipped (`--no-build`).\n".to_owned();
    };
    let mut out = String::new();
    if let Some(e) = &b.error {
        let _ = writeln!(out, "Error: {e}\n");
    }
    let _ = writeln!(
        out,
        "| build of the django charm copy (release, the workspace's release profile) | wall s |\n|---|---|\n| clean (`cargo build --release --timings`, every dependency) | {:.1} |\n| incremental (its `src/lib.rs` touched) | {:.1} |\n",
        b.clean.as_secs_f64(),
        b.incremental.as_secs_f64()
    );
    if !b.units.is_empty() {
        let wanted = [
            "proc-macro2",
            "quote",
            "syn",
            "heck",
            "iface-model",
            "iface-macros",
            "iface-runtime",
            "iface",
            "http-interface",
            "django-charm",
            "libsqlite3-sys",
            "rusqlite",
            "serde",
            "serde_derive",
            "serde_json",
            "serde_yaml_ng",
        ];
        out.push_str("`cargo build --timings` of the clean build, per unit (s; units run in parallel on 2 cores, so they overlap and are slowed by each other and by the other builds on the machine):\n\n| unit | target | s |\n|---|---|---|\n");
        let mut by_name: BTreeMap<usize, Vec<&(String, String, f64)>> = BTreeMap::new();
        for unit in &b.units {
            if let Some(pos) = wanted.iter().position(|w| *w == unit.0) {
                by_name.entry(pos).or_default().push(unit);
            }
        }
        for units in by_name.values() {
            for (name, target, secs) in units {
                let _ = writeln!(
                    out,
                    "| {name} | {} | {secs:.1} |",
                    if target.is_empty() { "lib" } else { target }
                );
            }
        }
        let sum = |names: &[&str]| -> f64 {
            b.units
                .iter()
                .filter(|u| names.contains(&u.0.as_str()))
                .map(|u| u.2)
                .sum()
        };
        let _ = writeln!(
            out,
            "\nMacro cost, as `--timings` shows it (not a hand-written comparison): the macro crate and the parser stack only it needs (`iface-macros`, `syn`, `quote`, `proc-macro2`, `heck`) take {:.1} s of compile time in a clean build, paid once per target directory; the expansion itself runs inside the crates that use the macros (`http-interface`, `django-charm`: {:.1} s together, expansion and code generation not separated).",
            sum(&["iface-macros", "syn", "quote", "proc-macro2", "heck"]),
            sum(&["http-interface", "django-charm"]),
        );
    }
    if let Some((took, stripped)) = b.lto {
        let _ = writeln!(
            out,
            "\nThe same copy built with `lto = \"fat\"` and `codegen-units = 1` (set through `CARGO_PROFILE_RELEASE_LTO` and `CARGO_PROFILE_RELEASE_CODEGEN_UNITS` for this build only; the workspace's release profile is unchanged): clean build {:.1} s, `django` stripped {} bytes ({}).",
            took.as_secs_f64(),
            thousands(usize::try_from(stripped).unwrap_or(0)),
            kib(stripped)
        );
    }
    if !b.symbols.is_empty() {
        let total: u64 = b.symbols.iter().map(|g| g.1).sum();
        let _ = writeln!(
            out,
            "\nWhere the bytes of `django` go (symbol sizes from `nm -S -C`, by crate; {} in symbols in all, the rest of the file is headers, unwinding tables, read-only data without symbols and, before stripping, the symbol and debug tables):\n\n| crate | symbol bytes |\n|---|---|",
            kib(total)
        );
        for (group, bytes) in b.symbols.iter().take(12) {
            let _ = writeln!(out, "| {group} | {} |", kib(*bytes));
        }
    }
    if !b.binaries.is_empty() {
        out.push_str("\n| release binary (main workspace build) | size | stripped copy (`strip`) |\n|---|---|---|\n");
        for (name, size, stripped) in &b.binaries {
            let _ = writeln!(
                out,
                "| `{name}` | {} bytes ({}) | {} bytes ({}) |",
                thousands(usize::try_from(*size).unwrap_or(0)),
                kib(*size),
                thousands(usize::try_from(*stripped).unwrap_or(0)),
                kib(*stripped)
            );
        }
    }
    out
}

/// The whole report.
pub fn render(results: &Results, verdicts: &[Verdict]) -> String {
    let mut out = String::from("# Benchmarks\n\n");
    out.push_str(
        "Written by `cargo run --release -p iface-bench` (the crate in `bench/`); edit the crate, not this file. The benchmark is not part of CI. It exits 1 when a target below is missed, after writing this file.\n\n",
    );
    out.push_str("## Machine\n\n| | |\n|---|---|\n");
    for (k, v) in &results.machine {
        let _ = writeln!(out, "| {k} | {v} |");
    }
    let _ = writeln!(
        out,
        "| load average (1, 5, 15 min) before | {} |\n| load average after | {} |\n| whole run | {:.0} s |",
        results.load_before, results.load_after, results.total_s
    );
    out.push_str(
        "\nThe machine is shared: other engineers were building on its 2 cores during the run, so absolute times are noisy (see the load averages and the min–max spreads). Medians are reported; compare numbers from the same run.\n",
    );

    out.push_str("\n## Commands\n\n```sh\ncargo run --release -p iface-bench              # the whole benchmark, writes BENCHMARKS.md\ncargo run --release -p iface-bench -- --quick   # fewer runs and sizes, for trying it out\ncargo run --release -p iface-bench -- --no-build   # without section 3\n```\n\nWhat it runs:\n\n");
    out.push_str(
        "- `cargo build --release -p django-charm -p haproxy-charm -p iface-sim --bins`: the charm binaries `django` and `haproxy` and `iface-fake-tools`, from the working tree;\n\
         - `python3 -m pip install --target target/iface-bench/charms-reactive-1.5.3 charms.reactive==1.5.3 charmhelpers==1.2.1` (once);\n\
         - each hook as a process under the fake tools (`iface_sim::process::ProcessModel`: a JSON state file, the tools as links to `iface-fake-tools` first on `PATH`, the unit's charm directory as working directory, Juju's hook environment), started by a small launcher (`iface-bench --launch`) that spawns it, waits for it with `wait4(2)` and reports its wall time (spawn to exit) and `ru_maxrss`;\n\
         - for charms.reactive, the hook file `hooks/<hook>` (`from charms.reactive import main; main()`) of a classic reactive charm made of `bench/python/layers/` (the seed-000 `http` interface layer, provides and requires, as interface-http wrote it, and the django and haproxy handlers of the iface examples), with `bench/python/site/` first on `PYTHONPATH` for charmhelpers' Debian platform check (benchmark processes only) and Python allowed to cache bytecode (`PYTHONPYCACHEPREFIX` under `target/iface-bench/`), as a deployed charm would;\n\
         - section 3: `cargo build --release --timings` of a copy of `examples/django` under `target/iface-bench/build-cost/` with its own `CARGO_TARGET_DIR`, then again after touching its `src/lib.rs`; `strip` on copies of the release binaries.\n",
    );
    out.push_str(
        "\nHow to read the numbers:\n\n\
         - wall time is from spawn to exit of the hook process, including its tool processes;\n\
         - \"tools ms\" is the time the hook's tool calls took: what each call took to serve inside the hook, from taking the state file's lock to writing its record, as the fake tools measure it themselves, plus what a tool process costs to start and end, found by replaying the hook's calls (same arguments and stdin, same state) one process each (up to 40 calls) and taking away their own measured time; \"own ms\" is the median over the runs of wall time minus that: what the charm itself costs, process start included;\n\
         - peak RSS is `ru_maxrss` of the hook and the tool processes it waited for (the largest of them); tools spawned by the charm also count the charm's memory at the spawn. The launcher alone measures ",
    );
    let _ = write!(
        out,
        "{} KiB (`/bin/true`), the floor below which no number can go;\n\
         - tool calls are counted from the calls the fake tools logged beside the state file (every call they served during the hook);\n\
         - \"process floor\" is (1 + calls) × the median `/bin/true` spawn below (plus calls × the tool delay): the least any implementation of a hook making those calls can take on this machine, since the hook and each tool call are a process; \"× at most\" is charms.reactive's median over it;\n\
         - every side-by-side run starts from an empty store and the one-relation deployment, and runs the lifecycle in order: install, config-changed, joined (the remote bag holds Juju's `private-address` only), changed (the requirer sees `hostname` and `port` arrive; the provider sees nothing new), changed again with nothing changed, departed, broken. One warm-up run is not counted.\n",
        results.rss_floor_kib
    );

    let _ = writeln!(
        out,
        "\n## 1. Side by side: the http hooks, iface vs charms.reactive\n\nRuns per hook: iface {} and charms.reactive {} with fast tools; iface {} and charms.reactive {} with 20 ms tools. `× faster` is the ratio of the medians.",
        results.runs[0].0, results.runs[0].1, results.runs[1].0, results.runs[1].1
    );
    out.push_str("\nWhat any hook process costs before it does anything (21 runs each, through the same launcher):\n\n| process | ms, median [min–max] | peak RSS |\n|---|---|---|\n");
    for (label, walls, peak) in &results.floors {
        let min = walls.iter().copied().fold(f64::INFINITY, f64::min);
        let max = walls.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let _ = writeln!(
            out,
            "| {label} | {} [{}–{}] | {} KiB |",
            num(median(walls)),
            num(min),
            num(max),
            peak
        );
    }
    for (delay, table) in &results.side {
        let _ = writeln!(out, "\n### Tools {}", delay_text(*delay));
        match table {
            Ok(table) => out.push_str(&side_table(*delay, table, spawn_ms(results))),
            Err(e) => {
                let _ = writeln!(out, "\nError: {e}");
            }
        }
    }

    let _ = writeln!(
        out,
        "\n## 2. Scale\n\nThe requirer (haproxy, UNIT scope) on one relation with N remote django units, and the provider (django, GLOBAL scope) with N relations (one unit of another application each), fast tools. The unit's store is the one it would have after N joins: the real charm runs joined and changed for three remote units, and the store rows of the third (and list elements naming it) are repeated for the rest; the unit then runs config-changed once, so that what it keeps about itself (the status it set) fits N units. Then one more remote unit (or relation) joins, publishes its settings (changed), changes nothing (changed again) and departs; each hook is measured. Fewer repetitions at large sizes (the runs column). A hook running past {} s (iface) or {} s (charms.reactive) is killed, and the calls it made by then are shown as a lower bound. \"store after\" is the store file's size after the hook; each fake tool call parses the whole JSON state file (and rewrites it only when the tool changed the deployment), so tool time grows with the deployment while Juju's would not.\n",
        results.limits.0, results.limits.1
    );
    out.push_str(&scale_table(&results.scale));

    out.push_str("\n## 3. Build cost\n\n");
    out.push_str(&build_section(results.build.as_ref()));

    out.push_str("\n## 4. Targets\n\n| target | met | numbers |\n|---|---|---|\n");
    for v in verdicts {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            v.target,
            match v.met {
                Some(true) => "yes",
                Some(false) => "**no**",
                None => "not measured",
            },
            v.numbers
        );
    }
    out.push_str("\n## Where the cost goes\n\n");
    out.push_str(&where_it_goes(results));
    out
}

#[cfg(test)]
mod tests {
    use super::thousands;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(1), "1");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(10_000), "10,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
