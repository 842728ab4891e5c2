//! The django charm, hook by hook: in-process over the in-memory hook
//! tools, and as its real binary under the fake hook-tool executables.

mod support;

use std::sync::{Arc, Mutex};

use django_charm::CHARM;
use iface::charm::RunReport;
use iface::store::Store;
use iface_sim::{Deployment, HookRelation, UnitStores, run_charm_hook};
use support::{RELATION, binary, deployment, joined, process_model};

fn in_process(
    model: &Arc<Mutex<Deployment>>,
    stores: &UnitStores,
    hook: &str,
    relation: Option<HookRelation>,
) -> RunReport {
    run_charm_hook(model, stores, &CHARM, "django/0", hook, relation)
        .unwrap_or_else(|error| panic!("{hook}: {error}"))
        .report()
        .unwrap_or_else(|| panic!("{hook}: ignored"))
}

fn published(model: &Deployment) -> Vec<(String, String)> {
    let bag = model.relations[&RELATION]
        .unit_data
        .get("django/0")
        .cloned()
        .unwrap_or_default();
    bag.into_iter().collect()
}

fn expected() -> Vec<(String, String)> {
    vec![
        ("hostname".into(), "10.0.0.1".into()),
        ("port".into(), "80".into()),
    ]
}

#[test]
fn the_charm_knows_its_hooks() {
    assert_eq!(CHARM.name, "django");
    assert_eq!(
        CHARM.hook_names(),
        [
            "website-relation-broken",
            "website-relation-changed",
            "website-relation-created",
            "website-relation-departed",
            "website-relation-joined"
        ]
    );
}

#[test]
fn joining_raises_the_flag_and_the_charm_publishes_its_port() {
    let model = Arc::new(Mutex::new(deployment()));
    let dir = tempfile::tempdir().unwrap();
    let stores = UnitStores::new(dir.path());

    let install = in_process(&model, &stores, "install", None);
    assert!(install.hooks.is_empty() && install.flags.ran().is_empty());

    let report = in_process(&model, &stores, "website-relation-joined", Some(joined()));
    assert_eq!(report.hooks, ["changed"]);
    assert_eq!(report.flags.ran(), ["configure_website"]);
    assert_eq!(published(&model.lock().unwrap()), expected());

    let store = Store::open(&stores.path("django/0")).unwrap();
    assert!(
        store
            .get("reactive.states.website.available")
            .unwrap()
            .is_some()
    );
}

#[test]
fn a_hook_no_handler_knows_is_a_no_op() {
    let model = Arc::new(Mutex::new(deployment()));
    let dir = tempfile::tempdir().unwrap();
    let stores = UnitStores::new(dir.path());
    let report = in_process(&model, &stores, "update-status", None);
    assert!(report.hooks.is_empty() && report.flags.ran().is_empty());
}

#[test]
fn the_binary_runs_a_hook_under_fake_hook_tools() {
    let dir = tempfile::tempdir().unwrap();
    let model = process_model(dir.path());

    let run = model
        .run_hook(
            binary(),
            "django/0",
            "website-relation-joined",
            Some(joined()),
            &[],
        )
        .unwrap();
    assert!(run.success(), "exit {:?}: {}", run.code(), run.stderr());
    assert_eq!(published(&model.deployment().unwrap()), expected());

    let store = Store::open(&model.store_path("django/0")).unwrap();
    assert!(
        store
            .get("reactive.states.website.available")
            .unwrap()
            .is_some()
    );
    let calls = model.deployment().unwrap().calls;
    let tools: Vec<&str> = calls.iter().map(|call| call.tool.as_str()).collect();
    // A store that saw neither `install` nor `-created` (made by an older
    // charm, say): the charm's `port` option, the address (then
    // remembered), the endpoint's relations (asked once, then remembered),
    // the write. The bag, never written, is not read.
    assert_eq!(
        tools,
        ["config-get", "network-get", "relation-ids", "relation-set"],
        "{calls:?}"
    );

    // Nothing new, in a hook Juju runs only once joined succeeded: the
    // write was kept, so nothing is read back...
    let changed = || {
        let before = model.deployment().unwrap().calls.len();
        let run = model
            .run_hook(
                binary(),
                "django/0",
                "website-relation-changed",
                Some(joined()),
                &[],
            )
            .unwrap();
        assert!(run.success(), "{}", run.stderr());
        let calls = model.deployment().unwrap().calls;
        calls[before..]
            .iter()
            .map(|call| call.tool.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(changed(), ["config-get"]);
    // ...and from then on a hook that changes nothing calls no relation
    // tool and writes nothing to the store.
    let stored = Store::open(&model.store_path("django/0"))
        .unwrap()
        .get_prefix("")
        .unwrap();
    assert_eq!(changed(), ["config-get"]);
    let after = Store::open(&model.store_path("django/0"))
        .unwrap()
        .get_prefix("")
        .unwrap();
    assert_eq!(after, stored);
}

#[test]
fn the_binary_ignores_hooks_it_does_not_handle() {
    let dir = tempfile::tempdir().unwrap();
    let model = process_model(dir.path());
    let run = model
        .run_hook(binary(), "django/0", "leader-settings-changed", None, &[])
        .unwrap();
    assert_eq!(run.code(), Some(0), "{}", run.stderr());
    assert!(model.deployment().unwrap().calls.is_empty());
}

#[test]
fn a_broken_environment_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let model = process_model(dir.path());
    let run = model
        .run_hook(
            binary(),
            "django/0",
            "install",
            None,
            &[("JUJU_UNIT_NAME", "django")],
        )
        .unwrap();
    assert_eq!(run.code(), Some(1));
    let stderr = run.stderr();
    assert!(
        stderr.starts_with("ERROR ") && stderr.contains("JUJU_UNIT_NAME"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// django related to `apps` haproxy-like applications, one relation each
/// (ids 1, 2, ...).
fn many_relations(apps: u32) -> Deployment {
    let mut model = Deployment::new("test").configured("django", &CHARM);
    model.add_unit("django/0", "10.0.0.1");
    model.set_leader("django/0");
    for id in 1..=apps {
        let app = format!("proxy{id}");
        let unit = format!("{app}/0");
        model.add_unit(&unit, &format!("10.0.1.{id}"));
        model
            .add_relation(id, ("django", "website"), (&app, "reverseproxy"))
            .members
            .extend(["django/0".to_owned(), unit]);
    }
    model
}

fn joined_by(id: u32) -> HookRelation {
    HookRelation {
        id,
        remote_unit: Some(format!("proxy{id}/0")),
        remote_app: Some(format!("proxy{id}")),
        departing_unit: None,
    }
}

/// The tools called since call `from`, in order.
fn tools_since(model: &Arc<Mutex<Deployment>>, from: usize) -> Vec<String> {
    model.lock().unwrap().calls[from..]
        .iter()
        .map(|call| call.tool.clone())
        .collect()
}

#[test]
fn republishing_unchanged_settings_reads_no_bag_back() {
    let model = Arc::new(Mutex::new(many_relations(3)));
    let dir = tempfile::tempdir().unwrap();
    let stores = UnitStores::new(dir.path());
    let hook = |name: &str, relation: Option<HookRelation>| {
        let from = model.lock().unwrap().calls.len();
        in_process(&model, &stores, name, relation);
        tools_since(&model, from)
    };
    for id in 1..=3 {
        hook("website-relation-joined", Some(joined_by(id)));
    }
    // The next hook, another than the ones that wrote (so they succeeded,
    // and Juju kept their writes), trusts what they wrote: nothing to send.
    let tools = hook("website-relation-changed", Some(joined_by(1)));
    assert!(!tools.iter().any(|t| t == "relation-set"), "{tools:?}");
    for id in 1..=3 {
        let bag = model.lock().unwrap().relations[&id].unit_data["django/0"].clone();
        assert_eq!(bag["hostname"], "10.0.0.1", "relation {id}");
        assert_eq!(bag["port"], "80", "relation {id}");
    }
    // With every write confirmed and the address remembered, a hook that
    // changes nothing calls no relation tool, and never reads the other
    // relations' bags: only the charm's own ask, its `port` option.
    for id in [3, 1, 2] {
        assert_eq!(
            hook("website-relation-changed", Some(joined_by(id))),
            ["config-get"],
            "relation {id}"
        );
    }
    assert_eq!(hook("update-status", None), ["config-get"]);
}

#[test]
fn a_write_juju_dropped_is_sent_again() {
    let dir = tempfile::tempdir().unwrap();
    let model = process_model(dir.path());
    let run = |hook: &str| {
        let run = model
            .run_hook(binary(), "django/0", hook, Some(joined()), &[])
            .unwrap();
        assert!(run.success(), "{hook}: {}", run.stderr());
    };
    run("website-relation-joined");
    // Juju dropped the hook's writes (as after a kill between the store
    // commit and the exit): the store remembers them, the bag lacks them.
    // Juju then runs the failed hook again.
    model
        .update(|d| d.clear_unit_bag(RELATION, "django/0"))
        .unwrap();
    run("website-relation-joined");
    assert_eq!(published(&model.deployment().unwrap()), expected());
}
