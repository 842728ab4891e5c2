//! Application bags, leadership, peers, ports and secrets, end to end: a
//! two-unit mysql-like server and a two-unit client application, each
//! scenario run twice on the same seed, once in-process and once as the
//! compiled charm binaries under the fake hook tools.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use iface::secret::SecretUri;
use iface_sim::serde_json::Map;
use iface_sim::sim::HookRecord;
use iface_sim::{ActionOutcome, ActionStatus, Bag, Simulation};
use mysql_interface::password_for;

const SEED: u64 = 0;

/// A relation's bags by owner (units, or applications).
type Bags = BTreeMap<String, Bag>;

/// The related deployment every scenario starts from, settled.
struct Scene {
    sim: Simulation,
    mode: &'static str,
    /// The `db` relation between wordpress and mysql.
    db: u32,
    /// mysql's `cluster` peer relation.
    cluster: u32,
}

fn in_process() -> Simulation {
    Simulation::with_seed(SEED)
}

fn as_processes() -> Simulation {
    let client = Path::new(env!("CARGO_BIN_EXE_mysql-client"));
    let server = client.with_file_name("mysql-server");
    Simulation::of_binaries(SEED, &[("wiki", client), ("mysql", &server)]).unwrap()
}

/// Runs `scenario` on the settled deployment in-process, then as processes.
fn in_both_modes(scenario: impl Fn(&mut Scene)) {
    for (mode, mut sim) in [("in-process", in_process()), ("processes", as_processes())] {
        sim.deploy("mysql", &mysql_server_charm::CHARM, 2).unwrap();
        sim.deploy("wordpress", &mysql_client_charm::CHARM, 2)
            .unwrap();
        let db = sim.relate("wordpress:db", "mysql:db").unwrap();
        sim.settle()
            .unwrap_or_else(|e| panic!("{mode}: {e}\n{}", sim.transcript()));
        let cluster = peer_relation(&sim, "mysql");
        scenario(&mut Scene {
            sim,
            mode,
            db,
            cluster,
        });
    }
}

fn peer_relation(sim: &Simulation, app: &str) -> u32 {
    let model = sim.deployment();
    let (id, _) = model
        .relations
        .iter()
        .find(|(_, r)| r.is_peer() && r.side(app).is_some())
        .expect("a peer relation");
    *id
}

impl Scene {
    fn settle(&mut self) {
        self.sim
            .settle()
            .unwrap_or_else(|e| panic!("{}: {e}\n{}", self.mode, self.sim.transcript()));
    }

    fn action(&mut self, unit: &str, name: &str) -> ActionOutcome {
        self.sim.run_action(unit, name, Map::new()).unwrap()
    }

    /// The last hook or action run.
    fn last(&self) -> &HookRecord {
        self.sim.transcript().hooks().last().unwrap()
    }

    fn status(&self, unit: &str) -> String {
        self.sim
            .status(unit)
            .map(|s| format!("{}: {}", s.status, s.message))
            .unwrap_or_default()
    }

    fn app_status(&self, app: &str) -> Option<String> {
        let model = self.sim.deployment();
        let status = model.applications[app].status.as_ref()?;
        Some(format!("{}: {}", status.status, status.message))
    }

    fn opened_ports(&self, unit: &str) -> Vec<String> {
        let model = self.sim.deployment();
        model.units[unit]
            .opened_ports
            .values()
            .flatten()
            .map(ToString::to_string)
            .collect()
    }

    /// Every bag of every relation, units' and applications'.
    fn bags(&self) -> Vec<(u32, Bags, Bags)> {
        let model = self.sim.deployment();
        model
            .relations
            .iter()
            .map(|(id, r)| (*id, r.unit_data.clone(), r.app_data.clone()))
            .collect()
    }

    /// The secret the server's answer names.
    fn answered_secret(&self) -> SecretUri {
        self.sim.relation_data(self.db, "mysql")["secret-user"]
            .parse()
            .unwrap()
    }

    /// The hooks run since hook `from` on `unit`, as `hook [remote unit]`.
    fn hooks_since(&self, from: usize, unit: &str) -> Vec<String> {
        self.sim.transcript().hooks()[from..]
            .iter()
            .filter(|h| h.unit == unit)
            .map(HookRecord::label)
            .collect()
    }
}

/// What a non-leader's attempt says: the runtime's typed `NotLeader`.
fn assert_refused_as_non_leader(scene: &Scene, outcome: &ActionOutcome, what: &str) {
    let mode = scene.mode;
    assert_eq!(outcome.status, ActionStatus::Failed, "{mode}: {outcome:?}");
    assert!(
        outcome.message.contains(&format!(
            "only the leader may {what}, and this unit is not the leader"
        )),
        "{mode}: {outcome:?}"
    );
    // Refused before any tool that changes something ran.
    let writes: Vec<&str> = scene
        .last()
        .calls
        .iter()
        .map(|c| c.tool.as_str())
        .filter(|t| t.ends_with("-set") || t.starts_with("secret-") || t.ends_with("-port"))
        .collect();
    assert!(writes.is_empty(), "{mode}: {writes:?}");
}

const WORDPRESS: [&str; 2] = ["wordpress/0", "wordpress/1"];
const MYSQL: [&str; 2] = ["mysql/0", "mysql/1"];

#[test]
fn a_config_change_republishes_the_port_to_every_client_unit() {
    in_both_modes(|scene| {
        let mode = scene.mode;
        for unit in WORDPRESS {
            assert_eq!(
                scene.status(unit),
                "active: using wordpress@10.0.0.1:3306/wordpress",
                "{mode}"
            );
        }
        let from = scene.sim.transcript().len();
        scene.sim.set_config("mysql", "port", 3307).unwrap();
        scene.settle();
        assert_eq!(
            scene.sim.relation_data(scene.db, "mysql")["port"],
            "3307",
            "{mode}"
        );
        for unit in WORDPRESS {
            assert_eq!(
                scene.status(unit),
                "active: using wordpress@10.0.0.1:3307/wordpress",
                "{mode}"
            );
            // Told by a change of the server's application bag.
            assert!(
                scene
                    .hooks_since(from, unit)
                    .contains(&"db-relation-changed mysql (application bag)".to_owned()),
                "{mode}: {unit}: {:?}",
                scene.hooks_since(from, unit)
            );
        }
        for unit in MYSQL {
            assert_eq!(scene.opened_ports(unit), ["3307/tcp"], "{mode}: {unit}");
        }
    });
}

#[test]
fn a_non_leaders_application_bag_write_is_refused_and_nothing_is_committed() {
    in_both_modes(|scene| {
        let mode = scene.mode;
        let store = scene.sim.store("mysql/1", "").unwrap();
        let bags = scene.bags();
        let calls = scene.sim.deployment().calls.len();
        let outcome = scene.action("mysql/1", "rotate-password");
        let what = format!(
            "write `ClusterSettings` to the application bag of cluster:{}",
            scene.cluster
        );
        assert_refused_as_non_leader(scene, &outcome, &what);
        assert_eq!(scene.sim.store("mysql/1", "").unwrap(), store, "{mode}");
        assert_eq!(scene.bags(), bags, "{mode}");
        let model = scene.sim.deployment();
        assert!(
            !model.calls[calls..]
                .iter()
                .any(|c| c.tool == "relation-set"),
            "{mode}"
        );
        drop(model);
        // Nothing for anyone to react to.
        assert_eq!(scene.sim.settle().unwrap(), 0, "{mode}");
    });
}

#[test]
fn leadership_moving_moves_the_application_bag_writer() {
    in_both_modes(|scene| {
        let mode = scene.mode;
        assert_eq!(
            scene.sim.relation_data(scene.db, "mysql")["host"],
            "10.0.0.1"
        );
        let secret = scene.answered_secret();
        let from = scene.sim.transcript().len();
        scene.sim.set_leader("mysql/1").unwrap();
        scene.settle();
        assert_eq!(
            scene.hooks_since(from, "mysql/1")[0],
            "leader-elected",
            "{mode}"
        );
        // The new leader answers with its own address, keeping the secret
        // the answer named; every client unit follows.
        let answer = scene.sim.relation_data(scene.db, "mysql");
        assert_eq!(answer["host"], "10.0.0.2", "{mode}");
        assert_eq!(scene.answered_secret(), secret, "{mode}");
        for unit in WORDPRESS {
            assert_eq!(
                scene.status(unit),
                "active: using wordpress@10.0.0.2:3306/wordpress",
                "{mode}"
            );
        }
        // The former leader may no longer write; the new one may.
        let refused = scene.action("mysql/0", "rotate-password");
        let what = format!(
            "write `ClusterSettings` to the application bag of cluster:{}",
            scene.cluster
        );
        assert_refused_as_non_leader(scene, &refused, &what);
        let rotated = scene.action("mysql/1", "rotate-password");
        assert_eq!(
            rotated.status,
            ActionStatus::Completed,
            "{mode}: {rotated:?}"
        );
        assert_eq!(
            scene.sim.relation_data(scene.cluster, "mysql")["generation"],
            "1",
            "{mode}"
        );
    });
}

#[test]
fn application_status_from_a_non_leader_is_refused() {
    in_both_modes(|scene| {
        let mode = scene.mode;
        let before = scene.app_status("mysql");
        let outcome = scene.action("mysql/1", "pause");
        assert_refused_as_non_leader(scene, &outcome, "set the application status");
        assert_eq!(scene.app_status("mysql"), before, "{mode}");
        let outcome = scene.action("mysql/0", "pause");
        assert_eq!(
            outcome.status,
            ActionStatus::Completed,
            "{mode}: {outcome:?}"
        );
        assert_eq!(
            scene.app_status("mysql").as_deref(),
            Some("maintenance: paused by the operator"),
            "{mode}"
        );
    });
}

#[test]
fn peer_data_is_visible_to_every_peer_unit() {
    in_both_modes(|scene| {
        let mode = scene.mode;
        // Each unit's bag, read by the other.
        for unit in MYSQL {
            let bag = scene.sim.relation_data(scene.cluster, unit);
            assert_eq!(
                (bag["port"].as_str(), bag["serving"].as_str()),
                ("3306", "true"),
                "{mode}: {unit}"
            );
            assert_eq!(
                scene.status(unit),
                "active: serving on 3306; 1 of 1 peers serving",
                "{mode}: {unit}"
            );
        }
        // The application bag, written by the leader, read by every unit.
        let from = scene.sim.transcript().len();
        assert_eq!(
            scene.action("mysql/0", "pause").status,
            ActionStatus::Completed
        );
        scene.settle();
        assert_eq!(
            scene.sim.relation_data(scene.cluster, "mysql"),
            Bag::from([
                ("generation".to_owned(), "0".to_owned()),
                ("paused".to_owned(), "true".to_owned()),
            ]),
            "{mode}"
        );
        assert_eq!(
            scene.hooks_since(from, "mysql/1"),
            [
                "cluster-relation-changed mysql (application bag)",
                "cluster-relation-changed mysql/0"
            ],
            "{mode}: the leader's peer application bag, then its unit bag"
        );
        for unit in MYSQL {
            assert_eq!(scene.status(unit), "maintenance: paused", "{mode}: {unit}");
        }
        assert_eq!(
            scene.sim.relation_data(scene.cluster, "mysql/1")["serving"],
            "false",
            "{mode}"
        );
    });
}

#[test]
fn an_application_bag_write_fires_changed_with_no_remote_unit() {
    in_both_modes(|scene| {
        let mode = scene.mode;
        let from = scene.sim.transcript().len();
        scene.sim.set_config("mysql", "port", 3308).unwrap();
        scene.settle();
        for unit in WORDPRESS {
            let changed: Vec<&HookRecord> = scene.sim.transcript().hooks()[from..]
                .iter()
                .filter(|h| h.unit == unit && h.hook == "db-relation-changed")
                .collect();
            assert_eq!(changed.len(), 1, "{mode}: {unit}: {changed:?}");
            // JUJU_REMOTE_UNIT empty, JUJU_REMOTE_APP the writer.
            assert_eq!(changed[0].remote_unit, None, "{mode}");
            assert_eq!(changed[0].remote_app.as_deref(), Some("mysql"), "{mode}");
            assert_eq!(changed[0].relation, Some(scene.db), "{mode}");
        }
    });
}

#[test]
fn opened_and_closed_ports_appear_in_the_model() {
    in_both_modes(|scene| {
        let mode = scene.mode;
        for unit in MYSQL {
            assert_eq!(scene.opened_ports(unit), ["3306/tcp"], "{mode}: {unit}");
        }
        assert_eq!(
            scene.action("mysql/0", "pause").status,
            ActionStatus::Completed
        );
        scene.settle();
        for unit in MYSQL {
            assert!(scene.opened_ports(unit).is_empty(), "{mode}: {unit}");
        }
        assert_eq!(
            scene.action("mysql/0", "resume").status,
            ActionStatus::Completed
        );
        scene.settle();
        for unit in MYSQL {
            assert_eq!(scene.opened_ports(unit), ["3306/tcp"], "{mode}: {unit}");
        }
    });
}

#[test]
fn a_secret_is_granted_on_the_relation_and_its_new_revision_reaches_the_requirer() {
    in_both_modes(|scene| {
        let mode = scene.mode;
        let uri = scene.answered_secret();
        {
            let model = scene.sim.deployment();
            let secret = &model.secrets[uri.id()];
            assert_eq!(secret.latest(), 1, "{mode}");
            assert_eq!(
                secret.value(1, "password"),
                Some(password_for("mysql", "wordpress", 0)),
                "{mode}"
            );
            // Each client unit read it through the URI in the relation data.
            let consumers: BTreeSet<&String> = secret.consumers.keys().collect();
            assert_eq!(
                consumers,
                WORDPRESS
                    .iter()
                    .map(|u| (*u).to_owned())
                    .collect::<Vec<_>>()
                    .iter()
                    .collect(),
                "{mode}"
            );
            assert!(secret.consumers.values().all(|c| c.revision == 1), "{mode}");
        }
        let from = scene.sim.transcript().len();
        let rotated = scene.action("mysql/0", "rotate-password");
        assert_eq!(
            rotated.status,
            ActionStatus::Completed,
            "{mode}: {rotated:?}"
        );
        assert_eq!(rotated.results["users"], "wordpress", "{mode}");
        scene.settle();
        let model = scene.sim.deployment();
        let secret = &model.secrets[uri.id()];
        assert_eq!(secret.latest(), 2, "{mode}");
        assert_eq!(
            secret.value(2, "password"),
            Some(password_for("mysql", "wordpress", 1)),
            "{mode}"
        );
        // Each client unit got `secret-changed` and read the new revision.
        for unit in WORDPRESS {
            let hooks: Vec<&HookRecord> = scene.sim.transcript().hooks()[from..]
                .iter()
                .filter(|h| h.unit == unit && h.hook == "secret-changed")
                .collect();
            assert_eq!(hooks.len(), 1, "{mode}: {unit}");
            assert!(
                hooks[0].calls.iter().any(|c| c.tool == "secret-get"
                    && c.code == 0
                    && c.args.iter().any(|a| a == "--refresh")),
                "{mode}: {unit}: {:?}",
                hooks[0].calls
            );
            assert_eq!(secret.consumers[unit].revision, 2, "{mode}: {unit}");
        }
    });
}

#[test]
fn secret_content_never_reaches_logs_the_transcript_or_a_store_file() {
    in_both_modes(|scene| {
        let mode = scene.mode;
        assert_eq!(
            scene.action("mysql/0", "rotate-password").status,
            ActionStatus::Completed
        );
        scene.settle();
        let passwords = [0, 1].map(|generation| password_for("mysql", "wordpress", generation));
        let model = scene.sim.deployment();
        let logs = format!("{:?}", model.logs);
        let calls = format!("{:?}", model.calls);
        drop(model);
        let transcript = format!(
            "{}\n{:?}",
            scene.sim.transcript(),
            scene.sim.transcript().hooks()
        );
        let units: Vec<String> = ["mysql", "wordpress"]
            .iter()
            .flat_map(|app| scene.sim.units(app))
            .collect();
        for password in &passwords {
            assert!(!logs.contains(password.as_str()), "{mode}: juju-log");
            assert!(!calls.contains(password.as_str()), "{mode}: tool calls");
            assert!(
                !transcript.contains(password.as_str()),
                "{mode}: transcript"
            );
            for unit in &units {
                let path = scene.sim.store_path(unit);
                let dir = path.parent().unwrap();
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                // The database and any journal beside it.
                for entry in std::fs::read_dir(dir).unwrap() {
                    let entry = entry.unwrap();
                    if !entry.file_name().to_string_lossy().starts_with(&name) {
                        continue;
                    }
                    let bytes = std::fs::read(entry.path()).unwrap();
                    assert!(
                        !bytes
                            .windows(password.len())
                            .any(|w| w == password.as_bytes()),
                        "{mode}: {}",
                        entry.path().display()
                    );
                }
            }
        }
        // The check can fail: the secret does hold them.
        let uri = scene.answered_secret();
        let model = scene.sim.deployment();
        assert_eq!(
            model.secrets[uri.id()].value(2, "password"),
            Some(passwords[1].clone())
        );
    });
}
