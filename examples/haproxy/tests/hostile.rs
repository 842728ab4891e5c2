//! Hostile data end to end, through the real binaries and the fake hook
//! tools: what django publishes (its address, which the model controls)
//! crosses `unit-get`, `relation-set --file -`, the YAML the tool reads,
//! `relation-get --format=json` and the codec into haproxy's status message
//! byte for byte, or fails the hook with a typed error; no value is run by
//! a shell.

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use http_interface::HttpSettings;
use iface::data::to_bag;
use iface_sim::process::{HookProcess, ProcessModel, fake_tools_beside};
use iface_sim::{Deployment, HookRelation};

const RELATION: u32 = 1;

fn haproxy() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_haproxy"))
}

/// The django binary: built beside haproxy by `cargo test --workspace`.
fn django() -> PathBuf {
    haproxy().with_file_name("django")
}

fn deployment(django_address: &str) -> Deployment {
    let mut model = Deployment::new("test").configured("django", &django_charm::CHARM);
    model.add_unit("django/0", django_address);
    model.add_unit("haproxy/0", "10.0.0.2");
    model.set_leader("django/0");
    model.set_leader("haproxy/0");
    model
        .add_relation(RELATION, ("django", "website"), ("haproxy", "reverseproxy"))
        .members
        .extend(["django/0".to_owned(), "haproxy/0".to_owned()]);
    model
}

fn process_model(root: &Path, django_address: &str) -> ProcessModel {
    let tools = fake_tools_beside(haproxy());
    for binary in [&tools, &django()] {
        assert!(
            binary.exists(),
            "{} is built by `cargo test --workspace`",
            binary.display()
        );
    }
    ProcessModel::create(root, &tools, &deployment(django_address)).unwrap()
}

fn relation(remote: &str) -> HookRelation {
    HookRelation {
        id: RELATION,
        remote_unit: Some(remote.into()),
        remote_app: Some(remote.split('/').next().unwrap().into()),
        departing_unit: None,
    }
}

fn run(model: &ProcessModel, binary: &Path, unit: &str, hook: &str) -> HookProcess {
    let remote = if unit == "django/0" {
        "haproxy/0"
    } else {
        "django/0"
    };
    model
        .run_hook(binary, unit, hook, Some(relation(remote)), &[])
        .unwrap()
}

fn published(model: &ProcessModel) -> BTreeMap<String, String> {
    model.deployment().unwrap().relations[&RELATION].unit_data["django/0"].clone()
}

fn status(model: &ProcessModel) -> (String, String) {
    let status = model.deployment().unwrap().units["haproxy/0"]
        .status
        .clone()
        .expect("a status was set");
    (status.status, status.message)
}

/// Every file named `PWNED` under `root` or in the working directory.
fn pwned(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut dirs = vec![root.to_owned()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() && !path.is_symlink() {
                dirs.push(path);
            } else if path.file_name().is_some_and(|n| n == "PWNED") {
                found.push(path);
            }
        }
    }
    if Path::new("PWNED").exists() {
        found.push(PathBuf::from("PWNED"));
    }
    found
}

#[test]
fn hostile_values_cross_both_charms_exactly_and_reach_no_shell() {
    let values = [
        "two\nlines",
        "key=value",
        "-r 7",
        "--app",
        "  spaces at both ends  ",
        "\"quoted\"",
        "{\"json\": [1]}",
        "'; DROP TABLE kv; --",
        "reactive.states.x",
        "é 😀 \u{2028} \u{85} \u{feff} \\ \t",
        "$(touch PWNED)",
        "; touch PWNED",
        "`touch PWNED`",
        "| touch PWNED &",
    ];
    let dir = tempfile::tempdir().unwrap();
    for (i, value) in values.iter().enumerate() {
        let root = dir.path().join(i.to_string());
        std::fs::create_dir(&root).unwrap();
        let model = process_model(&root, value);

        let run_django = run(&model, &django(), "django/0", "website-relation-joined");
        assert!(run_django.success(), "{value:?}: {}", run_django.stderr());
        let settings = HttpSettings {
            hostname: (*value).to_owned(),
            port: 80,
        };
        assert_eq!(published(&model), to_bag(&settings).unwrap(), "{value:?}");

        let run_haproxy = run(
            &model,
            haproxy(),
            "haproxy/0",
            "reverseproxy-relation-changed",
        );
        assert!(run_haproxy.success(), "{value:?}: {}", run_haproxy.stderr());
        assert_eq!(
            status(&model),
            ("active".to_owned(), format!("balancing {value}:80")),
            "{value:?}"
        );
    }
    assert_eq!(pwned(dir.path()), Vec::<PathBuf>::new());
}

#[test]
fn a_megabyte_value_is_published_whole_and_fails_only_where_argv_cannot_carry_it() {
    let value = "a".repeat(1 << 20);
    let dir = tempfile::tempdir().unwrap();
    let model = process_model(dir.path(), &value);

    let run_django = run(&model, &django(), "django/0", "website-relation-joined");
    assert!(run_django.success(), "{}", run_django.stderr());
    assert_eq!(published(&model)["hostname"], value);

    // haproxy reads it whole, then puts it in a status message: one argv
    // element, which Linux caps at 128 KiB. The hook fails with a typed
    // error, not a panic, and commits nothing.
    let run_haproxy = run(
        &model,
        haproxy(),
        "haproxy/0",
        "reverseproxy-relation-changed",
    );
    assert_eq!(run_haproxy.code(), Some(1));
    let stderr = run_haproxy.stderr();
    assert_eq!(stderr.lines().count(), 1, "{stderr:.300}");
    assert!(
        stderr.starts_with(
            "ERROR haproxy hook reverseproxy-relation-changed failed: handler `configure_backends`: `status-set -- active \"balancing aaaa"
        ),
        "{stderr:.300}"
    );
    assert!(stderr.contains("could not be started"), "{stderr:.300}");
    assert!(stderr.len() < 1024, "the error quotes the value short");
    assert_eq!(model.deployment().unwrap().units["haproxy/0"].status, None);
}

/// Replaces the fake `tool` with a shell script printing `stdout` bytes.
fn replace_tool(model: &ProcessModel, tool: &str, stdout: &[u8]) {
    let path = model.tools_dir().join(tool);
    std::fs::remove_file(&path).unwrap();
    let data = path.with_extension("out");
    std::fs::write(&data, stdout).unwrap();
    std::fs::write(&path, format!("#!/bin/sh\ncat '{}'\n", data.display())).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// Runs haproxy's `reverseproxy-relation-changed` with a `relation-get`
/// that prints `stdout`; the hook must fail with one line, returned.
fn fail_with_relation_get_printing(stdout: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let model = process_model(dir.path(), "10.0.0.1");
    replace_tool(&model, "relation-get", stdout);

    let run = run(
        &model,
        haproxy(),
        "haproxy/0",
        "reverseproxy-relation-changed",
    );

    assert_eq!(run.code(), Some(1));
    let stderr = run.stderr();
    assert_eq!(stderr.lines().count(), 1, "{stderr:.300}");
    stderr
}

#[test]
fn relation_get_output_that_is_not_utf8_fails_the_hook_with_one_line() {
    // Juju's JSON output is always UTF-8; a broken agent's may not be.
    let stderr =
        fail_with_relation_get_printing(b"{\"hostname\": \"\xff\xfe\n\", \"port\": \"80\"}");
    assert!(
        stderr.starts_with("ERROR haproxy hook reverseproxy-relation-changed failed: "),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "`relation-get --format=json -r reverseproxy:1 - django/0` printed unexpected output"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn huge_malformed_relation_get_output_is_quoted_short() {
    let mut garbage = b"{\"hostname\": <garbage> ".to_vec();
    garbage.resize(200 * 1024, b'#');
    let stderr = fail_with_relation_get_printing(&garbage);
    assert!(stderr.len() < 400, "{} bytes: {stderr:.300}", stderr.len());
    assert!(
        stderr.contains(r#"printed unexpected output (expected value at line 1 column 14): "{\"hostname\": <garbage> ###"#),
        "{stderr}"
    );
    assert!(stderr.contains("(204800 bytes)"), "{stderr}");
}

#[test]
fn deeply_nested_relation_data_fails_the_hook_without_overflowing() {
    let depth = 100_000;
    let deep = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let dir = tempfile::tempdir().unwrap();
    let model = process_model(dir.path(), "10.0.0.1");
    model
        .update(|d| {
            let bag = d
                .relations
                .get_mut(&RELATION)
                .unwrap()
                .unit_data
                .entry("django/0".into())
                .or_default();
            bag.insert("hostname".into(), deep.clone());
            bag.insert("port".into(), deep.clone());
        })
        .unwrap();

    let run = run(
        &model,
        haproxy(),
        "haproxy/0",
        "reverseproxy-relation-changed",
    );

    assert_eq!(run.code(), Some(1));
    let stderr = run.stderr();
    assert_eq!(stderr.lines().count(), 1, "{stderr:.300}");
    assert!(
        stderr.contains("relation reverseproxy:1, unit django/0: key `port`: expected u16"),
        "{stderr:.300}"
    );
}

#[test]
fn a_remote_unit_that_is_not_a_unit_name_fails_before_any_relation_tool_runs() {
    let dir = tempfile::tempdir().unwrap();
    let model = process_model(dir.path(), "10.0.0.1");
    let run = model
        .run_hook(
            haproxy(),
            "haproxy/0",
            "reverseproxy-relation-changed",
            Some(relation("django/0")),
            &[("JUJU_REMOTE_UNIT", "../../etc")],
        )
        .unwrap();
    assert_eq!(run.code(), Some(1));
    assert_eq!(
        run.stderr(),
        "ERROR haproxy: hook environment: environment variable JUJU_REMOTE_UNIT=\"../../etc\" is malformed: \
         invalid unit name \"../../etc\": expected app/N\n"
    );
    // The only tool run is juju-log, reporting the failure.
    let calls = model.deployment().unwrap().calls;
    assert_eq!(
        calls.iter().map(|c| c.tool.as_str()).collect::<Vec<_>>(),
        ["juju-log"]
    );
}

#[test]
fn a_relation_id_that_does_not_exist_fails_the_hook_and_writes_nothing() {
    for id in ["reverseproxy:7", "reverseproxy:4294967295"] {
        let dir = tempfile::tempdir().unwrap();
        let model = process_model(dir.path(), "10.0.0.1");
        let run = model
            .run_hook(
                haproxy(),
                "haproxy/0",
                "reverseproxy-relation-changed",
                Some(relation("django/0")),
                &[("JUJU_RELATION_ID", id)],
            )
            .unwrap();
        assert_eq!(run.code(), Some(1), "{id}");
        let stderr = run.stderr();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.contains(&format!(
                "invalid value \"{id}\" for option -r: relation not found"
            )),
            "{stderr}"
        );
        let deployment = model.deployment().unwrap();
        assert_eq!(deployment.units["haproxy/0"].status, None);
        assert!(
            !deployment.relations[&RELATION]
                .unit_data
                .contains_key("haproxy/0")
        );
    }
}
