//! haproxy's actions in the simulator, in-process and as processes: one
//! scenario, run both ways. `backends` lists the backends sorted, or fails
//! saying there are none; a missing or ill-typed parameter fails the action
//! naming it; a failed action commits nothing; `action-log` progress is in
//! the outcome's log.

use std::path::Path;

use iface_sim::process::fake_tools_beside;
use iface_sim::serde_json::{Map, Value, json};
use iface_sim::{ActionOutcome, ActionStatus, Simulation};

/// `json` as action parameters.
fn params(json: Value) -> Map<String, Value> {
    match json {
        Value::Object(map) => map,
        other => panic!("parameters are a map, not {other}"),
    }
}

/// What a hook or action of `unit` could have committed: its whole store,
/// every relation bag, its status.
fn committed(sim: &Simulation, unit: &str) -> Value {
    let relations: Vec<Value> = sim
        .deployment()
        .relations
        .values()
        .map(|r| json!({"units": r.unit_data, "apps": r.app_data}))
        .collect();
    json!({
        "store": sim.store(unit, "").unwrap(),
        "relations": relations,
        "status": sim.status(unit),
    })
}

/// Runs action `name` on haproxy/0 and checks that it failed with
/// `message`, exit 0 (so Juju keeps the message), no results, and nothing
/// committed.
fn assert_fails(sim: &mut Simulation, name: &str, given: &Value, message: &str) -> ActionOutcome {
    let before = committed(sim, "haproxy/0");
    let outcome = sim
        .run_action("haproxy/0", name, params(given.clone()))
        .unwrap();
    assert_eq!(
        (
            outcome.status,
            outcome.message.as_str(),
            outcome.return_code
        ),
        (ActionStatus::Failed, message, 0),
        "{name} {given}"
    );
    assert!(outcome.results.is_empty(), "{name} {given}: {outcome:?}");
    assert_eq!(committed(sim, "haproxy/0"), before, "{name} {given}");
    outcome
}

/// The one scenario, whichever way the charms run.
fn scenario(sim: &mut Simulation) {
    sim.deploy("haproxy", &haproxy_charm::CHARM, 1).unwrap();
    sim.settle().unwrap();

    let none = assert_fails(
        sim,
        "backends",
        &json!({}),
        "handler `list_backends`: there are no backends: no http provider has published its settings yet",
    );
    assert_eq!(none.log, ["0 backends found"]);
    for (given, message) in [
        (
            json!({}),
            "handler `has_backend`: parameter `backend`: is required and was not given",
        ),
        (
            json!({"backend": 80}),
            "handler `has_backend`: parameter `backend`: expected string, found 80",
        ),
        (
            json!({"backend": "10.0.0.1:80", "weight": 2}),
            "handler `has_backend`: parameter `weight`: is not a parameter of this action; expected one of `backend`",
        ),
    ] {
        let outcome = assert_fails(sim, "has-backend", &given, message);
        assert!(outcome.log.is_empty(), "{outcome:?}");
    }

    // Two backends.
    sim.deploy("django", &django_charm::CHARM, 2).unwrap();
    sim.relate("django:website", "haproxy:reverseproxy")
        .unwrap();
    sim.settle().unwrap();
    let listed = sim.run_action("haproxy/0", "backends", Map::new()).unwrap();
    assert_eq!(
        (listed.status, listed.message.as_str(), listed.return_code),
        (ActionStatus::Completed, "", 0),
        "{listed:?}"
    );
    assert_eq!(
        Value::Object(listed.results),
        json!({"backends": r#"["10.0.0.2:80","10.0.0.3:80"]"#})
    );
    assert_eq!(listed.log, ["2 backends found"]);
    for (backend, balanced) in [("10.0.0.3:80", "true"), ("10.0.0.9:80", "false")] {
        let outcome = sim
            .run_action(
                "haproxy/0",
                "has-backend",
                params(json!({"backend": backend})),
            )
            .unwrap();
        assert_eq!(outcome.status, ActionStatus::Completed, "{outcome:?}");
        assert_eq!(
            Value::Object(outcome.results),
            json!({"balanced": balanced})
        );
    }
}

#[test]
fn actions_in_process() {
    scenario(&mut Simulation::with_seed(0));
}

#[test]
fn actions_as_processes() {
    let haproxy = Path::new(env!("CARGO_BIN_EXE_haproxy"));
    let django = haproxy.with_file_name("django");
    assert!(
        django.exists(),
        "{} is built by `cargo test --workspace`",
        django.display()
    );
    let mut sim = Simulation::in_processes(
        0,
        &fake_tools_beside(haproxy),
        [("django", django.as_path()), ("haproxy", haproxy)],
    )
    .unwrap();
    scenario(&mut sim);
}
