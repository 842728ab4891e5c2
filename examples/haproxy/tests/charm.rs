//! The haproxy charm against the django charm: in-process for the pair,
//! and as its real binary for bad input.

use std::path::Path;
use std::sync::{Arc, Mutex};

use iface::charm::Charm;
use iface::store::Store;
use iface_sim::process::ProcessModel;
use iface_sim::{Deployment, HookRelation, UnitStores, run_charm_hook};

const RELATION: u32 = 1;

fn deployment() -> Deployment {
    let mut model = Deployment::new("test").configured("django", &django_charm::CHARM);
    model.add_unit("django/0", "10.0.0.1");
    model.add_unit("haproxy/0", "10.0.0.2");
    model.set_leader("django/0");
    model.set_leader("haproxy/0");
    model
        .add_relation(RELATION, ("django", "website"), ("haproxy", "reverseproxy"))
        .members
        .extend(["django/0".to_owned(), "haproxy/0".to_owned()]);
    model
}

fn relation(remote: &str) -> HookRelation {
    HookRelation {
        id: RELATION,
        remote_unit: Some(remote.into()),
        remote_app: Some(remote.split('/').next().unwrap().into()),
        departing_unit: None,
    }
}

fn status(model: &Deployment, unit: &str) -> (String, String) {
    let status = model.units[unit].status.clone().expect("a status was set");
    (status.status, status.message)
}

#[test]
fn the_pair_converges_in_process() {
    let model = Arc::new(Mutex::new(deployment()));
    let dir = tempfile::tempdir().unwrap();
    let stores = UnitStores::new(dir.path());
    let hook = |charm: &'static Charm, unit: &str, name: &str, remote: &str| {
        run_charm_hook(&model, &stores, charm, unit, name, Some(relation(remote)))
            .unwrap_or_else(|error| panic!("{unit} {name}: {error}"))
            .report()
            .unwrap_or_else(|| panic!("{unit} {name}: ignored"))
    };

    let report = hook(
        &haproxy_charm::CHARM,
        "haproxy/0",
        "reverseproxy-relation-joined",
        "django/0",
    );
    assert_eq!(report.flags.ran(), ["wait_for_backends", "waiting"]);
    assert_eq!(status(&model.lock().unwrap(), "haproxy/0").0, "blocked");
    let app_status = |model: &Deployment| {
        let status = model.applications["haproxy"].status.clone().unwrap();
        (status.status, status.message)
    };
    assert_eq!(
        app_status(&model.lock().unwrap()),
        ("blocked".to_owned(), "waiting for http backends".to_owned())
    );

    hook(
        &django_charm::CHARM,
        "django/0",
        "website-relation-joined",
        "haproxy/0",
    );
    let report = hook(
        &haproxy_charm::CHARM,
        "haproxy/0",
        "reverseproxy-relation-changed",
        "django/0",
    );
    assert_eq!(report.flags.ran(), ["configure_backends", "serving"]);
    assert_eq!(
        app_status(&model.lock().unwrap()),
        ("active".to_owned(), "serving".to_owned())
    );
    assert_eq!(
        status(&model.lock().unwrap(), "haproxy/0"),
        ("active".to_owned(), "balancing 10.0.0.1:80".to_owned())
    );

    // Nothing new: the handler runs, but the status is already right, so
    // the only tool call is the read of the remote bag.
    let calls = model.lock().unwrap().calls.len();
    hook(
        &haproxy_charm::CHARM,
        "haproxy/0",
        "reverseproxy-relation-changed",
        "django/0",
    );
    let model = model.lock().unwrap();
    let tools: Vec<&str> = model.calls[calls..]
        .iter()
        .map(|c| c.tool.as_str())
        .collect();
    // The one read; `is-leader` is the charm's own ask (its leader-only
    // application status), and the statuses are as they were: no status-set.
    assert_eq!(tools, ["relation-get", "is-leader"]);
}

#[test]
fn the_status_names_a_few_backends_and_counts_the_rest() {
    let few: Vec<String> = (1..=3).map(|i| format!("10.0.0.{i}:80")).collect();
    assert_eq!(
        haproxy_charm::summary(&few),
        "balancing 10.0.0.1:80 10.0.0.2:80 10.0.0.3:80"
    );
    let many: Vec<String> = (1..=10_000)
        .map(|i| format!("10.{}.{}.{}:80", i / 65536, i / 256 % 256, i % 256))
        .collect();
    assert_eq!(
        haproxy_charm::summary(&many),
        "balancing 10.0.0.1:80 10.0.0.2:80 10.0.0.3:80 and 9997 more"
    );
}

fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_haproxy"))
}

fn process_model(root: &Path) -> ProcessModel {
    ProcessModel::beside(root, binary(), &deployment()).unwrap()
}

#[test]
fn a_non_numeric_port_fails_the_hook_naming_relation_unit_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let model = process_model(dir.path());
    model
        .update(|d| {
            let bag = d
                .relations
                .get_mut(&RELATION)
                .unwrap()
                .unit_data
                .entry("django/0".into())
                .or_default();
            bag.insert("hostname".into(), "10.0.0.1".into());
            bag.insert("port".into(), "eighty".into());
        })
        .unwrap();

    let run = model
        .run_hook(
            binary(),
            "haproxy/0",
            "reverseproxy-relation-changed",
            Some(relation("django/0")),
            &[],
        )
        .unwrap();
    assert_eq!(run.code(), Some(1));
    let stderr = run.stderr();
    assert_eq!(
        stderr.trim_end(),
        "ERROR haproxy hook reverseproxy-relation-changed failed: handler `HttpRequires::changed`: relation reverseproxy:1, unit django/0: key `port`: expected u16, found \"eighty\""
    );
    let store = Store::open(&model.store_path("haproxy/0")).unwrap();
    assert!(
        store.get_prefix("reactive.").unwrap().is_empty(),
        "a failed hook commits nothing"
    );
    let logs = model.deployment().unwrap().logs;
    assert!(
        logs.iter()
            .any(|log| log.level == "ERROR" && log.message.contains("key `port`")),
        "{logs:?}"
    );
}

#[test]
fn a_remote_bag_that_is_not_json_is_a_typed_error() {
    let dir = tempfile::tempdir().unwrap();
    let model = process_model(dir.path());
    model
        .update(|d| {
            let bag = d
                .relations
                .get_mut(&RELATION)
                .unwrap()
                .unit_data
                .entry("django/0".into())
                .or_default();
            bag.insert("hostname".into(), "10.0.0.1".into());
            bag.insert("port".into(), "{\"not\": json".into());
        })
        .unwrap();
    let run = model
        .run_hook(
            binary(),
            "haproxy/0",
            "reverseproxy-relation-changed",
            Some(relation("django/0")),
            &[],
        )
        .unwrap();
    assert_eq!(run.code(), Some(1));
    assert!(run.stderr().contains("key `port`"), "{}", run.stderr());
}

#[test]
fn an_unknown_relation_id_fails_the_hook_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let model = process_model(dir.path());
    let run = model
        .run_hook(
            binary(),
            "haproxy/0",
            "reverseproxy-relation-joined",
            Some(relation("django/0")),
            &[("JUJU_RELATION_ID", "reverseproxy:99")],
        )
        .unwrap();
    assert_eq!(run.code(), Some(1));
    let stderr = run.stderr();
    assert!(
        stderr.starts_with("ERROR haproxy hook reverseproxy-relation-joined failed:"),
        "{stderr}"
    );
    assert!(stderr.contains("reverseproxy:99"), "{stderr}");
    let store = Store::open(&model.store_path("haproxy/0")).unwrap();
    assert!(store.get_prefix("reactive.").unwrap().is_empty());
}

#[test]
fn relation_get_output_that_is_not_json_fails_the_hook() {
    let dir = tempfile::tempdir().unwrap();
    let model = process_model(dir.path());
    // A relation-get that answers with garbage, as a broken agent might.
    let tool = model.tools_dir().join("relation-get");
    std::fs::remove_file(&tool).unwrap();
    std::fs::write(&tool, "#!/bin/sh\necho '{\"hostname\": '\n").unwrap();
    let mut permissions = std::fs::metadata(&tool).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    std::fs::set_permissions(&tool, permissions).unwrap();

    let run = model
        .run_hook(
            binary(),
            "haproxy/0",
            "reverseproxy-relation-changed",
            Some(relation("django/0")),
            &[],
        )
        .unwrap();
    assert_eq!(run.code(), Some(1));
    let stderr = run.stderr();
    assert!(
        stderr.starts_with("ERROR haproxy hook reverseproxy-relation-changed failed:"),
        "{stderr}"
    );
    assert!(stderr.contains("relation-get"), "{stderr}");
    let store = Store::open(&model.store_path("haproxy/0")).unwrap();
    assert!(store.get_prefix("reactive.").unwrap().is_empty());
}
