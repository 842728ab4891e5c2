//! The shell charm's bash hooks, run as Juju runs them: real processes with
//! the hook environment, the fake hook tools first on `PATH`, the unit's
//! charm directory holding `metadata.yaml`, `hooks/`, `lib/` and the
//! interface binary as `bin/iface-website`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use iface_sim::process::{HookProcess, ProcessModel};
use iface_sim::{Bag, Deployment, HookRelation};

const UNIT: &str = "shell-charm/0";
const RELATION: u32 = 1;

fn iface_binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_iface-website"))
}

fn source_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn deployment() -> Deployment {
    let mut model = Deployment::new("test");
    model.add_unit(UNIT, "10.0.0.1");
    model.set_leader(UNIT);
    model.add_unit("haproxy/0", "10.0.0.2");
    model.add_unit("haproxy/1", "10.0.0.3");
    model
        .applications
        .get_mut("shell-charm")
        .unwrap()
        .config
        .insert("port".into(), 8080.into());
    model
        .add_relation(
            RELATION,
            ("shell-charm", "website"),
            ("haproxy", "reverseproxy"),
        )
        .members
        .insert(UNIT.to_owned());
    model
}

/// A deployment on disk and the unit's charm directory: this charm's
/// files, and the interface binary linked as `bin/iface-website` unless
/// `link_binary` is false.
struct World {
    model: ProcessModel,
    _dir: tempfile::TempDir,
}

fn world(link_binary: bool) -> World {
    let dir = tempfile::tempdir().unwrap();
    let model = ProcessModel::beside(dir.path(), iface_binary(), &deployment()).unwrap();
    let charm_dir = model.charm_dir(UNIT);
    for sub in ["hooks", "lib", "bin"] {
        fs::create_dir_all(charm_dir.join(sub)).unwrap();
    }
    for file in ["metadata.yaml", "config.yaml"] {
        fs::copy(source_dir().join(file), charm_dir.join(file)).unwrap();
    }
    for sub in ["hooks", "lib"] {
        for entry in fs::read_dir(source_dir().join(sub)).unwrap() {
            let entry = entry.unwrap();
            // fs::copy keeps the permission bits: the hooks stay executable.
            fs::copy(entry.path(), charm_dir.join(sub).join(entry.file_name())).unwrap();
        }
    }
    if link_binary {
        std::os::unix::fs::symlink(iface_binary(), charm_dir.join("bin/iface-website")).unwrap();
    }
    World { model, _dir: dir }
}

impl World {
    /// Runs `hooks/<hook>` (bash) with `env` on top of the hook
    /// environment.
    fn hook(
        &self,
        hook: &str,
        relation: Option<HookRelation>,
        env: &[(&str, &str)],
    ) -> HookProcess {
        let script = self.model.charm_dir(UNIT).join("hooks").join(hook);
        self.model
            .run_hook(&script, UNIT, hook, relation, env)
            .unwrap()
    }

    /// Runs `hooks/<hook>` and insists it exited 0.
    fn ok(&self, hook: &str, relation: Option<HookRelation>) {
        let run = self.hook(hook, relation, &[]);
        assert!(
            run.success(),
            "{hook} exited {:?}:\n{}",
            run.code(),
            run.stderr()
        );
    }

    /// The flags set, as `iface-website get-flags` lists them.
    fn flags(&self) -> Vec<String> {
        let run = Command::new(iface_binary())
            .arg("get-flags")
            .env_clear()
            .env("CHARM_DIR", self.model.charm_dir(UNIT))
            .output()
            .unwrap();
        assert!(run.status.success(), "{}", text(&run.stderr));
        text(&run.stdout).lines().map(str::to_owned).collect()
    }

    /// What this unit has published on the relation.
    fn published(&self) -> Bag {
        self.model.deployment().unwrap().relations[&RELATION]
            .unit_data
            .get(UNIT)
            .cloned()
            .unwrap_or_default()
    }

    fn status(&self) -> (String, String) {
        let status = self.model.deployment().unwrap().units[UNIT]
            .status
            .clone()
            .unwrap_or_default();
        (status.status, status.message)
    }

    fn join(&self, unit: &str) {
        self.model
            .update(|d| {
                d.relations
                    .get_mut(&RELATION)
                    .unwrap()
                    .members
                    .insert(unit.to_owned());
            })
            .unwrap();
        for hook in ["website-relation-joined", "website-relation-changed"] {
            self.ok(hook, Some(remote(unit, false)));
        }
    }

    fn depart(&self, unit: &str) {
        self.model
            .update(|d| {
                d.relations.get_mut(&RELATION).unwrap().members.remove(unit);
            })
            .unwrap();
        self.ok("website-relation-departed", Some(remote(unit, true)));
    }
}

fn remote(unit: &str, departing: bool) -> HookRelation {
    HookRelation {
        id: RELATION,
        remote_unit: Some(unit.to_owned()),
        remote_app: Some("haproxy".to_owned()),
        departing_unit: departing.then(|| unit.to_owned()),
    }
}

fn pairs(bag: &Bag) -> Vec<(&str, &str)> {
    bag.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// The whole life of the relation, hook by hook: the interface raises and
/// keeps `website.available` while any client is left, the bash hook
/// publishes the configured port through `relation-call`, and the unit's
/// status follows.
#[test]
fn bash_hooks_drive_the_http_interface_through_its_command_line() {
    let world = world(true);

    world.ok("install", None);
    assert_eq!(world.flags(), strings(&["shell.installed"]));
    assert_eq!(
        world.status(),
        ("waiting".into(), "waiting for a website client".into())
    );

    world.join("haproxy/0");
    assert_eq!(
        world.flags(),
        strings(&["shell.installed", "website.available"])
    );
    assert_eq!(
        pairs(&world.published()),
        [("hostname", "10.0.0.1"), ("port", "8080")]
    );
    assert_eq!(
        world.status(),
        ("active".into(), "serving on port 8080".into())
    );

    world.join("haproxy/1");
    world
        .model
        .update(|d| {
            d.applications
                .get_mut("shell-charm")
                .unwrap()
                .config
                .insert("port".into(), 9090.into());
        })
        .unwrap();
    world.ok("config-changed", None);
    assert_eq!(world.published()["port"], "9090");
    assert_eq!(
        world.status(),
        ("active".into(), "serving on port 9090".into())
    );

    // One client leaves: the flag stays while the other remains.
    world.depart("haproxy/0");
    assert!(world.flags().contains(&"website.available".to_owned()));
    assert_eq!(
        world.status(),
        ("active".into(), "serving on port 9090".into())
    );

    world.depart("haproxy/1");
    assert_eq!(world.flags(), strings(&["shell.installed"]));
    assert_eq!(
        world.status(),
        ("waiting".into(), "waiting for a website client".into())
    );
    world.ok("website-relation-broken", Some(remote("", false)));
    assert_eq!(world.flags(), strings(&["shell.installed"]));
}

/// A value the interface rejects fails the hook (exit 2, `set -e`) with
/// the CLI's one-line error, and Juju drops that hook's relation writes.
#[test]
fn a_rejected_interface_call_fails_the_hook() {
    let world = world(true);
    world.ok("install", None);
    world.join("haproxy/0");
    world
        .model
        .update(|d| {
            d.applications
                .get_mut("shell-charm")
                .unwrap()
                .config
                .insert("port".into(), "eighty; touch pwned".into());
        })
        .unwrap();
    let run = world.hook("config-changed", None, &[]);
    assert_eq!(run.code(), Some(2), "{}", run.stderr());
    assert_eq!(
        run.stderr().trim(),
        "ERROR argument `port` (u16): key `port`: expected u16, found \"eighty; touch pwned\""
    );
    assert!(
        !world.model.charm_dir(UNIT).join("pwned").exists(),
        "data is never run as shell"
    );
    assert_eq!(world.published()["port"], "8080");
}

/// The hooks find the binary through `$IFACE_BIN` when it is set, and a
/// missing binary fails the hook at once rather than skipping the
/// interface.
#[test]
fn the_binary_comes_from_iface_bin_or_the_charm_directory() {
    let world = world(false);
    let missing = world.hook("install", None, &[]);
    assert_eq!(missing.code(), Some(127), "{}", missing.stderr());
    assert!(
        missing.stderr().contains("bin/iface-website"),
        "{}",
        missing.stderr()
    );

    let binary = iface_binary().to_str().unwrap();
    let run = world.hook("install", None, &[("IFACE_BIN", binary)]);
    assert!(run.success(), "{}", run.stderr());
    assert_eq!(world.flags(), strings(&["shell.installed"]));
}

/// Every hook the interface handles has a hook file, and every hook file
/// is an executable bash script with `set -euo pipefail` that parses.
#[test]
fn the_hook_files_cover_the_interface_and_are_strict_bash() {
    let hooks = Command::new(iface_binary()).arg("hooks").output().unwrap();
    assert!(hooks.status.success());
    let hooks_dir = source_dir().join("hooks");
    for hook in text(&hooks.stdout).lines() {
        assert!(hooks_dir.join(hook).exists(), "no hooks/{hook}");
    }
    let files: Vec<PathBuf> = fs::read_dir(&hooks_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 7, "{files:?}");
    for file in files {
        let source = fs::read_to_string(&file).unwrap();
        assert!(
            source.starts_with("#!/usr/bin/env bash\nset -euo pipefail\n"),
            "{}",
            file.display()
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = fs::metadata(&file).unwrap().permissions().mode();
            assert_eq!(mode & 0o111, 0o111, "{} is not executable", file.display());
        }
        let parsed = Command::new("bash").arg("-n").arg(&file).output().unwrap();
        assert!(
            parsed.status.success(),
            "{}: {}",
            file.display(),
            text(&parsed.stderr)
        );
    }
}
