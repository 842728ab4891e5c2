//! Issue 6's acceptance: `iface check` (the real binary, on the example
//! charms' metadata files) says a pair is compatible exactly when the
//! simulated deployment of the real charms converges, for every seed.
//!
//! Four pairs: http (django, haproxy), seed 002's a/b handshake, mysql
//! (SERVICE scope), and the a/b handshake with `a`'s deadlocking variant
//! (`ab_a_charm::deadlock`, documented by `examples/ab-a/metadata-deadlock.yaml`).
//! A deployment converges when every unit raised the flags its charm raises
//! once its side of the protocol is complete; one that does not must still
//! settle (no hook keeps firing, none fails) with none of those flags.
//!
//! Agreement means little if the metadata lies, so each run also checks
//! the documentation against what the charms did: every key a unit wrote
//! is in its `sets`, a key with `after` was written only once a remote unit
//! had written those keys, and a key without was first written no later
//! than the unit's first `-joined` hook (`mysql-server` documented its
//! answer as unconditional, which this check refuses: it waits for
//! `database`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use iface_model::metadata::{Metadata, parse};
use iface_runtime::charm::Charm;
use iface_sim::Simulation;

const SEEDS: u64 = 25;

/// Keys Juju writes into every unit's bag itself.
const JUJU_KEYS: [&str; 3] = ["egress-subnets", "ingress-address", "private-address"];

/// One end of a pair.
struct Side {
    app: &'static str,
    charm: &'static Charm,
    /// The metadata document `iface check` reads, under `examples/`.
    metadata: &'static str,
    relation: &'static str,
    units: usize,
    /// The flags each unit raises once its side is complete.
    complete: &'static [&'static str],
}

struct Pair {
    name: &'static str,
    a: Side,
    b: Side,
    /// What the checker should say (and the simulation find).
    compatible: bool,
}

fn pairs() -> [Pair; 4] {
    let ab_a = |charm, metadata| Side {
        app: "a",
        charm,
        metadata,
        relation: "ab",
        units: 1,
        complete: &["ab.ready"],
    };
    let ab_b = || Side {
        app: "b",
        charm: &ab_b_charm::CHARM,
        metadata: "ab-b/metadata.yaml",
        relation: "ab",
        units: 1,
        complete: &["ab.ready"],
    };
    [
        Pair {
            name: "http",
            a: Side {
                app: "django",
                charm: &django_charm::CHARM,
                metadata: "django/metadata.yaml",
                relation: "website",
                units: 1,
                complete: &["website.available"],
            },
            b: Side {
                app: "haproxy",
                charm: &haproxy_charm::CHARM,
                metadata: "haproxy/metadata.yaml",
                relation: "reverseproxy",
                units: 2,
                complete: &["reverseproxy.available"],
            },
            compatible: true,
        },
        Pair {
            name: "a/b handshake",
            a: ab_a(&ab_a_charm::CHARM, "ab-a/metadata.yaml"),
            b: ab_b(),
            compatible: true,
        },
        Pair {
            name: "mysql",
            a: Side {
                app: "mysql",
                charm: &mysql_server_charm::CHARM,
                metadata: "mysql-server/metadata.yaml",
                relation: "db",
                units: 1,
                complete: &["db.database.requested"],
            },
            b: Side {
                app: "wiki",
                charm: &mysql_client_charm::CHARM,
                metadata: "mysql-client/metadata.yaml",
                relation: "db",
                units: 2,
                complete: &["db.connected", "db.available"],
            },
            compatible: true,
        },
        Pair {
            name: "a/b handshake, deadlocking variant",
            a: ab_a(&ab_a_charm::deadlock::CHARM, "ab-a/metadata-deadlock.yaml"),
            b: ab_b(),
            compatible: false,
        },
    ]
}

fn path(metadata: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples")
        .join(metadata)
        .to_string_lossy()
        .into_owned()
}

fn load(metadata: &str) -> Metadata {
    parse(&std::fs::read_to_string(path(metadata)).unwrap()).unwrap()
}

/// `iface check A B a:rel b:rel`'s verdict, from its exit status, checked
/// against its JSON.
fn iface_check(pair: &Pair) -> bool {
    let run = |format: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_iface"))
            .args([
                "check",
                &path(pair.a.metadata),
                &path(pair.b.metadata),
                &format!("{}:{}", pair.a.app, pair.a.relation),
                &format!("{}:{}", pair.b.app, pair.b.relation),
                "--format",
                format,
            ])
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8(out.stdout).unwrap())
    };
    let (code, text) = run("text");
    let (_, json) = run("json");
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let compatible = match code {
        Some(0) => true,
        Some(1) => false,
        other => panic!("{}: iface check exited {other:?}\n{text}", pair.name),
    };
    assert_eq!(json["compatible"], compatible, "{}: {json}", pair.name);
    compatible
}

/// Deploys and relates the pair, settles, and says whether every unit
/// completed its side. A deployment that does not complete must still
/// settle, with none of the completion flags raised.
fn converges(pair: &Pair, seed: u64) -> (bool, Simulation, u32) {
    let mut sim = Simulation::with_seed(seed);
    for side in [&pair.a, &pair.b] {
        sim.deploy(side.app, side.charm, side.units).unwrap();
    }
    let id = sim
        .relate(
            &format!("{}:{}", pair.a.app, pair.a.relation),
            &format!("{}:{}", pair.b.app, pair.b.relation),
        )
        .unwrap();
    sim.settle().unwrap_or_else(|e| {
        panic!(
            "{} seed {seed}: no settle: {e}\n{}",
            pair.name,
            sim.transcript()
        )
    });
    let mut complete = BTreeSet::new();
    for side in [&pair.a, &pair.b] {
        for unit in sim.units(side.app) {
            let flags = sim.flags(&unit).unwrap();
            let raised: Vec<&str> = side
                .complete
                .iter()
                .copied()
                .filter(|flag| flags.contains(*flag))
                .collect();
            complete.insert(raised.len() == side.complete.len());
            if raised.len() < side.complete.len() {
                assert!(
                    raised.is_empty() || pair.name == "mysql",
                    "{} seed {seed}: {unit} is half complete: {flags:?}",
                    pair.name
                );
            }
        }
    }
    assert_eq!(
        complete.len(),
        1,
        "{} seed {seed}: some units complete, some not\n{}",
        pair.name,
        sim.transcript()
    );
    (complete.contains(&true), sim, id)
}

/// The metadata of each side tells the truth about what its units wrote
/// on relation `id` (see the module docs).
fn assert_truthful(pair: &Pair, sim: &Simulation, id: u32, seed: u64) {
    let (meta_a, meta_b) = (load(pair.a.metadata), load(pair.b.metadata));
    let documented = |app: &str| {
        let (side, meta) = if app == pair.a.app {
            (&pair.a, &meta_a)
        } else {
            (&pair.b, &meta_b)
        };
        meta.relation(side.relation).unwrap().sets.clone()
    };
    let app_of = |unit: &str| unit.split('/').next().unwrap().to_owned();
    // What each unit has written so far, replayed in hook order.
    let mut bags: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    // Units that have finished a `-joined` hook on the relation, and the
    // keys each unit has ever written.
    let mut joined: BTreeSet<String> = BTreeSet::new();
    let mut ever: BTreeSet<(String, String)> = BTreeSet::new();
    for hook in sim.transcript().hooks() {
        if !hook.succeeded() || hook.relation != Some(id) {
            continue;
        }
        let unit = &hook.unit;
        let app = app_of(unit);
        let sets = documented(&app);
        for set in hook.relation_sets().filter(|s| s.relation == id && !s.app) {
            for (key, value) in &set.values {
                if JUJU_KEYS.contains(&key.as_str()) {
                    continue;
                }
                let context = format!("{} seed {seed}: {unit} wrote `{key}`", pair.name);
                let decl = sets
                    .iter()
                    .find(|s| &s.key == key)
                    .unwrap_or_else(|| panic!("{context}, which its metadata does not set"));
                let first = ever.insert((unit.clone(), key.clone()));
                if decl.after.is_empty() {
                    // Waiting for nothing, it is written at once (or never:
                    // a unit may find the work done, as a mysql client
                    // whose application the server answered already).
                    assert!(
                        !first || !joined.contains(unit),
                        "{context} after its first -joined hook; its metadata says it \
                         waits for nothing"
                    );
                } else {
                    let remote_has_all = bags.iter().any(|(remote, keys)| {
                        app_of(remote) != app && decl.after.iter().all(|k| keys.contains(k))
                    });
                    assert!(
                        remote_has_all,
                        "{context} before any remote unit wrote {:?}",
                        decl.after
                    );
                }
                if value.is_empty() {
                    bags.entry(unit.clone()).or_default().remove(key);
                } else {
                    bags.entry(unit.clone()).or_default().insert(key.clone());
                }
            }
        }
        if hook.hook.ends_with("-relation-joined") {
            joined.insert(unit.clone());
        }
    }
    assert_eq!(
        joined.len(),
        pair.a.units + pair.b.units,
        "{} seed {seed}: every unit joined",
        pair.name
    );
}

#[test]
fn the_checker_agrees_with_the_simulator_on_every_example_pair() {
    for pair in pairs() {
        let compatible = iface_check(&pair);
        assert_eq!(
            compatible, pair.compatible,
            "{}: iface check says compatible = {compatible}",
            pair.name
        );
        for seed in 0..SEEDS {
            let (converged, sim, id) = converges(&pair, seed);
            assert_eq!(
                converged,
                compatible,
                "{} seed {seed}: the simulation {} but iface check says {}\n{}",
                pair.name,
                if converged {
                    "converged"
                } else {
                    "did not converge"
                },
                if compatible {
                    "compatible"
                } else {
                    "not compatible"
                },
                sim.transcript()
            );
            assert_truthful(&pair, &sim, id, seed);
        }
    }
}

/// The deadlock is the one the checker names: `b` has sent `X` and `Y`,
/// `a` has answered only `Q`, and nothing more happens.
#[test]
fn the_deadlocked_deployment_stops_where_the_checker_says() {
    let pair = &pairs()[3];
    for seed in 0..SEEDS {
        let (_, sim, id) = converges(pair, seed);
        let written = |unit: &str| -> Vec<String> {
            sim.relation_data(id, unit)
                .into_keys()
                .filter(|k| !JUJU_KEYS.contains(&k.as_str()))
                .collect()
        };
        assert_eq!(written("a/0"), ["Q"], "seed {seed}");
        assert_eq!(written("b/0"), ["X", "Y"], "seed {seed}");
        for unit in ["a/0", "b/0"] {
            assert_eq!(sim.flags(unit).unwrap(), BTreeSet::new(), "seed {seed}");
            assert_eq!(
                sim.status(unit).unwrap().message,
                "handshake in progress",
                "seed {seed}"
            );
        }
    }
    let out = Command::new(env!("CARGO_BIN_EXE_iface"))
        .args(["check", &path(pair.a.metadata), &path(pair.b.metadata)])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "a:ab and b:ab are not compatible\n\
         keys become available in this order:\n  \
         1. b:ab sets X\n  \
         2. b:ab sets Y\n  \
         3. a:ab sets Q (after X, Y)\n\
         b:ab never sets Z: it waits for P, which never arrives\n\
         a:ab never sets P: it waits for Z, which never arrives\n"
    );
}
