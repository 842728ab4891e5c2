//! `iface check` as a process, on seed 002's examples.

#[allow(dead_code)]
mod support;

use std::path::Path;

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

/// `iface ARGS...`: its exit code, stdout and stderr.
fn iface(args: &[&str]) -> (Option<i32>, String, String) {
    let run = support::iface(args);
    (run.code, run.stdout, run.stderr)
}

const A: &str = "name: a\nrequires:\n  ab:\n    interface: ab\n    sets:\n    - P: [X, Y]\n    - Q: [X, Y]\n    gets: [X, Y, Z]\n";
const B: &str = "name: b\nprovides:\n  ab:\n    interface: ab\n    sets:\n    - X\n    - Y\n    - Z: [P, Q]\n    gets: [P, Q]\n";

#[test]
fn compatible_pairs_exit_0_and_show_the_order() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (
        write(dir.path(), "a.yaml", A),
        write(dir.path(), "b.yaml", B),
    );
    let (code, out, _) = iface(&["check", &a, &b]);
    assert_eq!(code, Some(0));
    assert!(out.starts_with("a:ab and b:ab are compatible\n"), "{out}");
    assert!(out.contains("5. b:ab sets Z (after P, Q)"), "{out}");

    let (code, out, _) = iface(&["check", &a, &b, "a:ab", "b:ab", "--format", "json"]);
    assert_eq!(code, Some(0));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["compatible"], true);
    assert_eq!(
        json["verdict"]["played"]["steps"][4],
        serde_json::json!({"side": "b:ab", "key": "Z", "after": ["P", "Q"]})
    );
}

#[test]
fn a_deadlock_exits_1_naming_the_keys() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(
        dir.path(),
        "a.yaml",
        &A.replace("- P: [X, Y]", "- P: [X, Z]"),
    );
    let b = write(dir.path(), "b.yaml", B);
    let (code, out, _) = iface(&["check", &a, &b]);
    assert_eq!(code, Some(1));
    assert!(
        out.contains("b:ab never sets Z: it waits for P, which never arrives"),
        "{out}"
    );
    assert!(
        out.contains("a:ab never sets P: it waits for Z, which never arrives"),
        "{out}"
    );
}

#[test]
fn charm_directories_and_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("b")).unwrap();
    write(&dir.path().join("b"), "metadata.yaml", B);
    let a = write(dir.path(), "a.yaml", A);
    let b = dir.path().join("b").to_string_lossy().into_owned();
    assert_eq!(iface(&["check", &a, &b]).0, Some(0));

    let (code, _, err) = iface(&["chek", &a, &b]);
    assert_eq!(code, Some(2));
    assert!(
        err.starts_with(
            "ERROR unknown command `chek`; expected `check`, `doc`, `schema` or `pack`\nusage: iface check"
        ),
        "{err}"
    );
    let (code, _, err) = iface(&["check", &a, &b, "a:nope", "b:ab"]);
    assert_eq!(
        (code, err.trim()),
        (Some(2), "ERROR charm `a` declares no relation `nope`")
    );
    let broken = write(dir.path(), "broken.yaml", "name: [\n");
    let (code, _, err) = iface(&["check", &broken, &b]);
    assert_eq!(code, Some(2));
    assert!(err.contains("broken.yaml:"), "{err}");
}

#[test]
fn help_prints_the_usage_and_succeeds() {
    for flag in ["--help", "-h", "help"] {
        let (code, out, err) = iface(&[flag]);
        assert_eq!((code, err.as_str()), (Some(0), ""), "{flag}");
        assert!(out.starts_with("usage: iface check A B"), "{flag}: {out}");
    }
}
