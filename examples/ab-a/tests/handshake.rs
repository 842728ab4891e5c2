//! Seed 002's a/b handshake between the two charms in the simulator: it
//! completes, with the same final data, under every interleaving of 1,000
//! seeds, and units or relations that go and come back leave no stale
//! conversation, flag or data.

use std::collections::{BTreeMap, BTreeSet};

use iface_sim::seeds::across_cores;
use iface_sim::{Simulation, bag, juju_addresses};
use serde_json::{Value, json};

const SEEDS: u64 = 1_000;

/// `b`'s bag once done: X, Y, Z (and Juju's address keys).
fn b_bag(unit: &str, address: &str) -> BTreeMap<String, String> {
    let mut bag = bag(&[
        ("X", unit),
        ("Y", address),
        ("Z", &format!("{unit} configured")),
    ]);
    bag.extend(juju_addresses(address));
    bag
}

/// `a`'s bag once done: its answer.
fn a_bag(unit: &str, address: &str) -> BTreeMap<String, String> {
    let mut bag = bag(&[("P", unit), ("Q", address)]);
    bag.extend(juju_addresses(address));
    bag
}

fn pair(seed: u64, b_units: usize) -> (Simulation, u32) {
    let mut sim = Simulation::with_seed(seed);
    sim.deploy("a", &ab_a_charm::CHARM, 1).unwrap();
    sim.deploy("b", &ab_b_charm::CHARM, b_units).unwrap();
    let id = sim.relate("a:ab", "b:ab").unwrap();
    sim.settle()
        .unwrap_or_else(|e| panic!("seed {seed}: {e}\n{}", sim.transcript()));
    (sim, id)
}

fn conversation(id: u32, remote: &str) -> (String, Value) {
    (
        format!("reactive.conversations.ab:{id}.{remote}"),
        json!({"namespace": format!("ab:{id}"), "units": [remote], "scope": remote}),
    )
}

/// Every unit is done with every remote unit, and keeps exactly one
/// conversation per remote unit and nothing else.
fn assert_complete(sim: &Simulation, id: u32, a: &[(&str, &str)], b: &[(&str, &str)], seed: u64) {
    let ready: BTreeSet<String> = ["ab.ready".to_owned()].into();
    for (unit, address) in a {
        assert_eq!(sim.flags(unit).unwrap(), ready, "seed {seed}: {unit}");
        let expected: BTreeMap<String, Value> = b
            .iter()
            .map(|(remote, _)| conversation(id, remote))
            .collect();
        assert_eq!(
            sim.store(unit, "reactive.conversations.").unwrap(),
            expected,
            "seed {seed}"
        );
        assert_eq!(
            sim.relation_data(id, unit),
            a_bag(unit, address),
            "seed {seed}"
        );
    }
    for (unit, address) in b {
        assert_eq!(sim.flags(unit).unwrap(), ready, "seed {seed}: {unit}");
        let expected: BTreeMap<String, Value> = a
            .iter()
            .map(|(remote, _)| conversation(id, remote))
            .collect();
        assert_eq!(
            sim.store(unit, "reactive.conversations.").unwrap(),
            expected,
            "seed {seed}"
        );
        assert_eq!(
            sim.relation_data(id, unit),
            b_bag(unit, address),
            "seed {seed}: {unit}"
        );
    }
}

#[test]
fn fifo_follows_seed_002_step_by_step() {
    let (sim, id) = pair(0, 1);
    assert_complete(&sim, id, &[("a/0", "10.0.0.1")], &[("b/0", "10.0.0.2")], 0);
    let sets = |unit: &str| -> Vec<BTreeMap<String, String>> {
        sim.transcript()
            .relation_sets_by(unit)
            .into_iter()
            .map(|s| s.values.clone())
            .collect()
    };
    // b sets X and Y, then Z once it has P and Q; a sets P and Q once.
    assert_eq!(
        sets("b/0"),
        [
            bag(&[("X", "b/0"), ("Y", "10.0.0.2")]),
            bag(&[("Z", "b/0 configured")])
        ]
    );
    assert_eq!(sets("a/0"), [bag(&[("P", "a/0"), ("Q", "10.0.0.1")])]);
    assert_eq!(
        sim.transcript().sequence("a/0"),
        [
            "install",
            "ab-relation-created",
            "leader-elected",
            "config-changed",
            "start",
            "ab-relation-joined b/0",
            "ab-relation-changed b/0",
            "ab-relation-changed b/0",
        ]
    );
    assert_eq!(sim.status("a/0").unwrap().message, "handshake complete");
    assert_eq!(sim.status("b/0").unwrap().message, "handshake complete");
}

// Every seed, the seeds spread over the machine's cores.
#[test]
fn every_interleaving_of_seeds_1_to_1000_completes() {
    let orders: BTreeSet<Vec<String>> = across_cores(1..=SEEDS, completes).into_iter().collect();
    assert!(orders.len() > 100, "only {} distinct orders", orders.len());
}

/// Runs seed `seed` to completion; the order its hooks ran in.
fn completes(seed: u64) -> Vec<String> {
    let (sim, id) = pair(seed, 1);
    assert_complete(
        &sim,
        id,
        &[("a/0", "10.0.0.1")],
        &[("b/0", "10.0.0.2")],
        seed,
    );
    sim.transcript()
        .hooks()
        .iter()
        .map(|h| format!("{} {}", h.unit, h.label()))
        .collect()
}

#[test]
fn a_unit_that_departs_and_a_new_one_leave_nothing_stale() {
    for seed in 0..SEEDS / 20 {
        let (mut sim, id) = pair(seed, 2);
        assert_complete(
            &sim,
            id,
            &[("a/0", "10.0.0.1")],
            &[("b/0", "10.0.0.2"), ("b/1", "10.0.0.3")],
            seed,
        );
        sim.remove_unit("b/1").unwrap();
        let b2 = sim.add_unit("b").unwrap();
        assert_eq!(b2, "b/2");
        sim.settle().unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        assert_eq!(sim.units("b"), ["b/0", "b/2"]);
        assert_complete(
            &sim,
            id,
            &[("a/0", "10.0.0.1")],
            &[("b/0", "10.0.0.2"), ("b/2", "10.0.0.4")],
            seed,
        );
        // The flag holds exactly the live conversations.
        let flag = &sim.store("a/0", "reactive.states.").unwrap()["reactive.states.ab.ready"];
        let held: BTreeSet<&str> = flag["conversations"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(
            held,
            [
                "reactive.conversations.ab:1.b/0",
                "reactive.conversations.ab:1.b/2"
            ]
            .into(),
            "seed {seed}"
        );
    }
}

#[test]
fn a_removed_and_recreated_relation_starts_clean() {
    for seed in 0..SEEDS / 20 {
        let (mut sim, id) = pair(seed, 1);
        sim.remove_relation(id).unwrap();
        sim.settle().unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        for unit in ["a/0", "b/0"] {
            assert_eq!(
                sim.store(unit, "reactive.").unwrap(),
                BTreeMap::new(),
                "seed {seed}: {unit}"
            );
            assert_eq!(sim.status(unit).unwrap().message, "handshake in progress");
        }
        assert!(sim.deployment().relations[&id].dead);
        let again = sim.relate("a:ab", "b:ab").unwrap();
        assert_eq!(again, id + 1);
        sim.settle().unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        assert_complete(
            &sim,
            again,
            &[("a/0", "10.0.0.1")],
            &[("b/0", "10.0.0.2")],
            seed,
        );
    }
}
