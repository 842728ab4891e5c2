//! `BENCHMARKS.md`: the machine, the targets, the commands, the tables.

mod build;
mod costs;
mod scale;
pub mod side;

use std::fmt::Write as _;

use crate::buildcost::BuildCost;
use crate::scale::Point;
use crate::side::{Runs, Table};
use crate::stats::{median, num};
use crate::targets::Verdict;

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
    pub runs: [Runs; 2],
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

/// How the report names tools with `delay` ms of delay.
pub fn delay_text(delay: u64) -> String {
    if delay == 0 {
        "as fast as they can be".to_owned()
    } else {
        format!("with `IFACE_FAKE_TOOL_DELAY_MS={delay}`")
    }
}

/// The targets table.
fn targets(verdicts: &[Verdict]) -> String {
    let mut out =
        String::from("| target | met | needs the minimal calls | numbers |\n|---|---|---|---|\n");
    for v in verdicts {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            v.target,
            match v.met {
                Some(true) => "yes",
                Some(false) => "**no**",
                None => "not measured",
            },
            if v.depends_on_calls { "yes" } else { "no" },
            v.numbers
        );
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

    out.push_str("\n## Targets\n\nSpeed is judged against what can be reached, not against another framework: a hook is a process and so is each tool call it makes, so no hook making `calls` calls takes less than its process floor, (1 + `calls`) spawns of `/bin/true` measured in the same rounds (section 1). The floor counts the calls of the protocol's minimum: one relation call per read or write the hook needs (created 0, joined 1, changed 1, departed 0, broken 0), plus the other calls the charm itself asks for (the haproxy charm's `status-set`), as made. Targets marked in the column \"needs the minimal calls\" can only be met by hooks that make no relation call beyond that minimum: they measure the runtime's tool calls as much as its speed, and change when those do.\n\n");
    out.push_str(&targets(verdicts));

    out.push_str("\n## Commands\n\n```sh\ncargo run --release -p iface-bench              # the whole benchmark, writes BENCHMARKS.md\ncargo run --release -p iface-bench -- --quick   # fewer runs and sizes, no build of a charm copy: under 2 minutes\ncargo run --release -p iface-bench -- --no-build   # without section 3\n```\n\nWhat it runs:\n\n");
    out.push_str(
        "- `cargo build --release -p django-charm -p haproxy-charm -p iface-sim --bins`: the charm binaries `django` and `haproxy` and `iface-fake-tools`, from the working tree;\n\
         - `python3 -m pip install --target target/iface-bench/<name> ...` (once each, `iface_sim::python`): `charms.reactive==1.5.3 charmhelpers==1.2.1`, and `ops==3.9.0` with its dependencies;\n\
         - each hook as a process under the fake tools (`iface_sim::process::ProcessModel`: a JSON state file, the tools as links to `iface-fake-tools` first on `PATH`, the unit's charm directory as working directory, Juju's hook environment), started by a small launcher (`iface-bench --launch`) that spawns it, waits for it with `wait4(2)` and reports its wall time (spawn to exit) and `ru_maxrss`;\n\
         - for ops, the charm's `dispatch` as charmcraft writes it (`JUJU_DISPATCH_PATH=... PYTHONPATH=lib:venv exec ./src/charm.py`), with `src/charm.py` from `bench/python/ops/` (`ops.main(Charm)`: the django charm publishes its binding's ingress address and port 80 with `relation.data[self.unit].update(...)` on joined and changed; the haproxy charm reads every remote unit's `hostname` and `port` through `self.model.relations` on install, joined, changed, departed and broken, and sets `self.unit.status`) and ops as its `venv`;\n\
         - for charms.reactive, the hook file `hooks/<hook>` (`from charms.reactive import main; main()`) of a classic reactive charm made of `bench/python/layers/` (the seed-000 `http` interface layer, provides and requires, as interface-http wrote it, and the django and haproxy handlers of the iface examples), with `bench/python/site/` first on `PYTHONPATH` for charmhelpers' Debian platform check (benchmark processes only);\n\
         - Python may cache bytecode (`PYTHONPYCACHEPREFIX` under `target/iface-bench/`), as a deployed charm would;\n\
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
         - tool calls are counted from the calls the fake tools logged beside the state file (every call they served during the hook); \"relation calls\" are `relation-get`, `-set`, `-ids` and `-list`, the calls of the protocol; \"other calls\" are the rest: what the charm asks for (`status-set`, `network-get`) and, for ops and charms.reactive, what the framework does by itself (`juju-log`, `is-leader`);\n\
         - \"process floor\" is (1 + calls) × the median `/bin/true` spawn of the same rounds, plus calls × the tool delay, with the calls at the protocol's minimum (see Targets); \"iface ÷ floor\" is 1 for a hook as fast as any can be; \"the floor allows\" is ops' median over iface's floor: how much faster than ops iface could be at most;\n\
         - ratios between implementations are paired: run n of ops (or charms.reactive) over run n of iface, both from the same round and so under the same load, and the median over the pairs;\n\
         - every side-by-side run starts from an empty store and the one-relation deployment, and runs the lifecycle in an order Juju sends: install, created (the relation exists, no remote unit has joined), config-changed, joined (the remote bag holds Juju's `private-address` only), changed (the requirer sees `hostname` and `port` arrive; the provider sees nothing new), changed again with nothing changed, departed, broken. Each round runs iface, then ops, then charms.reactive, each charm after one `/bin/true` spawn (the floor's samples); one warm-up round is not counted.\n",
        results.rss_floor_kib
    );

    let [fast, slow] = results.runs;
    let _ = writeln!(
        out,
        "\n## 1. Side by side: the http hooks, iface, ops and charms.reactive\n\nRuns per hook: iface {}, ops and charms.reactive {} each with fast tools; iface {}, ops and charms.reactive {} each with 20 ms tools.",
        fast.iface, fast.python, slow.iface, slow.python
    );
    out.push_str("\nWhat any hook process costs before it does anything (21 runs each before the rounds, through the same launcher):\n\n| process | ms, median [min–max] | peak RSS |\n|---|---|---|\n");
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
            Ok(table) => out.push_str(&side::tables(*delay, table)),
            Err(e) => {
                let _ = writeln!(out, "\nError: {e}");
            }
        }
    }

    let _ = writeln!(
        out,
        "\n## 2. Scale\n\nThe requirer (haproxy, UNIT scope) on one relation with N remote django units, and the provider (django, GLOBAL scope) with N relations (one unit of another application each), fast tools. The unit's store is the one it would have after N joins: the real charm runs created (for each new relation), joined and changed for three remote units, and the store rows of the third (and list elements naming it) are repeated for the rest; the unit then runs config-changed once, so that what it keeps about itself (the status it set) fits N units. ops keeps nothing per relation in its store (it asks Juju in every hook), so its store is left as the three joins made it. Then, measured: the provider's new relation is created; one more remote unit joins, publishes its settings (changed), changes nothing (changed again) and departs. Fewer repetitions at large sizes (the runs column). ops and charms.reactive stop at 100: at 1,000 each of their hooks makes 1,000 to 2,000 tool calls (5 to 25 s a hook here), more than the run's 10 minutes allow, and at 100 their calls already grow with the deployment. A hook running past {} s (iface) or {} s (ops, charms.reactive) is killed, and the calls it made by then are shown as a lower bound. \"store after\" is the store file's size after the hook; each fake tool call parses the whole JSON state file (and rewrites it only when the tool changed the deployment), so tool time grows with the deployment while Juju's would not.\n",
        results.limits.0, results.limits.1
    );
    out.push_str(&scale::table(&results.scale));

    out.push_str("\n## 3. Build cost\n\n");
    out.push_str(&build::section(results.build.as_ref()));

    out.push_str("\n## Where the cost goes\n\n");
    out.push_str(&costs::section(results));
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
