//! Failure semantics, through the faulty binary: a handler's error, a
//! handler's panic and a failing `relation-set` each leave the store and
//! the relation data exactly as the last good hook left them, and fail the
//! hook with exit 1 and one `ERROR` line saying why.

mod support;

use std::collections::BTreeMap;
use std::path::Path;

use faulty_charm::{ERROR_MESSAGE, PANIC_MESSAGE};
use iface_sim::process::{HookProcess, ProcessModel};
use support::{HOOK, RELATION, UNIT, process_model, run};

/// A model where one good hook has published port 80 and committed its
/// flags: the state every failing hook below must leave alone.
fn settled(root: &Path) -> ProcessModel {
    let model = process_model(root);
    let run = run(&model, &[]);
    assert!(run.success(), "{}", run.stderr());
    assert_eq!(published(&model)["port"], "80");
    model
}

fn published(model: &ProcessModel) -> BTreeMap<String, String> {
    model.deployment().unwrap().unit_bag(RELATION, UNIT)
}

/// Every `kv` row of the unit's store, byte for byte.
fn rows(model: &ProcessModel) -> Vec<(String, Vec<u8>)> {
    iface_sim::store_file::kv_rows(&model.store_path(UNIT)).unwrap()
}

/// The messages logged with `juju-log -l ERROR`.
fn error_logs(model: &ProcessModel) -> Vec<String> {
    model
        .deployment()
        .unwrap()
        .logs
        .into_iter()
        .filter(|log| log.level == "ERROR")
        .map(|log| log.message)
        .collect()
}

/// What every failing hook must leave: the settled store and relation
/// data, no `relation-set` applied, exit 1.
fn assert_nothing_changed(
    model: &ProcessModel,
    run: &HookProcess,
    store: &[(String, Vec<u8>)],
    data: &BTreeMap<String, String>,
) {
    assert_eq!(run.code(), Some(1), "{}", run.stderr());
    assert_eq!(
        rows(model),
        store,
        "the store is as the last good hook left it"
    );
    assert_eq!(&published(model), data, "no relation data was written");
}

/// The hook is asked to publish port 81 and set a flag, then fails.
const CHANGES: [(&str, &str); 2] = [("FAULTY_PORT", "81"), ("FAULTY_SET_FLAG", "faulty.extra")];

#[test]
fn a_handler_error_commits_nothing_and_names_the_handler() {
    let dir = tempfile::tempdir().unwrap();
    let model = settled(dir.path());
    let (store, data) = (rows(&model), published(&model));

    let run = run(&model, &[CHANGES[0], CHANGES[1], ("FAULTY_MODE", "error")]);

    assert_nothing_changed(&model, &run, &store, &data);
    let line = format!("faulty hook {HOOK} failed: handler `on_demand`: {ERROR_MESSAGE}");
    assert_eq!(run.stderr(), format!("ERROR {line}\n"));
    assert_eq!(error_logs(&model), [line]);
}

/// Where the faulty charm's `panic!` stands, `file:line:column`, read from
/// its source.
fn panic_location() -> String {
    let file = "examples/faulty/src/lib.rs";
    let source = include_str!("../src/lib.rs");
    let needle = "panic!(\"{PANIC_MESSAGE}\")";
    let (line, text) = source
        .lines()
        .enumerate()
        .find(|(_, text)| text.contains(needle))
        .expect("the faulty charm panics on demand");
    let column = text.find(needle).unwrap() + 1;
    format!("{file}:{}:{column}", line + 1)
}

#[test]
fn a_handler_panic_commits_nothing_and_logs_one_error_line() {
    let dir = tempfile::tempdir().unwrap();
    let model = settled(dir.path());
    let (store, data) = (rows(&model), published(&model));

    let run = run(&model, &[CHANGES[0], CHANGES[1], ("FAULTY_MODE", "panic")]);

    assert_nothing_changed(&model, &run, &store, &data);
    let line = format!(
        "faulty hook {HOOK} failed: handler `on_demand`: panicked at {}: {PANIC_MESSAGE}",
        panic_location()
    );
    assert_eq!(error_logs(&model), std::slice::from_ref(&line));
    // One line on stderr: no default panic message, no backtrace hint.
    assert_eq!(run.stderr(), format!("ERROR {line}\n"));
}

#[test]
fn a_failing_relation_set_commits_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let model = settled(dir.path());
    let (store, data) = (rows(&model), published(&model));
    // A relation-set that refuses, as Juju does when the agent is gone.
    let tool = model.tools_dir().join("relation-set");
    std::fs::remove_file(&tool).unwrap();
    std::fs::write(
        &tool,
        "#!/bin/sh\necho 'ERROR connection refused' >&2\nexit 1\n",
    )
    .unwrap();
    let mut permissions = std::fs::metadata(&tool).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    std::fs::set_permissions(&tool, permissions).unwrap();

    let run = run(&model, &[CHANGES[0], CHANGES[1]]);

    assert_nothing_changed(&model, &run, &store, &data);
    let line = format!(
        "faulty hook {HOOK} failed: `relation-set -r website:1 --file -` exited with status 1: connection refused"
    );
    assert_eq!(run.stderr(), format!("ERROR {line}\n"));
    assert_eq!(error_logs(&model), [line]);
}

#[test]
fn the_same_hook_succeeds_once_the_fault_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let model = settled(dir.path());
    let failed = run(&model, &[CHANGES[0], CHANGES[1], ("FAULTY_MODE", "error")]);
    assert_eq!(failed.code(), Some(1));

    let retried = run(&model, &CHANGES);

    assert!(retried.success(), "{}", retried.stderr());
    assert_eq!(published(&model)["port"], "81");
    let keys: Vec<String> = rows(&model).into_iter().map(|(key, _)| key).collect();
    assert!(
        keys.contains(&"reactive.states.faulty.extra".to_owned()),
        "{keys:?}"
    );
}
