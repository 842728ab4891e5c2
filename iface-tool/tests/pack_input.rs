//! What `iface pack` reads from a charm directory, checked against the real
//! charmcraft 4.5.0: a unified `charmcraft.yaml` rendered as charmcraft
//! renders it, separate files packed as they are, a field given twice
//! refused where charmcraft refuses it, the examples' `charmcraft.yaml`
//! read by both, and each kind of bad input: one error naming the file
//! and the key, exit 2, no archive.
//!
//! The charm binary here is a link named `web` to the `iface` executable
//! (`--binary`): these tests are about the files around it, so none of
//! them builds a charm.

mod support;

use std::path::{Path, PathBuf};

use serde_yaml_ng::Value;
use support::{Run, charmcraft, example, host_arch, iface, scratch, unpack};

/// A charm directory `dir` holding `files`, and `web`, a link to an
/// executable built for this machine.
fn charm_dir(dir: &Path, files: &[(&str, &str)]) -> PathBuf {
    let charm = dir.join("charm");
    std::fs::create_dir_all(&charm).unwrap();
    for (name, text) in files {
        std::fs::write(charm.join(name), text).unwrap();
    }
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_iface"), dir.join("web")).unwrap();
    charm
}

/// `iface pack CHARM --binary <dir>/web --output <dir>/out EXTRA...`.
fn pack(dir: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "pack".to_owned(),
        dir.join("charm").to_string_lossy().into_owned(),
        "--binary".to_owned(),
        dir.join("web").to_string_lossy().into_owned(),
        "--output".to_owned(),
        dir.join("out").to_string_lossy().into_owned(),
    ];
    args.extend(extra.iter().map(|&arg| arg.to_owned()));
    iface(&args)
}

/// The files in `dir/out`, if it exists.
fn written(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir.join("out"))
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// The files charmcraft's own code renders from the unified
/// `charmcraft.yaml` in `dir` (`tests/charmcraft/render.py`): file name to
/// text, `null` for a file it would not write.
fn charmcraft_renders(dir: &Path) -> serde_json::Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/charmcraft/render.py");
    let run = charmcraft().python(dir, &[script]);
    assert_eq!(run.code, Some(0), "render.py: {}", run.stderr);
    serde_json::from_str(&run.stdout).expect("render.py prints JSON")
}

/// Every key of `value` with its path, in document order.
fn keys_in_order(value: &Value, path: &str, out: &mut Vec<String>) {
    match value {
        Value::Mapping(map) => {
            for (key, value) in map {
                let path = format!("{path}/{}", key.as_str().unwrap_or("?"));
                out.push(path.clone());
                keys_in_order(value, &path, out);
            }
        }
        Value::Sequence(items) => {
            for (index, item) in items.iter().enumerate() {
                keys_in_order(item, &format!("{path}/{index}"), out);
            }
        }
        _ => {}
    }
}

const UNIFIED: &str = "\
type: charm
name: web
title: Web front
summary: A web application
description: |
  Serves HTTP, and documents its relation protocol with gets and sets, which Juju
  ignores and `iface check` reads.
links:
  contact: Jane <jane@example.com>
  documentation: https://example.com/docs
base: ubuntu@24.04
platforms:
  amd64:
  arm64:
parts:
  charm:
    plugin: dump
    source: .
provides:
  website:
    interface: http
    sets: [hostname, port]
requires:
  db:
    interface: mysql
    limit: 1
    gets: [host, port]
config:
  options:
    port:
      type: int
      default: 8080
      description: The port to serve on.
    server-name:
      type: string
actions:
  snapshot:
    description: Take a snapshot.
    params:
      target: {type: string}
";

#[test]
fn a_unified_charmcraft_yaml_is_rendered_as_charmcraft_renders_it() {
    let dir = scratch("unified");
    let charm = charm_dir(&dir, &[("charmcraft.yaml", UNIFIED)]);
    let run = pack(&dir, &[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let archive = dir.join(format!("out/web_ubuntu@24.04-{}.charm", host_arch()));
    assert_eq!(run.stdout.trim(), archive.to_string_lossy());
    let files = unpack(&archive, &dir.join("unpacked"));
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "actions.yaml",
            "config.yaml",
            "dispatch",
            "manifest.yaml",
            "metadata.yaml",
            "web"
        ]
    );

    // The same keys, in the same order, with the same values as charmcraft's
    // own rendering (scalars may be quoted or folded differently).
    let rendered = charmcraft_renders(&charm);
    for file in ["metadata.yaml", "config.yaml", "actions.yaml"] {
        let theirs: Value = serde_yaml_ng::from_str(rendered[file].as_str().unwrap()).unwrap();
        let ours: Value = serde_yaml_ng::from_str(files[file].text()).unwrap();
        assert_eq!(ours, theirs, "{file}");
        let (mut our_keys, mut their_keys) = (Vec::new(), Vec::new());
        keys_in_order(&ours, "", &mut our_keys);
        keys_in_order(&theirs, "", &mut their_keys);
        assert_eq!(our_keys, their_keys, "{file}");
    }
    let metadata: Value = serde_yaml_ng::from_str(files["metadata.yaml"].text()).unwrap();
    assert_eq!(
        metadata["requires"]["db"]["gets"],
        serde_yaml_ng::from_str::<Value>("[host, port]").unwrap()
    );

    let run = charmcraft().run(&dir, &["analyse".as_ref(), archive.as_os_str()]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
}

#[test]
fn separate_files_beside_a_build_only_charmcraft_yaml_are_packed_as_they_are() {
    let dir = scratch("separate");
    let files = [
        (
            "charmcraft.yaml",
            "type: charm\nbase: ubuntu@22.04\nplatforms:\n  amd64:\n  arm64:\n\
             parts:\n  charm:\n    plugin: dump\n    source: .\n",
        ),
        (
            "metadata.yaml",
            "name: web\nsummary: s\ndescription: d\nprovides:\n  website:\n    \
             interface: http # as written\n    sets: [hostname, port]\n",
        ),
        (
            "config.yaml",
            "options:\n  port: {type: int, default: 8080}\n",
        ),
        ("actions.yaml", "snapshot:\n  description: Take one.\n"),
    ];
    let charm = charm_dir(&dir, &files);
    let run = charmcraft().run(&charm, &["expand-extensions"]);
    assert_eq!(run.code, Some(0), "charmcraft refuses it: {}", run.stderr);

    let run = pack(&dir, &[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    // charmcraft.yaml's base is the default.
    let archive = dir.join(format!("out/web_ubuntu@22.04-{}.charm", host_arch()));
    let packed = unpack(&archive, &dir.join("unpacked"));
    for (name, text) in &files[1..] {
        assert_eq!(packed[*name].text(), *text, "{name}");
    }
    assert!(!packed.contains_key("charmcraft.yaml"));
}

#[test]
fn a_field_given_twice_is_refused_where_charmcraft_refuses_it() {
    let metadata = GOOD;
    let build =
        "type: charm\nbase: ubuntu@24.04\nplatforms:\n  amd64:\nparts: {charm: {plugin: nil}}\n";
    for (test, extra, files, key, message) in [
        (
            "twice-summary",
            "summary: again\n",
            &[][..],
            "summary",
            "given in both charmcraft.yaml and metadata.yaml; charmcraft refuses a field given \
             twice",
        ),
        (
            "twice-config",
            "config: {options: {port: {type: int}}}\n",
            &[("config.yaml", "options: {port: {type: int}}\n")][..],
            "config",
            "given both here and as the config.yaml beside this file; charmcraft refuses a \
             field given twice",
        ),
        (
            "twice-actions",
            "actions: {snapshot: {}}\n",
            &[("actions.yaml", "snapshot: {}\n")][..],
            "actions",
            "given both here and as the actions.yaml beside this file; charmcraft refuses a \
             field given twice",
        ),
    ] {
        let dir = scratch(test);
        let charmcraft_yaml = format!("{build}{extra}");
        let mut all = vec![
            ("charmcraft.yaml", charmcraft_yaml.as_str()),
            ("metadata.yaml", metadata),
        ];
        all.extend_from_slice(files);
        let charm = charm_dir(&dir, &all);
        let theirs = charmcraft().run(&charm, &["expand-extensions"]);
        assert_eq!(
            theirs.code,
            Some(65),
            "charmcraft takes {test}: {}",
            theirs.stdout
        );

        let ours = pack(&dir, &[]);
        assert_eq!(
            (ours.code, ours.stderr.as_str()),
            (
                Some(2),
                format!(
                    "ERROR {}: `{key}`: {message}\n",
                    charm.join("charmcraft.yaml").display()
                )
                .as_str()
            ),
            "{test}"
        );
        assert_eq!(written(&dir), Vec::<String>::new(), "{test}");
    }
}

#[test]
fn the_examples_charmcraft_yaml_is_read_by_charmcraft_and_by_iface_pack() {
    // (directory and binary, the charm's name in its metadata)
    for (name, charm_name) in [
        ("django", "django"),
        ("haproxy", "haproxy"),
        ("log-agent", "log-agent"),
        ("tls-ca", "tls-ca"),
        ("tls-client", "tls-client"),
        ("mysql-server", "mysql"),
        ("mysql-client", "wiki"),
    ] {
        let charm = example(name);
        let run = charmcraft().run(&charm, &["expand-extensions"]);
        assert_eq!(run.code, Some(0), "{name}: {}", run.stderr);
        let project: Value = serde_yaml_ng::from_str(&run.stdout).unwrap();
        assert_eq!(project["name"], charm_name, "{}", run.stdout);
        assert_eq!(project["parts"]["charm"]["plugin"], "nil");
        assert!(
            project["parts"]["charm"]["override-build"]
                .as_str()
                .unwrap()
                .contains(&format!("exec ./{name}")),
            "{}",
            run.stdout
        );

        // The same directory passes pack's checks (with a stand-in binary:
        // building each example is `tests/pack.rs`'s job).
        let dir = scratch(&format!("example-{name}"));
        std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_iface"), dir.join(name)).unwrap();
        let run = iface(&[
            "pack".as_ref(),
            charm.as_os_str(),
            "--binary".as_ref(),
            dir.join(name).as_os_str(),
            "--output".as_ref(),
            dir.as_os_str(),
        ]);
        assert_eq!(run.code, Some(0), "{name}: {}", run.stderr);
    }
}

/// `iface pack` of a charm directory holding `files` fails with exactly
/// `ERROR <expected>`, exit 2, and writes nothing. `expected` is given the
/// scratch directory and the charm directory.
fn refused(
    test: &str,
    files: &[(&str, &str)],
    extra: &[&str],
    expected: impl FnOnce(&Path, &Path) -> String,
) {
    let dir = scratch(test);
    let charm = charm_dir(&dir, files);
    let expected = expected(&dir, &charm);
    let run = pack(&dir, extra);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (Some(2), format!("ERROR {expected}\n").as_str()),
        "{test}"
    );
    assert_eq!(written(&dir), Vec::<String>::new(), "{test}");
}

/// A metadata file without `name`, `summary` and `description` problems.
const GOOD: &str = "name: web\nsummary: s\ndescription: d\n";

#[test]
fn bad_metadata_is_one_error_naming_the_file_and_key() {
    let missing = "missing: Juju and charmcraft need a charm's `name`, `summary` and `description`";
    let reserved = "is reserved by Juju (`juju` and `juju-*` are, except for the container-scoped \
                    `requires` of a subordinate charm)";
    for (test, file, text, expected) in [
        (
            "no-summary",
            "metadata.yaml",
            "name: web\ndescription: d\n",
            format!("metadata.yaml: `summary`: {missing}"),
        ),
        (
            "no-description",
            "charmcraft.yaml",
            "type: charm\nname: web\nsummary: s\nbase: ubuntu@24.04\n",
            format!("charmcraft.yaml: `description`: {missing}"),
        ),
        (
            "reserved-endpoint",
            "metadata.yaml",
            "name: web\nsummary: s\ndescription: d\nprovides:\n  juju-web:\n    interface: http\n",
            format!("metadata.yaml:5:3: relation name `juju-web` {reserved}"),
        ),
        (
            "reserved-endpoint-juju",
            "charmcraft.yaml",
            "type: charm\nname: web\nsummary: s\ndescription: d\nrequires:\n  juju:\n    interface: http\n",
            format!("charmcraft.yaml:6:3: relation name `juju` {reserved}"),
        ),
    ] {
        refused(test, &[(file, text)], &[], |_, charm| {
            format!("{}/{expected}", charm.display())
        });
    }
}

#[test]
fn a_config_option_needs_a_type_juju_knows() {
    let types = "`string`, `int`, `float`, `boolean` and `secret`";
    refused(
        "option-without-type",
        &[
            ("metadata.yaml", GOOD),
            ("config.yaml", "options:\n  port:\n    default: 8080\n"),
        ],
        &[],
        |_, charm| {
            format!(
                "{}/config.yaml: `options.port`: no `type`: Juju needs each option's type, one \
                 of {types}",
                charm.display()
            )
        },
    );
    refused(
        "option-of-unknown-type",
        &[(
            "charmcraft.yaml",
            "type: charm\nname: web\nsummary: s\ndescription: d\n\
             config:\n  options:\n    port: {type: integer}\n",
        )],
        &[],
        |_, charm| {
            format!(
                "{}/charmcraft.yaml: `config.options.port.type`: unknown type `integer`; \
                 expected one of {types}",
                charm.display()
            )
        },
    );
}

#[test]
fn the_binary_must_be_executable_and_for_the_architecture_asked() {
    let arch = host_arch();
    let other = if arch == "amd64" { "arm64" } else { "amd64" };
    refused(
        "arch-asked-is-not-the-binarys",
        &[("metadata.yaml", GOOD)],
        &["--arch", other],
        |dir, _| {
            format!(
                "{}: the binary is for {arch}, not {other} (`--arch {other}`); build it for \
                 {other} (iface pack does not cross-compile) or pack for {arch}",
                dir.join("web").display()
            )
        },
    );
    let platforms = format!(
        "type: charm\nbase: ubuntu@24.04\nplatforms:\n  {other}:\nparts: {{charm: {{plugin: nil}}}}\n"
    );
    refused(
        "platforms-lack-the-binarys-arch",
        &[("metadata.yaml", GOOD), ("charmcraft.yaml", &platforms)],
        &[],
        |_, charm| {
            format!(
                "{}/charmcraft.yaml: `platforms`: builds for {other} only, but the binary is for \
                 {arch}",
                charm.display()
            )
        },
    );
    refused(
        "dispatch-target-not-executable",
        &[("metadata.yaml", GOOD)],
        &[],
        |dir, _| {
            // A copy of the executable, without its execute bits.
            let web = dir.join("web");
            std::fs::remove_file(&web).unwrap();
            std::fs::copy(env!("CARGO_BIN_EXE_iface"), &web).unwrap();
            let read_only = std::os::unix::fs::PermissionsExt::from_mode(0o644);
            std::fs::set_permissions(&web, read_only).unwrap();
            format!(
                "{}: `dispatch` runs `./web`, which is not executable (mode 644); Juju could not \
                 run a hook",
                web.display()
            )
        },
    );
}
