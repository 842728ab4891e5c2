//! Effects Juju applies at once (unit status, application status, workload
//! version) are never skipped on the strength of memory that commits later:
//! a hook killed right after such an effect, before its commit, must not
//! leave the unit believing the old value is still what Juju shows.
//!
//! Each case kills the faulty charm's hook from inside the tool itself:
//! the tool is a script that runs the fake tool (so Juju's view changes)
//! and then SIGKILLs the hook process that called it.

mod support;

use iface_sim::process::{ProcessModel, fake_tools_beside};
use support::{UNIT, binary, process_model as model, run as hook};

/// Makes `tool` kill the hook that calls it, once the fake tool applied
/// the call; returns a guard that puts the plain tool back.
fn killing(model: &ProcessModel, tool: &str) -> impl Drop {
    struct Restore(std::path::PathBuf, std::path::PathBuf);
    impl Drop for Restore {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
            let _ = std::os::unix::fs::symlink(&self.1, &self.0);
        }
    }
    let link = model.tools_dir().join(tool);
    let fake = std::path::absolute(fake_tools_beside(binary())).unwrap();
    std::fs::remove_file(&link).unwrap();
    let script = format!(
        "#!/bin/sh\n'{}' {tool} \"$@\"\ncode=$?\nkill -KILL $PPID\nexit $code\n",
        fake.display()
    );
    std::fs::write(&link, script).unwrap();
    std::fs::set_permissions(&link, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    Restore(link, fake)
}

/// What Juju shows for the unit, the application and the version.
fn shown(model: &ProcessModel) -> (String, String, String) {
    let d = model.deployment().unwrap();
    let unit = d.units[UNIT].status.clone().unwrap_or_default();
    let app = d.applications["faulty"].status.clone().unwrap_or_default();
    let version = d.applications["faulty"].version.clone().unwrap_or_default();
    (
        format!("{} {}", unit.status, unit.message),
        format!("{} {}", app.status, app.message),
        version,
    )
}

/// For each effect: set A, then B in a hook killed right after the effect,
/// then A again: Juju must show A at the end.
#[test]
fn a_hook_killed_after_an_immediate_effect_leaves_no_memory_that_skips_the_next() {
    let cases = [
        ("status-set", "FAULTY_STATUS", "active:A", "maintenance:B"),
        ("status-set", "FAULTY_APP_STATUS", "active:A", "blocked:B"),
        ("application-version-set", "FAULTY_VERSION", "1.0", "2.0"),
    ];
    for (tool, var, a, b) in cases {
        let dir = tempfile::tempdir().unwrap();
        let model = model(dir.path());
        let first = hook(&model, &[(var, a)]);
        assert!(first.success(), "{var}: {}", first.stderr());
        let before = shown(&model);

        let guard = killing(&model, tool);
        let killed = hook(&model, &[(var, b)]);
        drop(guard);
        assert_eq!(killed.code(), None, "{var}: the hook was killed");
        let during = shown(&model);
        assert_ne!(during, before, "{var}: Juju applied B at once");

        let again = hook(&model, &[(var, a)]);
        assert!(again.success(), "{var}: {}", again.stderr());
        assert_eq!(shown(&model), before, "{var}: Juju shows A again");
    }
}

/// Without a kill, the memory does its job: setting what is already shown
/// calls no tool.
#[test]
fn an_effect_already_in_place_calls_no_tool() {
    let dir = tempfile::tempdir().unwrap();
    let model = model(dir.path());
    let env = [
        ("FAULTY_STATUS", "active:A"),
        ("FAULTY_APP_STATUS", "active:A"),
        ("FAULTY_VERSION", "1.0"),
    ];
    assert!(hook(&model, &env).success());
    let calls = model.deployment().unwrap().calls.len();
    assert!(hook(&model, &env).success());
    let d = model.deployment().unwrap();
    let tools: Vec<&str> = d.calls[calls..].iter().map(|c| c.tool.as_str()).collect();
    assert!(
        !tools
            .iter()
            .any(|t| *t == "status-set" || *t == "application-version-set"),
        "{tools:?}"
    );
}
