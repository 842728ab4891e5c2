//! `iface doc` as a process, on the example charms' real metadata and on
//! the `describe --format json` their charm binaries print (run here
//! in-process through the same CLI code).

#[allow(dead_code)]
mod support;

use std::path::Path;

use iface_runtime::charm::Charm;

/// An example charm's directory.
fn example(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// What `CHARM describe --format json` prints, written to a file in `dir`.
fn describe(dir: &Path, charm: &'static Charm) -> String {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let argv = [
        "describe".to_owned(),
        "--format".to_owned(),
        "json".to_owned(),
    ];
    let code = iface_runtime::cli::run(
        charm,
        charm.name,
        &argv,
        &|_: &str| None,
        &mut out,
        &mut err,
    );
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&err));
    let path = dir.join(format!("{}.json", charm.name));
    std::fs::write(&path, out).unwrap();
    path.to_string_lossy().into_owned()
}

/// `iface ARGS...`: its exit code, stdout and stderr.
fn iface(args: &[&str]) -> (Option<i32>, String, String) {
    let run = support::iface(args);
    (run.code, run.stdout, run.stderr)
}

/// `iface doc` succeeds and prints exactly `expected`.
fn doc(args: &[&str], expected: &str) {
    let (code, out, err) = iface(args);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out, expected, "\n--- got:\n{out}");
}

const A: &str = "\
# Charm `a`

Relations of `a`, from its metadata and its binary's `describe` (`iface doc`).

## Relation `ab`

| | |
|---|---|
| role | requires |
| interface | `ab` |
| Juju scope | global |
| conversation scope | Unit |

### Relation data

| key | written by | read by | when |
|---|---|---|---|
| `P` | each `a` unit | each remote unit | once the remote side has written `X` and `Y` |
| `Q` | each `a` unit | each remote unit | once the remote side has written `X` and `Y` |
| `X` | each remote unit | each `a` unit | `a` needs it to complete |
| `Y` | each remote unit | each `a` unit | `a` needs it to complete |
| `Z` | each remote unit | each `a` unit | `a` needs it to complete |

### Flags

| flag | handlers that watch it |
|---|---|
| `ab.ready` | `complete` (when), `in_progress` (when_not) |
";

const B: &str = "\
# Charm `b`

Relations of `b`, from its metadata and its binary's `describe` (`iface doc`).

## Relation `ab`

| | |
|---|---|
| role | provides |
| interface | `ab` |
| Juju scope | global |
| conversation scope | Unit |

### Relation data

| key | written by | read by | when |
|---|---|---|---|
| `X` | each `b` unit | each remote unit | as soon as related |
| `Y` | each `b` unit | each remote unit | as soon as related |
| `Z` | each `b` unit | each remote unit | once the remote side has written `P` and `Q` |
| `P` | each remote unit | each `b` unit | `b` needs it to complete |
| `Q` | each remote unit | each `b` unit | `b` needs it to complete |

### Flags

| flag | handlers that watch it |
|---|---|
| `ab.ready` | `complete` (when), `in_progress` (when_not) |
";

const DJANGO: &str = "\
# Charm `django`

Relations of `django`, from its metadata and its binary's `describe` (`iface doc`).

## Relation `website`

| | |
|---|---|
| role | provides |
| interface | `http` |
| Juju scope | global |
| conversation scope | Global |
| methods | `configure(port: u16)` |

### Relation data

| key | written by | read by | when |
|---|---|---|---|
| `hostname` | each `django` unit | each remote unit | as soon as related |
| `port` | each `django` unit | each remote unit | as soon as related |

### Flags

| flag | handlers that watch it |
|---|---|
| `website.available` | `configure_website` (when) |

## Configuration

| option | type | default | description |
|---|---|---|---|
| `port` | int | `80` | The port the application serves on, published to every http client. |
";

const HAPROXY: &str = "\
# Charm `haproxy`

Relations of `haproxy`, from its metadata and its binary's `describe` (`iface doc`).

## Relation `reverseproxy`

| | |
|---|---|
| role | requires |
| interface | `http` |
| Juju scope | global |
| conversation scope | Unit |
| methods | `settings()` |

### Relation data

| key | written by | read by | when |
|---|---|---|---|
| `hostname` | each remote unit | each `haproxy` unit | `haproxy` needs it to complete |
| `port` | each remote unit | each `haproxy` unit | `haproxy` needs it to complete |

### Flags

| flag | handlers that watch it |
|---|---|
| `reverseproxy.available` | `configure_backends` (when), `wait_for_backends` (when_not), `serving` (when), `waiting` (when_not) |

## Actions

### `backends` (handler `list_backends`)

The backends this unit balances over, as a JSON list of host:port, sorted.

No parameters.

### `has-backend` (handler `has_backend`)

Whether this unit balances over one backend.

| parameter | type | required | description |
|---|---|---|---|
| `backend` | string | yes | The backend, as host:port. |
";

#[test]
fn the_ab_handshake_documented_from_metadata_and_describe() {
    let dir = tempfile::tempdir().unwrap();
    let a = describe(dir.path(), &ab_a_charm::CHARM);
    let b = describe(dir.path(), &ab_b_charm::CHARM);
    doc(&["doc", &example("ab-a"), "--describe", &a], A);
    doc(
        &[
            "doc",
            "--format",
            "markdown",
            "--describe",
            &b,
            &example("ab-b"),
        ],
        B,
    );
}

#[test]
fn the_http_pair_documented_from_metadata_and_describe() {
    let dir = tempfile::tempdir().unwrap();
    let django = describe(dir.path(), &django_charm::CHARM);
    let haproxy = describe(dir.path(), &haproxy_charm::CHARM);
    doc(&["doc", &example("django"), "--describe", &django], DJANGO);
    doc(
        &["doc", &example("haproxy"), "--describe", &haproxy],
        HAPROXY,
    );
}

/// Without `--describe`, only what metadata knows: no conversation scope,
/// methods or flags.
#[test]
fn metadata_alone_gives_the_keys() {
    let metadata = Path::new(&example("ab-a")).join("metadata.yaml");
    let expected = A
        .replace(" and its binary's `describe`", "")
        .replace("| conversation scope | Unit |\n", "");
    let expected = &expected[..expected.find("\n### Flags").unwrap()];
    doc(&["doc", &metadata.to_string_lossy()], expected);
}

#[test]
fn the_deadlocking_variant_documents_what_p_waits_for() {
    let (code, out, _) = iface(&[
        "doc",
        &format!("{}/metadata-deadlock.yaml", example("ab-a")),
    ]);
    assert_eq!(code, Some(0));
    assert!(
        out.contains(
            "| `P` | each `a` unit | each remote unit | once the remote side has written `X`, `Y` and `Z` |\n\
             | `Q` | each `a` unit | each remote unit | once the remote side has written `X` and `Y` |\n"
        ),
        "{out}"
    );
}

#[test]
fn a_describe_of_another_charm_or_not_json_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let b = describe(dir.path(), &ab_b_charm::CHARM);
    let (code, out, err) = iface(&["doc", &example("ab-a"), "--describe", &b]);
    assert_eq!((code, out.as_str()), (Some(2), ""));
    assert_eq!(
        err,
        "ERROR the `describe` output is for charm `b`, the metadata for `a`\n"
    );
    let junk = dir.path().join("junk.json");
    std::fs::write(&junk, "not json").unwrap();
    let (code, _, err) = iface(&[
        "doc",
        &example("ab-a"),
        "--describe",
        &junk.to_string_lossy(),
    ]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("is not the JSON of `describe --format json`"),
        "{err}"
    );
    let (code, _, err) = iface(&["doc", &example("ab-a"), "--format", "json"]);
    assert_eq!(code, Some(2));
    assert!(
        err.starts_with("ERROR unknown format `json` for `doc`; expected `markdown`\nusage:"),
        "{err}"
    );
}
