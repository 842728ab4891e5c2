//! The README's demo (django and haproxy related, haproxy scaled to two
//! units, one removed) deployed from `.charm` archives, which the
//! simulator unpacks and runs through their `dispatch` as Juju does, ends
//! exactly as the same binaries deployed directly: the same hooks, tool
//! calls, flags and relation data.
//!
//! The archives are packed by the `iface` command with `--binary`, from
//! the binaries this test run built, so nothing is built twice.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use iface_sim::Simulation;
use iface_sim::process::fake_tools_beside;

/// A binary of the workspace, beside this crate's own.
fn binary(name: &str) -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_haproxy")).with_file_name(name)
}

/// `iface pack examples/<name> --binary <its binary> --output <out>`,
/// which must print the one archive it wrote.
fn pack(name: &str, out: &Path) -> PathBuf {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(name);
    let run = Command::new(binary("iface"))
        .arg("pack")
        .arg(&crate_dir)
        .arg("--binary")
        .arg(binary(name))
        .arg("--output")
        .arg(out)
        .output()
        .expect("the iface binary runs");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "iface pack {name}: {stderr}");
    let stdout = String::from_utf8_lossy(&run.stdout);
    let [archive] = stdout.lines().collect::<Vec<_>>()[..] else {
        panic!("one archive for {name}: {stdout}");
    };
    PathBuf::from(archive)
}

/// The demo's steps.
fn demo(sim: &mut Simulation) {
    sim.settle().unwrap();
    sim.add_unit("haproxy").unwrap();
    sim.settle().unwrap();
    sim.remove_unit("haproxy/0").unwrap();
    sim.settle().unwrap();
}

/// One tool call: tool, args, exit code, output.
type Call = (String, Vec<String>, i32, String);

/// What a run ends with and how it got there.
#[derive(Debug, PartialEq)]
struct Run {
    /// Each hook: unit, label, and every tool call (tool, args, exit
    /// code, output).
    hooks: Vec<(String, String, Vec<Call>)>,
    flags: BTreeMap<String, Vec<String>>,
    data: BTreeMap<String, BTreeMap<String, String>>,
}

fn run_of(sim: &Simulation, relation: u32) -> Run {
    let hooks = sim
        .transcript()
        .hooks()
        .iter()
        .map(|h| {
            let calls = h
                .calls
                .iter()
                .map(|c| (c.tool.clone(), c.args.clone(), c.code, c.stdout.clone()))
                .collect();
            (h.unit.clone(), h.label(), calls)
        })
        .collect();
    let units: Vec<String> = sim
        .units("django")
        .into_iter()
        .chain(sim.units("haproxy"))
        .collect();
    let flags = units
        .iter()
        .map(|u| (u.clone(), sim.flags(u).unwrap().into_iter().collect()))
        .collect();
    let data = units
        .iter()
        .chain(&["haproxy/0".to_owned()])
        .map(|u| (u.clone(), sim.relation_data(relation, u)))
        .collect();
    Run { hooks, flags, data }
}

#[test]
fn the_demo_from_packed_charms_ends_as_from_the_binaries() {
    let (django, haproxy) = (binary("django"), binary("haproxy"));
    for needed in [&django, &binary("iface")] {
        assert!(
            needed.exists(),
            "{} is built by `cargo test --workspace`",
            needed.display()
        );
    }
    let tools = fake_tools_beside(&haproxy);
    let out = tempfile::tempdir().unwrap();
    let django_charm = pack("django", out.path());
    let haproxy_charm = pack("haproxy", out.path());

    for seed in [0, 9] {
        let mut direct = Simulation::in_processes(
            seed,
            &tools,
            [("django", django.as_path()), ("haproxy", haproxy.as_path())],
        )
        .unwrap();
        direct.deploy("django", &django_charm::CHARM, 1).unwrap();
        direct.deploy("haproxy", &haproxy_charm::CHARM, 1).unwrap();
        let relation = direct
            .relate("django:website", "haproxy:reverseproxy")
            .unwrap();
        demo(&mut direct);

        let mut packed = Simulation::in_processes(seed, &tools, []).unwrap();
        packed.deploy_archive("django", &django_charm, 1).unwrap();
        packed.deploy_archive("haproxy", &haproxy_charm, 1).unwrap();
        assert_eq!(
            packed
                .relate("django:website", "haproxy:reverseproxy")
                .unwrap(),
            relation
        );
        demo(&mut packed);

        let (direct, packed) = (run_of(&direct, relation), run_of(&packed, relation));
        assert_eq!(packed, direct, "seed {seed}");
        assert!(
            direct.flags["haproxy/1"].contains(&"reverseproxy.available".to_owned()),
            "{direct:?}"
        );
        assert_eq!(direct.data["django/0"]["port"], "80");
    }
}
