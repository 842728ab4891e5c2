//! The mysql-like interface in the simulator: one server, two client
//! applications (one with two units). The server's leader answers each
//! client application once, in its SERVICE-scope conversation, in its
//! application bag with the password in a secret granted on the relation,
//! under 1,000 interleavings; a client application that goes leaves
//! nothing behind.

use std::collections::{BTreeMap, BTreeSet};

use iface::secret::SecretUri;
use iface_sim::serde_json::{Value, json};
use iface_sim::{SecretOwner, Simulation, juju_addresses};
use mysql_interface::password_for;

const SEEDS: u64 = 1_000;

fn deploy(seed: u64) -> (Simulation, u32, u32) {
    let mut sim = Simulation::with_seed(seed);
    sim.deploy("mysql", &mysql_server_charm::CHARM, 1).unwrap();
    sim.deploy("wordpress", &mysql_client_charm::CHARM, 2)
        .unwrap();
    sim.deploy("mediawiki", &mysql_client_charm::CHARM, 1)
        .unwrap();
    let wp = sim.relate("wordpress:db", "mysql:db").unwrap();
    let mw = sim.relate("mediawiki:db", "mysql:db").unwrap();
    sim.settle()
        .unwrap_or_else(|e| panic!("seed {seed}: {e}\n{}", sim.transcript()));
    (sim, wp, mw)
}

/// The server application's answer to `app` on relation `id`, checked:
/// where to connect, and a secret of the server application, granted to
/// `app` on this relation, that holds the password.
fn assert_answer(sim: &Simulation, id: u32, app: &str, seed: u64) {
    let mut answer = sim.relation_data(id, "mysql");
    let uri: SecretUri = answer
        .remove("secret-user")
        .unwrap_or_else(|| panic!("seed {seed}: {app}: no secret-user in {answer:?}"))
        .parse()
        .unwrap();
    let expected: BTreeMap<String, String> = [
        ("database", app),
        ("host", "10.0.0.1"),
        ("port", "3306"),
        ("user", app),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    assert_eq!(answer, expected, "seed {seed}: {app}");
    let model = sim.deployment();
    let secret = &model.secrets[uri.id()];
    assert_eq!(secret.owner, SecretOwner::Application("mysql".to_owned()));
    assert!(
        secret
            .grants
            .iter()
            .any(|g| g.relation == id && g.target == app),
        "seed {seed}: {:?}",
        secret.grants
    );
    assert_eq!(secret.value(1, "username").as_deref(), Some(app));
    assert_eq!(
        secret.value(1, "password"),
        Some(password_for("mysql", app, 0))
    );
}

fn conversation(id: u32, app: &str, units: &[&str]) -> (String, Value) {
    (
        format!("reactive.conversations.db:{id}.{app}"),
        json!({"namespace": format!("db:{id}"), "units": units, "scope": app}),
    )
}

fn assert_served(sim: &Simulation, clients: &[(u32, &str, &[&str])], seed: u64) {
    // The server's lone unit is in its `cluster` peer relation's one
    // conversation, with no peers.
    let peers = (
        "reactive.conversations.cluster.global".to_owned(),
        json!({"namespace": "cluster", "units": [], "scope": "global"}),
    );
    let expected: BTreeMap<String, Value> = clients
        .iter()
        .map(|(id, app, units)| conversation(*id, app, units))
        .chain([peers])
        .collect();
    assert_eq!(
        sim.conversations("mysql/0").unwrap(),
        expected,
        "seed {seed}"
    );
    assert_eq!(
        sim.flags("mysql/0").unwrap(),
        BTreeSet::from([
            "cluster.related".to_owned(),
            "db.database.requested".to_owned()
        ]),
        "seed {seed}"
    );
    for (id, app, units) in clients {
        // The answer is the application's; the server unit's own bag
        // holds only what Juju put there.
        assert_eq!(
            sim.relation_data(*id, "mysql/0"),
            juju_addresses("10.0.0.1"),
            "seed {seed}: {app}"
        );
        assert_answer(sim, *id, app, seed);
        // The password is in the secret, never in the store.
        let stored = format!("{:?}", sim.store("mysql/0", "").unwrap());
        assert!(
            !stored.contains(&password_for("mysql", app, 0)),
            "seed {seed}"
        );
        // A unit asks only while the application has no answer, so a unit
        // that joins later may never ask; whoever asked, asked for the
        // application's database.
        let asked: BTreeSet<String> = units
            .iter()
            .filter_map(|unit| sim.relation_data(*id, unit).get("database").cloned())
            .collect();
        assert!(
            asked.iter().all(|name| name == app),
            "seed {seed}: {asked:?}"
        );
        for unit in *units {
            assert_eq!(
                sim.flags(unit).unwrap(),
                BTreeSet::from(["db.available".to_owned(), "db.connected".to_owned()]),
                "seed {seed}: {unit}"
            );
            assert_eq!(
                sim.status(unit).unwrap().message,
                format!("using {app}@10.0.0.1:3306/{app}"),
                "seed {seed}: {unit}"
            );
        }
    }
}

// Two halves, so that the test harness runs them on two cores.
#[test]
fn each_client_application_is_answered_once_under_seeds_0_to_499() {
    answered_once(0..SEEDS / 2);
}

#[test]
fn each_client_application_is_answered_once_under_seeds_500_to_999() {
    answered_once(SEEDS / 2..SEEDS);
}

fn answered_once(seeds: std::ops::Range<u64>) {
    for seed in seeds {
        let (sim, wp, mw) = deploy(seed);
        assert_served(
            &sim,
            &[
                (wp, "wordpress", &["wordpress/0", "wordpress/1"]),
                (mw, "mediawiki", &["mediawiki/0"]),
            ],
            seed,
        );
        // The server wrote each relation's answer once, in the
        // application bag.
        let sets = sim.transcript().relation_sets_by("mysql/0");
        let relations: Vec<u32> = sets
            .iter()
            .filter(|s| s.endpoint == "db")
            .inspect(|s| assert!(s.app, "seed {seed}: {s:?}"))
            .map(|s| s.relation)
            .collect();
        assert_eq!(relations.len(), 2, "seed {seed}: {relations:?}");
        assert!(
            relations.contains(&wp) && relations.contains(&mw),
            "seed {seed}"
        );
    }
}

#[test]
fn a_client_application_that_goes_leaves_nothing_behind() {
    for seed in 0..SEEDS / 20 {
        let (mut sim, wp, mw) = deploy(seed);
        sim.remove_unit("wordpress/0").unwrap();
        sim.settle().unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        assert_served(
            &sim,
            &[
                (wp, "wordpress", &["wordpress/1"]),
                (mw, "mediawiki", &["mediawiki/0"]),
            ],
            seed,
        );
        sim.remove_relation(wp).unwrap();
        sim.settle().unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        assert_served(&sim, &[(mw, "mediawiki", &["mediawiki/0"])], seed);
        let stale: Vec<String> = sim
            .store("mysql/0", "reactive.")
            .unwrap()
            .into_keys()
            .filter(|k| k.contains(&format!("db:{wp}")))
            .collect();
        assert!(stale.is_empty(), "seed {seed}: {stale:?}");
        assert_eq!(
            sim.store("wordpress/1", "reactive.").unwrap(),
            BTreeMap::new(),
            "seed {seed}"
        );
    }
}
