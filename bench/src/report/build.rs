//! Section 3 of the report: build time, what the binary is made of, and
//! its size.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::buildcost::BuildCost;
use crate::stats::kib;

use super::thousands;

/// The section, or a line saying it was skipped.
pub fn section(build: Option<&BuildCost>) -> String {
    let Some(b) = build else {
        return "Skipped (`--no-build`).\n".to_owned();
    };
    let mut out = String::new();
    if let Some(e) = &b.error {
        let _ = writeln!(out, "Error: {e}\n");
    }
    let secs = |took: Option<std::time::Duration>| {
        took.map_or("not built (`--quick`)".to_owned(), |d| {
            format!("{:.1}", d.as_secs_f64())
        })
    };
    let _ = writeln!(
        out,
        "| build of the django charm copy (release, the workspace's release profile) | wall s |\n|---|---|\n| clean (`cargo build --release --timings`, every dependency) | {} |\n| incremental (its `src/lib.rs` touched) | {} |\n",
        secs(b.clean),
        secs(b.incremental)
    );
    if !b.units.is_empty() {
        out.push_str(&units_table(&b.units));
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

/// The clean build's units from `--timings`, and what the macros cost.
fn units_table(units: &[(String, String, f64)]) -> String {
    let mut out = String::new();
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
    for unit in units {
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
        units
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
    out
}
