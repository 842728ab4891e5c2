//! The process entry and the one runner: the same events run four ways
//! (the binary as Juju starts it, its CLI's `dispatch`, and both simulator
//! executors) end in the same store, relation data and exit codes; bytes
//! that are not UTF-8 in argv or the environment are one `ERROR` line,
//! never a panic.

mod support;

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::{OsStrExt as _, OsStringExt as _};
use std::path::Path;
use std::sync::{Arc, Mutex};

use django_charm::CHARM;
use iface::store::Store;
use iface_sim::HookState;
use iface_sim::process::{HookProcess, ProcessModel, fake_tools_beside};
use iface_sim::serde_json::Value;
use iface_sim::sim::app_charm::AppCharm;
use iface_sim::sim::executor::{Executor, HookCall, InProcess, Processes};
use iface_sim::{Bag, Deployment, HookRelation};
use support::{RELATION, binary, deployment};

/// The hooks django/0 runs, in order.
fn hooks() -> Vec<(&'static str, Option<HookRelation>)> {
    vec![
        ("install", None),
        (
            "website-relation-created",
            Some(HookRelation::app(RELATION, "haproxy")),
        ),
        (
            "website-relation-joined",
            Some(HookRelation::unit(RELATION, "haproxy/0")),
        ),
        (
            "website-relation-changed",
            Some(HookRelation::unit(RELATION, "haproxy/0")),
        ),
        ("update-status", None),
        ("collect-metrics", None),
    ]
}

/// What one way of running the hooks left behind.
#[derive(Debug, PartialEq)]
struct Ending {
    succeeded: Vec<bool>,
    store: BTreeMap<String, Value>,
    bags: BTreeMap<String, Bag>,
}

fn ending(succeeded: Vec<bool>, store: &Path, model: &Deployment) -> Ending {
    Ending {
        succeeded,
        store: Store::open(store).unwrap().get_prefix("").unwrap(),
        bags: model.relations[&RELATION].unit_data.clone(),
    }
}

/// The binary as Juju starts it (no arguments), or its CLI's `dispatch`.
fn as_processes(args: &[&OsStr]) -> Ending {
    let dir = tempfile::tempdir().unwrap();
    let model = ProcessModel::beside(dir.path(), binary(), &deployment()).unwrap();
    let succeeded = hooks()
        .into_iter()
        .map(|(hook, relation)| {
            model
                .run_in_hook(binary(), args, "django/0", hook, relation, &[])
                .unwrap()
                .success()
        })
        .collect();
    ending(
        succeeded,
        &model.store_path("django/0"),
        &model.deployment().unwrap(),
    )
}

/// A simulator executor, in-process or as processes.
fn with_executor(executor: &mut dyn Executor) -> Ending {
    let model = Arc::new(Mutex::new(deployment()));
    let charm = AppCharm::iface(&CHARM);
    let succeeded = hooks()
        .into_iter()
        .map(|(hook, relation)| {
            let call = HookCall {
                charm: &charm,
                hook: HookState::hook("django/0", hook, relation),
            };
            executor.run(&model, &call).error.is_none()
        })
        .collect();
    ending(
        succeeded,
        &executor.store_path("django/0"),
        &model.lock().unwrap(),
    )
}

#[test]
fn the_same_events_end_the_same_whichever_way_they_run() {
    let entry = as_processes(&[]);
    let dispatch = as_processes(&[OsStr::new("dispatch")]);
    let dir = tempfile::tempdir().unwrap();
    let in_process = with_executor(&mut InProcess::new(dir.path()));
    let dir = tempfile::tempdir().unwrap();
    let binaries = BTreeMap::from([("django".to_owned(), binary().to_owned())]);
    let tools = fake_tools_beside(binary());
    let processes = with_executor(&mut Processes::new(dir.path(), &tools, binaries).unwrap());

    // What all four must show: every hook succeeded (an unknown hook too,
    // as a no-op), the port published, the flag raised.
    assert_eq!(entry.succeeded, [true; 6]);
    assert_eq!(entry.bags["django/0"]["port"], "80");
    assert!(
        entry
            .store
            .contains_key("reactive.states.website.available")
    );
    for (way, ending) in [
        ("dispatch", dispatch),
        ("in-process simulator", in_process),
        ("process simulator", processes),
    ] {
        assert_eq!(ending, entry, "{way} differs from the process entry");
    }
}

/// Runs the binary (as `argv0`, a link to it) with `args` in a hook of
/// django/0, with `env` on top of the hook's environment, in a model
/// under `root`.
fn run(
    root: &Path,
    argv0: &Path,
    args: &[&OsStr],
    env: &[(&str, &str)],
) -> (HookProcess, ProcessModel) {
    let model = ProcessModel::beside(root, binary(), &deployment()).unwrap();
    let relation = Some(HookRelation::unit(RELATION, "haproxy/0"));
    let process = model
        .run_in_hook(
            argv0,
            args,
            "django/0",
            "website-relation-joined",
            relation,
            env,
        )
        .unwrap();
    (process, model)
}

/// The one stderr line, and that nothing was stored or published.
fn failed_untouched(process: &HookProcess, model: &ProcessModel, code: i32) -> String {
    assert_eq!(process.code(), Some(code));
    let stderr = process.stderr();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        !model.store_path("django/0").exists(),
        "no store was created"
    );
    let deployment = model.deployment().unwrap();
    assert!(
        !deployment.relations[&RELATION]
            .unit_data
            .contains_key("django/0")
    );
    assert!(
        deployment.calls.iter().all(|c| c.tool == "juju-log"),
        "no tool but juju-log ran: {:?}",
        deployment.calls
    );
    stderr
}

#[test]
fn an_argument_that_is_not_utf8_is_one_error_line_and_exit_2() {
    let bad = OsString::from_vec(b"ab\xffc".to_vec());
    let root = tempfile::tempdir().unwrap();
    let (process, model) = run(root.path(), binary(), &[OsStr::new("set-flag"), &bad], &[]);
    let stderr = failed_untouched(&process, &model, 2);
    assert_eq!(
        stderr,
        "ERROR argument 2 is not valid UTF-8: \"ab\u{fffd}c\"\n"
    );
}

#[test]
fn a_program_path_that_is_not_utf8_works_where_it_is_not_needed() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join(OsStr::from_bytes(b"dj\xffango"));
    std::os::unix::fs::symlink(binary(), &link).unwrap();

    // A command: the path only names the program in messages.
    let root = tempfile::tempdir().unwrap();
    let set = [OsStr::new("set-flag"), OsStr::new("ready")];
    let (process, _) = run(root.path(), &link, &set, &[]);
    assert!(process.success(), "{}", process.stderr());

    // A hook named by JUJU_DISPATCH_PATH: the path is not read.
    let root = tempfile::tempdir().unwrap();
    let (process, model) = run(root.path(), &link, &[], &[]);
    assert!(process.success(), "{}", process.stderr());
    assert_eq!(
        model.deployment().unwrap().relations[&RELATION].unit_data["django/0"]["port"],
        "80"
    );

    // A hook named by the path alone: one line, exit 1.
    let hook = dir.path().join(OsStr::from_bytes(b"hooks-\xff"));
    std::os::unix::fs::symlink(binary(), &hook).unwrap();
    let unset = [("JUJU_DISPATCH_PATH", ""), ("JUJU_HOOK_NAME", "")];
    let root = tempfile::tempdir().unwrap();
    let (process, model) = run(root.path(), &hook, &[], &unset);
    let stderr = failed_untouched(&process, &model, 1);
    assert!(
        stderr.starts_with("ERROR django: hook environment: argv[0]=")
            && stderr.ends_with("hooks-\u{fffd}\" is not valid UTF-8\n"),
        "{stderr}"
    );
}

#[test]
fn a_juju_variable_that_is_not_utf8_fails_the_hook_before_any_tool_runs() {
    let dir = tempfile::tempdir().unwrap();
    let model = ProcessModel::beside(dir.path(), binary(), &deployment()).unwrap();
    // The model's environment, with JUJU_REMOTE_UNIT replaced by bytes.
    let relation = Some(HookRelation::unit(RELATION, "haproxy/0"));
    let process = model
        .run_in_hook(
            Path::new("/usr/bin/env"),
            &[
                OsStr::from_bytes(b"JUJU_REMOTE_UNIT=haproxy/\xff"),
                binary().as_os_str(),
            ],
            "django/0",
            "website-relation-joined",
            relation,
            &[],
        )
        .unwrap();
    let stderr = failed_untouched(&process, &model, 1);
    assert_eq!(
        stderr,
        "ERROR django: hook environment: JUJU_REMOTE_UNIT=\"haproxy/\u{fffd}\" is not valid UTF-8\n"
    );
}

#[test]
fn an_event_juju_does_not_send_runs_nothing_and_stores_nothing() {
    let root = tempfile::tempdir().unwrap();
    let model = ProcessModel::beside(root.path(), binary(), &deployment()).unwrap();
    let process = model
        .run_in_hook(binary(), &[], "django/0", "no-such-event", None, &[])
        .unwrap();
    assert!(process.success(), "{}", process.stderr());
    assert_eq!(
        process.stderr(),
        "django: no Juju 3.6 or 4.0 event is called `no-such-event`; nothing ran\n"
    );
    assert!(
        !model.store_path("django/0").exists(),
        "no store was opened"
    );
    let deployment = model.deployment().unwrap();
    assert!(deployment.calls.is_empty(), "{:?}", deployment.calls);
}
