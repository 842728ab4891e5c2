//! A charm with no framework (`tests/charms/bash-kv`: `hooks/` and
//! `actions/` bash scripts) deployed as two applications: application
//! bags (the leader's to write, refused to a non-leader, `-changed` on
//! the other side and on the peers with no remote unit), secrets (add,
//! grant, read, a new revision giving `secret-changed`, `secret-remove`
//! for the revision no one tracks, content never in the transcript) and
//! actions (completed, `action-fail`, a crash, none at all).

use std::path::Path;

use iface_sim::{ActionStatus, Simulation};
use serde_json::{Map, json};

const FAKE_TOOLS: &str = env!("CARGO_BIN_EXE_iface-fake-tools");

fn fixture() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/charms/bash-kv"))
}

/// owner (2 units) provides `kv` to reader (1 unit), settled.
fn deployed(seed: u64) -> Simulation {
    let mut sim = Simulation::in_processes(seed, Path::new(FAKE_TOOLS), []).unwrap();
    sim.deploy_dir("owner", fixture(), 2).unwrap();
    sim.deploy_dir("reader", fixture(), 1).unwrap();
    sim.relate("owner:kv", "reader:kv-in").unwrap();
    sim.settle()
        .unwrap_or_else(|e| panic!("seed {seed}: {e}\n{}", sim.transcript()));
    sim
}

fn status_message(sim: &Simulation, unit: &str) -> String {
    sim.status(unit).map(|s| s.message).unwrap_or_default()
}

#[test]
fn application_bags_are_the_leaders_and_their_changes_reach_the_other_side_and_the_peers() {
    for seed in [0, 3, 11] {
        let sim = deployed(seed);
        let transcript = sim.transcript();
        assert_eq!(
            transcript.failures().count(),
            0,
            "seed {seed}\n{transcript}"
        );

        // The remote application's bag change: no remote unit, the remote
        // application named.
        let app_change = transcript
            .hooks_of("reader/0")
            .find(|h| h.hook == "kv-in-relation-changed" && h.remote_unit.is_none())
            .unwrap_or_else(|| panic!("seed {seed}: no application -changed\n{transcript}"));
        assert_eq!(app_change.remote_app.as_deref(), Some("owner"));
        assert_eq!(
            app_change.label(),
            "kv-in-relation-changed owner (application bag)"
        );
        assert_eq!(
            status_message(&sim, "reader/0"),
            "greeting hello, password of 8 characters",
            "seed {seed}"
        );

        // The leader's peer application bag reaches the other peer the
        // same way.
        let peer_change = transcript
            .hooks_of("owner/1")
            .find(|h| h.hook == "cluster-relation-changed" && h.remote_unit.is_none())
            .unwrap_or_else(|| panic!("seed {seed}: no peer -changed\n{transcript}"));
        assert_eq!(peer_change.remote_app.as_deref(), Some("owner"));
        let deployment = sim.deployment();
        assert_eq!(
            deployment.units["owner/1"]
                .state
                .get("peer-leader")
                .map(String::as_str),
            Some("owner/0")
        );

        // The non-leader's write to its application bag is refused, and
        // the refusal is in the transcript.
        let created = transcript
            .hooks_of("owner/1")
            .find(|h| h.hook == "kv-relation-created")
            .unwrap();
        let refused = created
            .calls
            .iter()
            .find(|c| c.tool == "relation-set")
            .unwrap();
        assert_eq!(refused.code, 1);
        let relation = created.relation.unwrap();
        assert_eq!(
            deployment.relations[&relation].app_data["owner"]["greeting"],
            "hello"
        );
        let text = created.to_string();
        assert!(
            text.contains(&format!(
                "$ relation-set -r kv:{relation} --app greeting=impostor   (error, exit 1)"
            )),
            "{text}"
        );
        // Every tool call is shown, not only relation data: is-leader with
        // its answer, juju-log.
        assert!(
            text.contains("$ is-leader --format=json\n         false"),
            "{text}"
        );
        assert!(text.contains("$ juju-log"), "{text}");
    }
}

#[test]
fn a_new_secret_revision_reaches_its_consumer_and_the_old_one_is_removed() {
    let mut sim = deployed(5);
    let uri = sim.deployment().units["owner/0"].state["secret-uri"].clone();
    let id = uri.rsplit('/').next().unwrap().to_owned();
    {
        let deployment = sim.deployment();
        let secret = &deployment.secrets[&id];
        assert_eq!(secret.consumers["reader/0"].revision, 1);
        assert_eq!(secret.label.as_deref(), Some("shared"));
        assert_eq!(secret.grants.len(), 1);
        assert_eq!(secret.grants[0].target, "reader");
    }

    let outcome = sim
        .run_action(
            "owner/0",
            "rotate",
            Map::from_iter([("password".to_owned(), json!("rotated-pw-0002"))]),
        )
        .unwrap();
    assert_eq!(outcome.status, ActionStatus::Completed, "{outcome:?}");
    assert_eq!(outcome.message, "");
    assert_eq!(
        serde_json::Value::Object(outcome.results),
        json!({"rotated": {"by": "owner/0", "revision-was": "1"}})
    );
    assert_eq!(outcome.log, ["rotating"]);

    let before = sim.transcript().len();
    sim.settle().unwrap();
    let late = sim.transcript().since(before + 1);
    let changed = late
        .hooks_of("reader/0")
        .find(|h| h.hook == "secret-changed")
        .unwrap_or_else(|| panic!("no secret-changed\n{late}"));
    assert_eq!(changed.label(), format!("secret-changed secret:{id}"));
    assert_eq!(
        status_message(&sim, "reader/0"),
        "new password of 15 characters"
    );
    // The consumer refreshed to revision 2; revision 1 is no one's, so the
    // owner's leader is told and removes it.
    let removed = late
        .hooks_of("owner/0")
        .find(|h| h.hook == "secret-remove")
        .unwrap_or_else(|| panic!("no secret-remove\n{late}"));
    assert_eq!(
        removed.label(),
        format!("secret-remove secret:{id} revision 1")
    );
    assert!(late.hooks_of("owner/1").all(|h| h.hook != "secret-remove"));
    assert!(late.hooks_of("reader/0").all(|h| h.hook != "secret-remove"));
    let deployment = sim.deployment();
    let secret = &deployment.secrets[&id];
    assert_eq!(secret.revisions.keys().copied().collect::<Vec<_>>(), [2]);
    assert_eq!(secret.consumers["reader/0"].revision, 2);

    // No secret content in what the simulation recorded: the first
    // revision's nowhere, the second's only where the action got it as a
    // parameter.
    let printed = sim.transcript().to_string();
    let logged = serde_json::to_string(&deployment.calls).unwrap();
    for text in [&printed, &logged] {
        assert!(!text.contains("s3cret-1"), "{text}");
    }
    let holding: Vec<&str> = deployment
        .calls
        .iter()
        .filter(|c| {
            c.stdout.contains("rotated-pw") || c.args.iter().any(|a| a.contains("rotated-pw"))
        })
        .map(|c| c.tool.as_str())
        .collect();
    assert_eq!(holding, ["action-get"]);
    assert!(printed.contains("password=<redacted>"), "{printed}");
    assert!(
        printed.contains(&format!("$ secret-get {uri} password\n         <redacted>")),
        "{printed}"
    );
}

#[test]
fn actions_end_as_juju_ends_them() {
    let mut sim = deployed(0);
    let state = |sim: &Simulation| sim.deployment().units["owner/0"].state.get("note").cloned();

    // action-fail with exit 0: failed, its changes committed.
    let polite = sim
        .run_action("owner/0", "fail-politely", Map::new())
        .unwrap();
    assert_eq!(polite.status, ActionStatus::Failed);
    assert_eq!(polite.message, "nope");
    assert_eq!(polite.return_code, 0);
    assert_eq!(state(&sim).as_deref(), Some("kept"));

    // A non-zero exit: failed with the process error, changes discarded.
    let crash = sim.run_action("owner/0", "crash", Map::new()).unwrap();
    assert_eq!(crash.status, ActionStatus::Failed);
    assert_eq!(crash.message, "exit status 3");
    assert_eq!(crash.return_code, 3);
    assert_eq!(state(&sim).as_deref(), Some("kept"));

    // An action the charm has no executable for.
    let missing = sim.run_action("owner/0", "backup", Map::new()).unwrap();
    assert_eq!(missing.status, ActionStatus::Failed);
    assert_eq!(
        missing.message,
        "action not implemented on unit \"owner/0\""
    );

    let labels: Vec<String> = sim
        .transcript()
        .hooks_of("owner/0")
        .filter(|h| h.action)
        .map(iface_sim::sim::HookRecord::label)
        .collect();
    assert_eq!(
        labels,
        ["action fail-politely", "action crash", "action backup"]
    );
    assert_eq!(
        sim.run_action("nobody/0", "crash", Map::new())
            .unwrap_err()
            .to_string(),
        "no unit \"nobody/0\" in the model"
    );
}

#[test]
fn a_charm_directory_needs_a_process_simulation_and_metadata() {
    let mut sim = Simulation::new();
    assert_eq!(
        sim.deploy_dir("owner", fixture(), 1)
            .unwrap_err()
            .to_string(),
        format!(
            "cannot set up the simulation: {}: a charm directory runs only as processes: use \
             Simulation::in_processes",
            fixture().display()
        )
    );
    let mut sim = Simulation::in_processes(0, Path::new(FAKE_TOOLS), []).unwrap();
    let empty = tempfile::tempdir().unwrap();
    assert_eq!(
        sim.deploy_dir("x", empty.path(), 1)
            .unwrap_err()
            .to_string(),
        format!(
            "cannot set up the simulation: {}: no metadata.yaml or charmcraft.yaml: not a charm \
             directory",
            empty.path().display()
        )
    );
}

#[test]
fn a_process_model_runs_one_action() {
    use iface_sim::process::ProcessModel;

    let root = tempfile::tempdir().unwrap();
    let mut deployment = iface_sim::Deployment::new("test");
    deployment.add_unit("owner/0", "10.0.0.1");
    deployment.set_leader("owner/0");
    let model = ProcessModel::create(root.path(), Path::new(FAKE_TOOLS), &deployment).unwrap();
    model.install_charm(fixture(), "owner/0").unwrap();
    let program = model.charm_dir("owner/0").join("actions/fail-politely");
    let (process, outcome) = model
        .run_action(&program, "owner/0", "fail-politely", Map::new(), &[])
        .unwrap();
    assert!(process.success(), "{}", process.stderr());
    assert_eq!(
        (outcome.status, outcome.message.as_str()),
        (ActionStatus::Failed, "nope")
    );
    assert_eq!(
        model.deployment().unwrap().units["owner/0"].state["note"],
        "kept"
    );
}
