//! `iface pack` on the example charms django and haproxy, each built once
//! per test run in release mode (cargo's own cache makes later packs of
//! the same crate no-ops): the archives' files and modes, the manifest,
//! both charms running their hooks through the packed `dispatch` under the
//! fake hook tools, and the real charmcraft's `analyse` and project checks.

/// The demo's deployment, shared with django's own tests.
#[path = "../../examples/django/tests/support/deployment.rs"]
mod django_deployment;
mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Instant;

use django_deployment::{RELATION, deployment};
use iface_sim::HookRelation;
use iface_sim::process::ProcessModel;
use serde_yaml_ng::Value;
use support::{File, charmcraft, example, host_arch, iface, scratch, unpack};

/// The example charms packed, and where.
struct Packed {
    /// `django_ubuntu@24.04-<arch>.charm`.
    django: PathBuf,
    /// `haproxy_ubuntu@24.04-<arch>.charm`.
    haproxy: PathBuf,
}

/// `iface pack examples/<name> --output <dir>`, which must succeed and
/// print the one archive it wrote.
fn pack(name: &str, out: &Path, extra: &[&str]) -> Vec<PathBuf> {
    let started = Instant::now();
    let mut args = vec![
        "pack".to_owned(),
        example(name).to_string_lossy().into_owned(),
        "--output".to_owned(),
        out.to_string_lossy().into_owned(),
    ];
    args.extend(extra.iter().map(|&arg| arg.to_owned()));
    let run = iface(&args);
    assert_eq!(run.code, Some(0), "iface pack {name}: {}", run.stderr);
    eprintln!(
        "iface pack examples/{name}: {:.1} s",
        started.elapsed().as_secs_f64()
    );
    run.stdout.lines().map(PathBuf::from).collect()
}

fn packed() -> &'static Packed {
    static PACKED: OnceLock<Packed> = OnceLock::new();
    PACKED.get_or_init(|| {
        let out = scratch("examples");
        let [django] = &pack("django", &out, &[])[..] else {
            panic!("one archive for django");
        };
        let [haproxy] = &pack("haproxy", &out, &[])[..] else {
            panic!("one archive for haproxy");
        };
        Packed {
            django: django.clone(),
            haproxy: haproxy.clone(),
        }
    })
}

/// The archive unpacked into a fresh directory named after it.
fn files(archive: &Path) -> BTreeMap<String, File> {
    let name = archive.file_stem().unwrap().to_string_lossy().into_owned();
    unpack(archive, &scratch(&format!("unpacked-{name}")))
}

#[test]
fn each_example_packs_into_one_archive_named_for_its_base_and_arch() {
    let packed = packed();
    for (archive, charm, binary) in [
        (&packed.django, "django", "django"),
        (&packed.haproxy, "haproxy", "haproxy"),
    ] {
        assert_eq!(
            archive.file_name().unwrap().to_string_lossy(),
            format!("{charm}_ubuntu@24.04-{}.charm", host_arch())
        );
        let files = files(archive);
        let listed: Vec<(&str, u32)> = files.iter().map(|(n, f)| (n.as_str(), f.mode)).collect();
        // django has config and no actions, haproxy actions and no config:
        // each archive holds the file its charm has, and not the other.
        let extra = match charm {
            "django" => "config.yaml",
            _ => "actions.yaml",
        };
        let mut expected = vec![
            ("dispatch", 0o755),
            (binary, 0o755),
            (extra, 0o644),
            ("manifest.yaml", 0o644),
            ("metadata.yaml", 0o644),
        ];
        expected.sort_unstable();
        assert_eq!(listed, expected, "{charm}");
        // The charm directory's metadata.yaml, as it is: gets and sets kept.
        let metadata = std::fs::read(example(charm).join("metadata.yaml")).unwrap();
        assert_eq!(files["metadata.yaml"].bytes, metadata, "{charm}");
        assert!(
            files["dispatch"]
                .text()
                .ends_with(&format!("\nexec ./{binary}\n")),
            "{}",
            files["dispatch"].text()
        );
        let size = std::fs::metadata(archive).unwrap().len();
        eprintln!("{}: {size} bytes", archive.display());
    }
    let django = files(&packed.django);
    assert!(
        django["metadata.yaml"]
            .text()
            .contains("sets: [hostname, port]")
    );
    let haproxy = files(&packed.haproxy);
    assert!(
        haproxy["metadata.yaml"]
            .text()
            .contains("gets: [hostname, port]")
    );
}

#[test]
fn the_manifest_names_the_base_and_the_binarys_architecture() {
    let manifest = |archive: &Path| -> Value {
        serde_yaml_ng::from_str(files(archive)["manifest.yaml"].text()).unwrap()
    };
    let bases = |channel: &str| -> Value {
        serde_yaml_ng::from_str(&format!(
            "[{{name: ubuntu, channel: '{channel}', architectures: [{}]}}]",
            host_arch()
        ))
        .unwrap()
    };
    let django = manifest(&packed().django);
    assert_eq!(django["bases"], bases("24.04"));
    assert_eq!(django["charmcraft-version"], "iface 0.1.0");
    assert!(django["charmcraft-started-at"].as_str().is_some());

    // Two bases: one archive each, each with its own base; the binary is
    // not built again.
    let out = scratch("two-bases");
    let arch = host_arch();
    let archives = pack(
        "django",
        &out,
        &[
            "--base",
            "ubuntu@22.04",
            "--base=ubuntu@24.04",
            "--arch",
            arch,
        ],
    );
    assert_eq!(
        archives,
        [
            out.join(format!("django_ubuntu@22.04-{arch}.charm")),
            out.join(format!("django_ubuntu@24.04-{arch}.charm")),
        ]
    );
    assert_eq!(manifest(&archives[0])["bases"], bases("22.04"));
    assert_eq!(manifest(&archives[1])["bases"], bases("24.04"));
}

fn with(remote: &str) -> HookRelation {
    HookRelation::unit(RELATION, remote)
}

#[test]
fn the_packed_charms_run_their_hooks_through_dispatch() {
    let packed = packed();
    let root = scratch("deployed");
    let model =
        ProcessModel::beside(&root, Path::new(env!("CARGO_BIN_EXE_iface")), &deployment()).unwrap();
    for (archive, unit) in [(&packed.django, "django/0"), (&packed.haproxy, "haproxy/0")] {
        unpack(archive, &model.charm_dir(unit));
    }

    // As Juju runs a hook: `dispatch`, no arguments, JUJU_DISPATCH_PATH set.
    for (unit, hook, remote) in [
        ("django/0", "website-relation-joined", "haproxy/0"),
        ("haproxy/0", "reverseproxy-relation-changed", "django/0"),
    ] {
        let dispatch = model.charm_dir(unit).join("dispatch");
        let run = model
            .run_hook(&dispatch, unit, hook, Some(with(remote)), &[])
            .unwrap();
        assert!(run.success(), "{unit} {hook}: {}", run.stderr());
    }

    let deployment = model.deployment().unwrap();
    let published: Vec<(&str, &str)> = deployment.relations[&RELATION].unit_data["django/0"]
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(published, [("hostname", "10.0.0.1"), ("port", "80")]);
    let status = deployment.units["haproxy/0"].status.clone().unwrap();
    assert_eq!(
        (status.status.as_str(), status.message.as_str()),
        ("active", "balancing 10.0.0.1:80")
    );

    // The packed binary is the charm's command line too.
    let hooks = Command::new(model.charm_dir("haproxy/0").join("haproxy"))
        .arg("hooks")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&hooks.stdout),
        "reverseproxy-relation-broken\nreverseproxy-relation-changed\n\
         reverseproxy-relation-departed\nreverseproxy-relation-joined\n"
    );
}

#[test]
fn charmcraft_analyse_passes_both_archives() {
    let packed = packed();
    let charmcraft = charmcraft();
    for archive in [&packed.django, &packed.haproxy] {
        let run = charmcraft.run(
            archive.parent().unwrap(),
            &[
                "analyse".as_ref(),
                "--format=json".as_ref(),
                archive.as_os_str(),
            ],
        );
        assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
        let results: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
        let result = |name: &str| {
            results
                .iter()
                .find(|r| r["name"] == name)
                .and_then(|r| r["result"].as_str())
                .unwrap_or_else(|| panic!("no {name} in {results:?}"))
                .to_owned()
        };
        for check in [
            "entrypoint",
            "metadata",
            "juju-config",
            "juju-actions",
            "naming-conventions",
        ] {
            assert_eq!(result(check), "ok", "{check} on {}", archive.display());
        }
        // The manifest's attributes are what charmcraft finds.
        let manifest: Value =
            serde_yaml_ng::from_str(files(archive)["manifest.yaml"].text()).unwrap();
        for attribute in manifest["analysis"]["attributes"].as_sequence().unwrap() {
            let name = attribute["name"].as_str().unwrap();
            assert_eq!(attribute["result"].as_str(), Some(result(name).as_str()));
        }
        eprintln!(
            "charmcraft analyse {}: {}",
            archive.file_name().unwrap().to_string_lossy(),
            results
                .iter()
                .map(|r| format!("{} {}", r["name"], r["result"]))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
}
