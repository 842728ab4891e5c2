//! An unmodified ops 3.x charm (`tests/ops-proxy`, an http requirer of a
//! few lines, with ops 3.9.0 from PyPI as its `venv`) deployed in the
//! simulator beside the real django binary: its whole lifecycle (install,
//! relation hooks, config-changed, update-status, scaling down, relation
//! removal, unit removal) runs with Juju's hook environment and the fake
//! tools, under several seeds, with no hook failing and no tool call
//! refused.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use iface_sim::Simulation;
use iface_sim::process::fake_tools_beside;
use iface_sim::python::{self, PythonPackages};

/// The ops release the fixture runs on.
const OPS: &str = "ops==3.9.0";

fn django() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_django"))
}

/// ops, installed under `target/tmp/` once.
fn ops() -> &'static PythonPackages {
    static OPS_INSTALL: OnceLock<PythonPackages> = OnceLock::new();
    OPS_INSTALL.get_or_init(|| {
        python::install(Path::new(env!("CARGO_TARGET_TMPDIR")), "ops-3.9.0", &[OPS])
            .unwrap_or_else(|e| panic!("the ops charm runs on {OPS}: {e}"))
    })
}

/// The fixture as charmcraft would pack it: its files, and `venv` holding
/// ops (a link to the installed packages).
fn charm_dir(root: &Path) -> PathBuf {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ops-proxy");
    let dir = root.join("ops-proxy");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    for file in ["metadata.yaml", "config.yaml", "dispatch", "src/charm.py"] {
        std::fs::copy(fixture.join(file), dir.join(file)).unwrap();
    }
    std::os::unix::fs::symlink(&ops().dir, dir.join("venv")).unwrap();
    dir
}

/// Tool calls per hook name, summed over the run, for one application.
fn calls_per_hook(sim: &Simulation, app: &str) -> BTreeMap<String, (usize, usize)> {
    let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for hook in sim.transcript().hooks() {
        if hook.unit.split('/').next() != Some(app) {
            continue;
        }
        let name = hook
            .hook
            .split_once("-relation-")
            .map_or(hook.hook.clone(), |(_, kind)| format!("relation-{kind}"));
        let entry = counts.entry(name).or_default();
        entry.0 += 1;
        entry.1 += hook.calls.len();
    }
    counts
}

fn status(sim: &Simulation, unit: &str) -> (String, String) {
    let status = sim.status(unit).unwrap_or_default();
    (status.status, status.message)
}

#[test]
fn an_ops_charm_goes_through_its_whole_lifecycle_beside_the_django_binary() {
    let django = django();
    let tools = fake_tools_beside(&django);
    assert!(
        tools.exists(),
        "{} is built by `cargo test --workspace`",
        tools.display()
    );
    let root = tempfile::tempdir().unwrap();
    let charm = charm_dir(root.path());
    for seed in 1..=5 {
        let mut sim =
            Simulation::in_processes(seed, &tools, [("django", django.as_path())]).unwrap();
        sim.deploy("django", &django_charm::CHARM, 2).unwrap();
        sim.deploy_dir("proxy", &charm, 2).unwrap();
        let relation = sim.relate("django:website", "proxy:reverseproxy").unwrap();
        sim.settle()
            .unwrap_or_else(|e| panic!("seed {seed}: {e}\n{}", sim.transcript()));
        let both = "http over 10.0.0.1:80, 10.0.0.2:80";
        for unit in ["proxy/0", "proxy/1"] {
            assert_eq!(
                status(&sim, unit),
                ("active".to_owned(), both.to_owned()),
                "seed {seed} {unit}"
            );
        }

        sim.set_config("proxy", "mode", "tcp").unwrap();
        sim.update_status();
        sim.settle().unwrap();
        assert_eq!(
            status(&sim, "proxy/0").1,
            "tcp over 10.0.0.1:80, 10.0.0.2:80",
            "seed {seed}"
        );

        sim.remove_unit("django/1").unwrap();
        sim.settle().unwrap();
        assert_eq!(
            status(&sim, "proxy/1").1,
            "tcp over 10.0.0.1:80",
            "seed {seed}"
        );
        sim.remove_unit("proxy/1").unwrap();
        sim.remove_relation(relation).unwrap();
        sim.settle().unwrap();
        assert_eq!(
            status(&sim, "proxy/0"),
            ("waiting".to_owned(), "waiting for http backends".to_owned()),
            "seed {seed}"
        );
        assert_eq!(sim.units("proxy"), ["proxy/0"], "seed {seed}");

        assert_clean(&sim, seed);
        if seed == 1 {
            print_counts(&sim);
        }
    }
}

/// No hook failed, no tool call was refused, and proxy/1 ran every hook
/// of a unit's life.
fn assert_clean(sim: &Simulation, seed: u64) {
    let transcript = sim.transcript();
    assert_eq!(
        transcript.failures().count(),
        0,
        "seed {seed}:\n{transcript}"
    );
    let refused: Vec<String> = transcript
        .hooks()
        .iter()
        .flat_map(|h| h.calls.iter().map(move |c| (h, c)))
        .filter(|(_, c)| c.code != 0)
        .map(|(h, c)| format!("{} {}: {} {:?}", h.unit, h.label(), c.tool, c.args))
        .collect();
    assert!(refused.is_empty(), "seed {seed}: {refused:#?}");
    let ran: Vec<String> = transcript
        .sequence("proxy/1")
        .into_iter()
        .map(|label| label.split(' ').next().unwrap_or_default().to_owned())
        .collect();
    for hook in [
        "install",
        "reverseproxy-relation-created",
        "leader-settings-changed",
        "config-changed",
        "start",
        "reverseproxy-relation-joined",
        "reverseproxy-relation-changed",
        "update-status",
        "reverseproxy-relation-departed",
        "reverseproxy-relation-broken",
        "stop",
        "remove",
    ] {
        assert!(
            ran.iter().any(|h| h == hook),
            "seed {seed}: no {hook} in {ran:?}"
        );
    }
}

/// Tool calls per hook kind, ops charm against iface charm.
fn print_counts(sim: &Simulation) {
    let ops_counts = calls_per_hook(sim, "proxy");
    let iface_counts = calls_per_hook(sim, "django");
    eprintln!("tool calls per hook kind (hooks run, calls): ops proxy | iface django");
    let kinds: std::collections::BTreeSet<&String> =
        ops_counts.keys().chain(iface_counts.keys()).collect();
    for kind in kinds {
        eprintln!(
            "  {kind:<24} {:?} | {:?}",
            ops_counts.get(kind),
            iface_counts.get(kind)
        );
    }
}
