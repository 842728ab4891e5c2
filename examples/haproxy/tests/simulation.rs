//! The http pair in the simulator: django (provides) and a two-unit
//! haproxy (requires) converge under 1,000 interleavings; scaling down and
//! up and re-relating leave nothing stale; and the compiled binaries, run
//! as processes under the fake hook tools, end in the same state as the
//! in-process run.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use iface_sim::seeds::across_cores;
use iface_sim::serde_json::json;
use iface_sim::{Simulation, bag, juju_addresses};

const SEEDS: u64 = 1_000;

fn django_bag() -> BTreeMap<String, String> {
    let mut bag = juju_addresses("10.0.0.1");
    bag.extend([
        ("hostname".to_owned(), "10.0.0.1".to_owned()),
        ("port".to_owned(), "80".to_owned()),
    ]);
    bag
}

fn deploy(sim: &mut Simulation) -> u32 {
    sim.deploy("django", &django_charm::CHARM, 1).unwrap();
    sim.deploy("haproxy", &haproxy_charm::CHARM, 2).unwrap();
    sim.relate("django:website", "haproxy:reverseproxy")
        .unwrap()
}

/// What every converged run ends with.
fn assert_converged(sim: &Simulation, id: u32, haproxy: &[(&str, &str)], seed: u64) {
    assert_eq!(
        sim.relation_data(id, "django/0"),
        django_bag(),
        "seed {seed}"
    );
    assert_eq!(
        sim.flags("django/0").unwrap(),
        BTreeSet::from(["website.available".to_owned()]),
        "seed {seed}"
    );
    let units: Vec<&str> = haproxy.iter().map(|(u, _)| *u).collect();
    assert_eq!(
        sim.conversations("django/0").unwrap(),
        BTreeMap::from([(
            "reactive.conversations.website.global".to_owned(),
            json!({"namespace": "website", "units": units, "scope": "global"})
        )]),
        "seed {seed}"
    );
    for (unit, address) in haproxy {
        assert_eq!(
            sim.relation_data(id, unit),
            juju_addresses(address),
            "seed {seed}"
        );
        assert_eq!(
            sim.flags(unit).unwrap(),
            BTreeSet::from(["reverseproxy.available".to_owned()]),
            "seed {seed}: {unit}"
        );
        let key = format!("reactive.conversations.reverseproxy:{id}.django/0");
        let conversation = json!({"namespace": format!("reverseproxy:{id}"), "units": ["django/0"], "scope": "django/0"});
        // The conversation, and the settings its unit published, kept for
        // later hooks by the interface.
        let settings = json!({"hostname": "10.0.0.1", "port": 80});
        assert_eq!(
            sim.store(unit, "reactive.conversations.").unwrap(),
            BTreeMap::from([
                (format!("{key}.local-data.settings"), settings),
                (key, conversation)
            ]),
            "seed {seed}: {unit}"
        );
        let status = sim.status(unit).unwrap();
        assert_eq!(
            (status.status.as_str(), status.message.as_str()),
            ("active", "balancing 10.0.0.1:80"),
            "seed {seed}: {unit}"
        );
    }
}

/// Deploys the pair in `sim` (FIFO: hooks in the order they were queued),
/// settles it and checks it converged.
fn settled_in_order(sim: &mut Simulation) {
    let id = deploy(sim);
    sim.settle().unwrap();
    let haproxy = [("haproxy/0", "10.0.0.2"), ("haproxy/1", "10.0.0.3")];
    assert_converged(sim, id, &haproxy, 0);
}

#[test]
fn fifo_delivers_hooks_in_juju_order() {
    let mut sim = Simulation::new();
    settled_in_order(&mut sim);
    assert_eq!(
        sim.transcript().sequence("django/0"),
        [
            "install",
            "website-relation-created",
            "leader-elected",
            "config-changed",
            "start",
            "website-relation-joined haproxy/0",
            "website-relation-changed haproxy/0",
            "website-relation-joined haproxy/1",
            "website-relation-changed haproxy/1",
        ]
    );
    assert_eq!(
        sim.transcript().sequence("haproxy/1"),
        [
            "install",
            "reverseproxy-relation-created",
            "leader-settings-changed",
            "config-changed",
            "start",
            "reverseproxy-relation-joined django/0",
            "reverseproxy-relation-changed django/0",
        ]
    );
    // django writes once; haproxy's writes are Juju's addresses only, so
    // django's later hooks are for joins, not for changes.
    let sets = sim.transcript().relation_sets_by("django/0");
    assert_eq!(sets.len(), 1);
    assert_eq!(
        sets[0].values,
        bag(&[("hostname", "10.0.0.1"), ("port", "80")])
    );
    assert!(sim.transcript().relation_sets_by("haproxy/0").is_empty());
    // Nothing is due: a settled model stays settled.
    assert_eq!(sim.settle().unwrap(), 0);
    sim.update_status();
    assert_eq!(sim.settle().unwrap(), 3);
}

/// Juju 4 has no leader settings: a unit that does not lead starts with
/// no leadership hook at all, and everything converges the same.
#[test]
fn on_juju_4_a_unit_that_does_not_lead_gets_no_leader_settings_hook() {
    let mut sim = Simulation::new();
    sim.deployment().juju_version = "4.0.1".to_owned();
    settled_in_order(&mut sim);
    assert_eq!(
        sim.transcript().sequence("haproxy/1")[..4],
        [
            "install",
            "reverseproxy-relation-created",
            "config-changed",
            "start",
        ]
    );
    assert_eq!(sim.transcript().sequence("haproxy/0")[2], "leader-elected");
}

// Every seed, the seeds spread over the machine's cores.
#[test]
fn the_pair_converges_under_seeds_1_to_1000() {
    across_cores(1..=SEEDS, converges);
}

fn converges(seed: u64) {
    let mut sim = Simulation::with_seed(seed);
    let id = deploy(&mut sim);
    sim.settle().unwrap_or_else(|e| panic!("seed {seed}: {e}"));
    assert_converged(
        &sim,
        id,
        &[("haproxy/0", "10.0.0.2"), ("haproxy/1", "10.0.0.3")],
        seed,
    );
    // -joined before -changed per remote unit, on every unit.
    for unit in ["django/0", "haproxy/0", "haproxy/1"] {
        let hooks = sim.transcript().sequence(unit);
        for (i, hook) in hooks.iter().enumerate() {
            if let Some(remote) = hook.strip_prefix("website-relation-changed ") {
                let joined = format!("website-relation-joined {remote}");
                assert!(hooks[..i].contains(&joined), "seed {seed}: {hooks:?}");
            }
        }
    }
}

#[test]
fn scaling_down_and_up_leaves_no_stale_state() {
    for seed in 0..SEEDS / 20 {
        let mut sim = Simulation::with_seed(seed);
        let id = deploy(&mut sim);
        sim.settle().unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        sim.remove_unit("haproxy/0").unwrap();
        assert_eq!(sim.leader("haproxy").as_deref(), Some("haproxy/1"));
        sim.add_unit("haproxy").unwrap();
        sim.settle().unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        assert_eq!(sim.units("haproxy"), ["haproxy/1", "haproxy/2"]);
        assert_converged(
            &sim,
            id,
            &[("haproxy/1", "10.0.0.3"), ("haproxy/2", "10.0.0.4")],
            seed,
        );
        // haproxy/1 was elected when haproxy/0 went.
        assert!(
            sim.transcript()
                .sequence("haproxy/1")
                .contains(&"leader-elected".to_owned())
        );

        sim.remove_relation(id).unwrap();
        sim.settle().unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        for unit in ["django/0", "haproxy/1", "haproxy/2"] {
            assert_eq!(
                sim.store(unit, "reactive.").unwrap(),
                BTreeMap::new(),
                "seed {seed}: {unit}"
            );
        }
        let again = sim
            .relate("django:website", "haproxy:reverseproxy")
            .unwrap();
        sim.settle().unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        assert_converged(
            &sim,
            again,
            &[("haproxy/1", "10.0.0.3"), ("haproxy/2", "10.0.0.4")],
            seed,
        );
    }
}

#[test]
fn a_relation_is_refused_between_incompatible_endpoints() {
    let mut sim = Simulation::new();
    sim.deploy("django", &django_charm::CHARM, 1).unwrap();
    sim.deploy("other", &django_charm::CHARM, 1).unwrap();
    assert_eq!(
        sim.relate("django:website", "other:website")
            .unwrap_err()
            .to_string(),
        "cannot relate: django:website (provides) and other:website (provides): one side must provide and the other require"
    );
    assert_eq!(
        sim.relate("django:web", "other:website")
            .unwrap_err()
            .to_string(),
        "unknown endpoint: charm django has no relation \"web\""
    );
}

fn binary(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_BIN_EXE_haproxy")).with_file_name(name)
}

fn scenario(sim: &mut Simulation) {
    deploy(sim);
    sim.settle().unwrap();
    sim.remove_unit("haproxy/1").unwrap();
    sim.settle().unwrap();
}

#[test]
fn the_binaries_as_processes_end_as_the_in_process_run() {
    let (haproxy, django) = (binary("haproxy"), binary("django"));
    let binaries = [("haproxy", haproxy.as_path()), ("django", django.as_path())];
    for seed in [0, 7] {
        let mut in_process = Simulation::with_seed(seed);
        scenario(&mut in_process);
        let mut processes = Simulation::of_binaries(seed, &binaries).unwrap();
        scenario(&mut processes);
        assert_eq!(
            processes.ending().unwrap(),
            in_process.ending().unwrap(),
            "seed {seed}"
        );
        // The same hooks in the same order, and the same relation data calls.
        assert_eq!(
            processes.transcript().data_calls(),
            in_process.transcript().data_calls(),
            "seed {seed}"
        );
    }
}
