//! What the tls-ca and tls-client interop tests share (each includes this
//! file with `#[path]`): the official `tls-certificates` library from PyPI,
//! pinned and pip-installed under `target/`; the ops charm fixtures beside
//! this folder, laid out as charmcraft packs them; the library's own data
//! models as JSON Schema; relation data as `iface check --schema` reads
//! it; and tool calls per hook, Rust side beside ops side.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use iface::testing::Simulation;
use iface_sim::python::{self, PythonPackages};

/// The library, its framework and the crypto it needs, pinned.
pub const REQUIREMENTS: [&str; 4] = [
    "ops==3.9.0",
    "charmlibs-interfaces-tls-certificates==1.12.0",
    "cryptography==46.0.3",
    "pydantic==2.12.5",
];

/// The folder of the fixtures (this file's folder's parent).
fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tls-certificates/tests")
}

/// The packages, installed under `target/tmp/` once per test binary (and
/// once per machine: `python::install` keeps them).
pub fn library() -> &'static PythonPackages {
    static INSTALL: OnceLock<PythonPackages> = OnceLock::new();
    INSTALL.get_or_init(|| {
        python::install(
            Path::new(env!("CARGO_TARGET_TMPDIR")),
            "tls-certificates-1.12.0",
            &REQUIREMENTS,
        )
        .unwrap_or_else(|e| panic!("the ops fixtures run on {REQUIREMENTS:?}: {e}"))
    })
}

/// The ops fixture `name` (`ops-requirer`, `ops-provider`) as charmcraft
/// would pack it, under `root`: its metadata, `src/charm.py`, the shared
/// `dispatch`, and `venv` linking to the installed packages.
pub fn ops_charm(root: &Path, name: &str) -> PathBuf {
    let fixture = fixtures().join(name);
    let dir = root.join(name);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::copy(fixture.join("metadata.yaml"), dir.join("metadata.yaml")).unwrap();
    std::fs::copy(fixture.join("src/charm.py"), dir.join("src/charm.py")).unwrap();
    std::fs::copy(fixtures().join("ops-dispatch"), dir.join("dispatch")).unwrap();
    std::os::unix::fs::symlink(&library().dir, dir.join("venv")).unwrap();
    dir
}

/// The JSON Schema pydantic gives for the library's model `model` (e.g.
/// `_ProviderApplicationData`), made now from the installed package.
pub fn model_schema(model: &str) -> serde_json::Value {
    let script = format!(
        "import json\nfrom charmlibs.interfaces.tls_certificates import _tls_certificates as lib\n\
         print(json.dumps(lib.{model}.model_json_schema()))"
    );
    let output = Command::new(&library().executable)
        .args(["-c", &script])
        .env("PYTHONPATH", library().python_path(&[]))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// What `app` wrote on `relation`, as `iface check --schema --data` reads
/// it: its application bag and each unit's, Juju's address keys left out.
pub fn recorded(sim: &Simulation, relation: u32, app: &str) -> iface_tool::schema::Recorded {
    let juju = ["private-address", "ingress-address", "egress-subnets"];
    let strip = |mut bag: BTreeMap<String, String>| {
        bag.retain(|key, _| !juju.contains(&key.as_str()));
        bag
    };
    iface_tool::schema::Recorded {
        app: strip(sim.relation_data(relation, app)),
        units: sim
            .units(app)
            .into_iter()
            .map(|unit| (unit.clone(), strip(sim.relation_data(relation, &unit))))
            .filter(|(_, bag)| !bag.is_empty())
            .collect(),
    }
}

/// Prints tool calls per hook kind, the Rust application beside the ops
/// one, as `calls/hooks = per hook`. Written to the process's stderr, not
/// through `eprintln!`, which the test harness captures: the comparison
/// belongs in every run's output.
pub fn print_calls(sim: &Simulation, rust: &str, ops: &str) {
    let transcript = sim.transcript();
    let (rust_counts, ops_counts) = (
        transcript.calls_per_hook_kind(rust),
        transcript.calls_per_hook_kind(ops),
    );
    let mut out =
        format!("tool calls per hook (calls/hooks = mean): Rust `{rust}` | ops `{ops}`\n");
    let kinds: std::collections::BTreeSet<&String> =
        rust_counts.keys().chain(ops_counts.keys()).collect();
    let show = |count: Option<&(usize, usize)>| match count {
        Some(&(hooks, calls)) if hooks > 0 => {
            let tenths = calls * 10 / hooks;
            format!("{calls}/{hooks} = {}.{}", tenths / 10, tenths % 10)
        }
        _ => "-".to_owned(),
    };
    for kind in kinds {
        let _ = writeln!(
            out,
            "  {kind:<24} {:>16} | {:>16}",
            show(rust_counts.get(kind)),
            show(ops_counts.get(kind))
        );
    }
    let _ = std::io::Write::write_all(&mut std::io::stderr(), out.as_bytes());
}

/// No hook failed and no tool call was refused in the run, but for
/// `secret-get` by label exiting 1: how both the library and tls-ca look
/// for a secret they have not made yet.
pub fn assert_clean(sim: &Simulation, seed: u64) {
    let transcript = sim.transcript();
    assert_eq!(
        transcript.failures().count(),
        0,
        "seed {seed}:\n{transcript}"
    );
    let refused: Vec<String> = transcript
        .refused_calls()
        .filter(|(_, c)| {
            !(c.tool == "secret-get"
                && c.code == 1
                && c.args.iter().any(|a| a.starts_with("--label")))
        })
        .map(|(h, c)| format!("{} {}: {} {:?}", h.unit, h.label(), c.tool, c.args))
        .collect();
    assert!(refused.is_empty(), "seed {seed}: {refused:#?}");
}
