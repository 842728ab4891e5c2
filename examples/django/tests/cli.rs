//! The django binary as a command-line API: flags, hooks, describe and
//! relation-call, as a shell charm or another language would use it.

mod support;

use std::process::Command;

use iface_sim::process::ProcessModel;
use iface_sim::{Deployment, HookRelation, statefile};
use support::{binary, django};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn flags_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let set = django(dir.path(), &["set-flag", "ready"]);
    assert_eq!(
        (set.status.code(), text(&set.stdout), text(&set.stderr)),
        (Some(0), String::new(), String::new())
    );

    let yes = django(dir.path(), &["is-flag-set", "ready"]);
    assert_eq!(
        (yes.status.code(), yes.stdout.len(), yes.stderr.len()),
        (Some(0), 0, 0)
    );
    let no = django(dir.path(), &["is-flag-set", "website.available"]);
    assert_eq!(
        (no.status.code(), no.stdout.len(), no.stderr.len()),
        (Some(1), 0, 0)
    );
    assert_eq!(
        django(dir.path(), &["any-flags-set", "nope", "ready"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        django(dir.path(), &["all-flags-set", "nope", "ready"])
            .status
            .code(),
        Some(1)
    );

    django(
        dir.path(),
        &["set-flag", "config.port", "--value", "{\"port\": 80}"],
    );
    let flags = django(dir.path(), &["get-flags", "--format", "json"]);
    assert_eq!(text(&flags.stdout).trim(), r#"["config.port","ready"]"#);
    let flags = django(dir.path(), &["--format=text", "get-flags"]);
    assert_eq!(text(&flags.stdout), "config.port\nready\n");

    django(dir.path(), &["toggle-flag", "ready"]);
    django(dir.path(), &["clear-flag", "config.port"]);
    assert_eq!(text(&django(dir.path(), &["get-flags"]).stdout), "");
}

#[test]
fn hooks_and_describe() {
    let dir = tempfile::tempdir().unwrap();
    let hooks = django(dir.path(), &["hooks"]);
    assert_eq!(
        text(&hooks.stdout),
        "website-relation-broken\nwebsite-relation-changed\nwebsite-relation-created\nwebsite-relation-departed\nwebsite-relation-joined\n"
    );
    let described = django(dir.path(), &["describe", "--format", "json"]);
    assert_eq!(described.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&described.stdout).unwrap();
    assert_eq!(json["charm"], "django");
    let website = &json["relations"][0];
    assert_eq!(
        (&website["name"], &website["role"], &website["interface"]),
        (&"website".into(), &"provides".into(), &"http".into())
    );
    assert_eq!(website["flags"], serde_json::json!(["website.available"]));
    assert_eq!(website["bound"]["scope"], "Global");
    assert_eq!(
        website["bound"]["methods"],
        serde_json::json!([{"name": "configure", "params": [{"name": "port", "type": "u16"}], "returns": "iface::Result<()>"}])
    );
    assert_eq!(
        json["handlers"][0],
        serde_json::json!({"name": "configure_website", "when": ["website.available"], "when_not": [], "when_any": [], "only_on_change": false})
    );
}

#[test]
fn bad_command_lines_exit_2_with_usage_and_no_backtrace() {
    let dir = tempfile::tempdir().unwrap();
    for (args, first_line) in [
        (
            &["get-flag"][..],
            "ERROR unknown command `get-flag` (did you mean `get-flags`?)",
        ),
        (
            &["is-flag-set"][..],
            "ERROR `is-flag-set` takes one flag name",
        ),
        (
            &["relation-call", "configure", "80"][..],
            "ERROR `relation-call` takes `--relation NAME` or `--flag FLAG`, then a method and its arguments",
        ),
        (
            &["get-flags", "--format", "yaml"][..],
            "ERROR unknown format `yaml`; expected `json` or `text`",
        ),
        (
            &["set-flag", "x", "--value", "{nope"][..],
            "ERROR argument `--value` (JSON): key must be a string at line 1 column 2",
        ),
    ] {
        let run = django(dir.path(), args);
        let stderr = text(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().next(), Some(first_line), "{args:?}");
        assert!(
            !stderr.contains("panicked") && !stderr.contains("backtrace"),
            "{stderr}"
        );
    }
    let usage = text(&django(dir.path(), &["get-flag"]).stderr);
    assert!(
        usage.contains("usage: django [--format json|text] COMMAND [ARGS...]"),
        "{usage}"
    );
}

#[test]
fn relation_call_runs_an_interface_method_inside_a_hook() {
    let dir = tempfile::tempdir().unwrap();
    let mut deployment = Deployment::new("test").configured("django", &django_charm::CHARM);
    deployment.add_unit("django/0", "10.0.0.1");
    deployment.add_unit("haproxy/0", "10.0.0.2");
    deployment.set_leader("django/0");
    deployment
        .add_relation(1, ("django", "website"), ("haproxy", "reverseproxy"))
        .members
        .extend(["django/0".to_owned(), "haproxy/0".to_owned()]);
    let model = ProcessModel::beside(dir.path(), binary(), &deployment).unwrap();
    let relation = HookRelation {
        id: 1,
        remote_unit: Some("haproxy/0".into()),
        remote_app: Some("haproxy".into()),
        departing_unit: None,
    };
    let joined = model
        .run_hook(
            binary(),
            "django/0",
            "website-relation-joined",
            Some(relation.clone()),
            &[],
        )
        .unwrap();
    assert!(joined.success(), "{}", joined.stderr());

    // A shell hook calling the CLI: the same environment as the hook.
    let call = |args: &[&str]| {
        let charm_dir = model.charm_dir("django/0");
        let env = model
            .update(|d| {
                d.begin_hook(
                    "django/0",
                    "website-relation-changed",
                    Some(relation.clone()),
                );
                d.hook_env(&charm_dir.to_string_lossy())
            })
            .unwrap();
        let path = format!(
            "{}:{}",
            model.tools_dir().display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let output = Command::new(binary())
            .args(args)
            .env_clear()
            .env("PATH", path)
            .env(iface_sim::STATE_ENV, model.state_path())
            .envs(env)
            .output()
            .unwrap();
        statefile::finish_hook(&model.state_path(), output.status.success()).unwrap();
        output
    };

    let run = call(&[
        "relation-call",
        "--flag",
        "website.available",
        "configure",
        "8080",
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let published = model.deployment().unwrap().relations[&1].unit_data["django/0"].clone();
    assert_eq!(published["port"], "8080");

    let bad = call(&[
        "relation-call",
        "--relation",
        "website",
        "configure",
        "eighty",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(
        text(&bad.stderr).trim(),
        "ERROR argument `port` (u16): key `port`: expected u16, found \"eighty\""
    );
    let unknown = call(&["relation-call", "--relation", "website", "configur", "80"]);
    assert_eq!(
        text(&unknown.stderr).trim(),
        "ERROR interface `http` has no method `configur`; expected one of `configure`"
    );
    let published = model.deployment().unwrap().relations[&1].unit_data["django/0"].clone();
    assert_eq!(published["port"], "8080", "failed calls wrote nothing");
}

#[test]
fn concurrent_commands_lose_no_update() {
    let dir = tempfile::tempdir().unwrap();
    let children: Vec<_> = (0..8)
        .map(|i| {
            Command::new(binary())
                .args(["set-flag", &format!("worker.{i}")])
                .env_clear()
                .env("CHARM_DIR", dir.path())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let flags = text(&django(dir.path(), &["get-flags"]).stdout);
    let expected: Vec<String> = (0..8).map(|i| format!("worker.{i}")).collect();
    assert_eq!(flags.lines().collect::<Vec<_>>(), expected);
}

#[test]
fn questions_tell_false_from_failure_and_create_nothing() {
    let dir = tempfile::tempdir().unwrap();
    // No store yet: every flag is clear, and asking creates no file.
    let no = django(dir.path(), &["is-flag-set", "ready"]);
    assert_eq!(no.status.code(), Some(1));
    assert_eq!(text(&django(dir.path(), &["get-flags"]).stdout), "");
    assert!(!dir.path().join(".unit-state.db").exists());

    // Nowhere to look: a failure, which must not read as "false".
    let broken = Command::new(binary())
        .args(["is-flag-set", "ready"])
        .env_clear()
        .output()
        .unwrap();
    assert_eq!(broken.status.code(), Some(3));
    assert!(
        text(&broken.stderr).starts_with("ERROR "),
        "{}",
        text(&broken.stderr)
    );
}
