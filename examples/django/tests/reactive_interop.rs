//! Interop with the real charms.reactive (Python, 1.5.3): one charm
//! directory holds the iface `django` binary and a Python reactive layer,
//! and both run as hook processes under the fake hook tools, sharing one
//! `.unit-state.db`.
//!
//! The first test to need Python installs `charms.reactive==1.5.3` (and
//! `charmhelpers`) from PyPI into `target/tmp/charms-reactive-1.5.3/`, once,
//! with `iface_sim::python::install` (safe when several test binaries race).
//! Without PyPI the tests fail, saying so; they are never skipped.
//!
//! The Python processes get `tests/reactive/site/` first on `PYTHONPATH`:
//! its `sitecustomize.py` makes charmhelpers import on Debian (see there).
//! The Python layers the charms are made of are in `tests/reactive/layers/`.

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use iface_sim::process::{HookProcess, ProcessModel, fake_tools_beside};
use iface_sim::python::PythonPackages;
use iface_sim::{Deployment, HookRelation};

/// The charms.reactive release the tests run against, and its charmhelpers.
const REQUIREMENTS: [&str; 2] = ["charms.reactive==1.5.3", "charmhelpers==1.2.1"];
const INSTALL_DIR: &str = "charms-reactive-1.5.3";
const RELATION: u32 = 1;

fn django() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_django"))
}

fn reactive_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reactive")
}

/// The Python the tests use and where charms.reactive is installed for it.
struct Python(PythonPackages);

impl Python {
    /// The interpreter (`sys.executable` of the `python3` on `PATH`).
    fn executable(&self) -> &Path {
        &self.0.executable
    }

    /// `PYTHONPATH` for a Python hook or command: the Debian patch, then
    /// the installed packages.
    fn path(&self) -> OsString {
        self.0.python_path(&[&reactive_dir().join("site")])
    }

    /// The `charms.reactive` command-line script pip installed.
    fn cli(&self) -> PathBuf {
        self.0.script("charms.reactive")
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Installs charms.reactive on first use (once per machine and target
/// directory) and returns where it is.
fn python() -> &'static Python {
    static PYTHON: OnceLock<Python> = OnceLock::new();
    PYTHON.get_or_init(|| {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR"));
        let packages =
            iface_sim::python::install(root, INSTALL_DIR, &REQUIREMENTS).unwrap_or_else(|e| {
                panic!("the charms.reactive interop tests need {INSTALL_DIR}: {e}")
            });
        if let Some(took) = packages.installed_in {
            eprintln!(
                "installed {} in {:.1} s",
                REQUIREMENTS.join(" "),
                took.as_secs_f64()
            );
        }
        Python(packages)
    })
}

fn deployment(remote_units: &[&str]) -> Deployment {
    let mut model = Deployment::new("test").configured("django", &django_charm::CHARM);
    model.add_unit("django/0", "10.0.0.1");
    model.set_leader("django/0");
    for (i, unit) in remote_units.iter().enumerate() {
        model.add_unit(unit, &format!("10.0.0.{}", i + 2));
    }
    let relation = model.add_relation(RELATION, ("django", "website"), ("haproxy", "reverseproxy"));
    relation.members.insert("django/0".to_owned());
    for (i, unit) in remote_units.iter().enumerate() {
        relation.members.insert((*unit).to_owned());
        // Juju's own key in every unit's bag.
        relation.unit_data.insert(
            (*unit).to_owned(),
            BTreeMap::from([("private-address".to_owned(), format!("10.0.0.{}", i + 2))]),
        );
    }
    model
}

fn joined(unit: &str) -> HookRelation {
    HookRelation::unit(RELATION, unit)
}

/// A charm directory for django/0 made of `metadata.yaml`, the Python
/// `layers` and a Python hook file (charms.reactive's `main()`) per name in
/// `python_hooks`.
fn charm(model: &ProcessModel, layers: &[&str], python_hooks: &[&str]) -> PathBuf {
    let dir = model.charm_dir("django/0");
    fs::create_dir_all(dir.join("hooks")).unwrap();
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("metadata.yaml"),
        dir.join("metadata.yaml"),
    )
    .unwrap();
    for layer in layers {
        copy_tree(&reactive_dir().join("layers").join(layer), &dir);
    }
    let body = fs::read_to_string(reactive_dir().join("hook.py")).unwrap();
    for hook in python_hooks {
        let path = dir.join("hooks").join(hook);
        let shebang = format!("#!{}\n", python().executable().display());
        fs::write(&path, shebang + &body).unwrap();
        make_executable(&path);
    }
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else if entry.path().extension().is_some_and(|e| e == "py") {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[cfg(unix)]
fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt as _;
    fs::set_permissions(path, fs::Permissions::from_mode(0o755)).unwrap();
}

/// Runs the iface binary for `hook` and insists it succeeded.
fn iface_hook(model: &ProcessModel, hook: &str, relation: Option<HookRelation>) {
    let run = model
        .run_hook(django(), "django/0", hook, relation, &[])
        .unwrap();
    assert!(run.success(), "django {hook}: {}", run.stderr());
}

/// Runs the Python hook file `hooks/<hook>` (charms.reactive's `main()`).
fn python_hook(model: &ProcessModel, hook: &str, relation: Option<HookRelation>) -> HookProcess {
    let script = model.charm_dir("django/0").join("hooks").join(hook);
    let python_path = python().path().into_string().expect("a UTF-8 PYTHONPATH");
    let tools = model.tools_dir();
    let path = format!(
        "{}:{}",
        tools.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run = model
        .run_hook(
            &script,
            "django/0",
            hook,
            relation,
            &[
                ("PYTHONPATH", &python_path),
                ("PYTHONDONTWRITEBYTECODE", "1"),
                ("PATH", &path),
            ],
        )
        .unwrap();
    assert!(
        run.success(),
        "python {hook} exited {:?}:\n{}",
        run.code(),
        run.stderr()
    );
    run
}

/// Runs `program ARGS...` as a hook would run a command: the hook
/// environment of `hook` on django/0, the fake tools first on `PATH`.
fn in_hook(
    model: &ProcessModel,
    hook: &str,
    relation: Option<HookRelation>,
    program: &Path,
    args: &[&str],
) -> Output {
    let pythonpath = python().path().into_string().expect("a UTF-8 PYTHONPATH");
    let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    let env = [
        ("PYTHONPATH", pythonpath.as_str()),
        ("PYTHONDONTWRITEBYTECODE", "1"),
    ];
    model
        .run_in_hook(program, &args, "django/0", hook, relation, &env)
        .unwrap()
        .output
}

fn status(model: &ProcessModel) -> (String, String) {
    let status = model.deployment().unwrap().units["django/0"]
        .status
        .clone()
        .unwrap_or_default();
    (status.status, status.message)
}

/// Every row of the unit's `kv` table: key to stored JSON text.
fn kv(path: &Path) -> BTreeMap<String, String> {
    let db = rusqlite::Connection::open(path).unwrap();
    let mut query = db.prepare("SELECT key, data FROM kv").unwrap();
    query
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The store's `CREATE` statements, whitespace squeezed.
fn schema(path: &Path) -> Vec<String> {
    let db = rusqlite::Connection::open(path).unwrap();
    let mut query = db
        .prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
        .unwrap();
    query
        .query_map([], |row| row.get::<_, String>(0))
        .unwrap()
        .map(|sql| {
            let sql = sql.unwrap();
            let words: Vec<&str> = sql.split_whitespace().collect();
            words.join(" ").replace("( ", "(").replace(" )", ")")
        })
        .collect()
}

/// The permission bits of a file.
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn process_model(root: &Path, remote_units: &[&str]) -> ProcessModel {
    let tools = fake_tools_beside(django());
    ProcessModel::create(root, &tools, &deployment(remote_units)).unwrap()
}

/// iface → Python, flags: the flag the iface interface raised in one hook
/// process is what a Python `@when` handler sees in the next one.
#[test]
fn a_flag_iface_sets_fires_a_python_when_handler_in_the_next_hook() {
    let dir = tempfile::tempdir().unwrap();
    let model = process_model(dir.path(), &["haproxy/0"]);
    let charm_dir = charm(&model, &["interface", "interop"], &["update-status"]);

    // Before iface raised it, Python's @when_not handler runs instead.
    python_hook(&model, "update-status", None);
    assert_eq!(
        status(&model),
        (
            "waiting".into(),
            "python waits for website.available".into()
        )
    );
    assert!(!charm_dir.join("python-saw-website.json").exists());

    iface_hook(&model, "website-relation-joined", Some(joined("haproxy/0")));
    python_hook(&model, "update-status", None);
    assert_eq!(
        status(&model),
        ("active".into(), "python sees website.available".into())
    );
    let seen: serde_json::Value =
        serde_json::from_slice(&fs::read(charm_dir.join("python-saw-website.json")).unwrap())
            .unwrap();
    assert_eq!(seen["hook"], "update-status");
    // And iface's own handler had published the port in the joined hook.
    let published = model.deployment().unwrap().relations[&RELATION].unit_data["django/0"].clone();
    assert_eq!(published["port"], "80");
}

/// Python → iface, flags: flags set by a Python handler (with a value) and
/// by the `charms.reactive set_flag` command are set for `django`'s CLI.
#[test]
fn flags_python_sets_are_set_for_the_iface_cli() {
    let dir = tempfile::tempdir().unwrap();
    let model = process_model(dir.path(), &["haproxy/0"]);
    charm(&model, &["interface", "interop"], &["update-status"]);
    let is_set = |flag: &str| {
        in_hook(
            &model,
            "update-status",
            None,
            django(),
            &["is-flag-set", flag],
        )
        .status
        .code()
    };
    assert_eq!(is_set("python.saw-website"), Some(1));

    iface_hook(&model, "website-relation-joined", Some(joined("haproxy/0")));
    python_hook(&model, "update-status", None);
    assert_eq!(is_set("python.saw-website"), Some(0));

    // The charms.reactive command line, run as a shell hook would.
    let python = python();
    let script = python.cli();
    let cli = |args: &[&str]| {
        let mut all = vec![script.to_str().unwrap()];
        all.extend(args);
        let run = in_hook(&model, "update-status", None, python.executable(), &all);
        assert!(run.stderr.is_empty(), "{args:?}: {}", text(&run.stderr));
        run
    };
    assert!(cli(&["set_flag", "python.cli"]).status.success());
    assert!(
        cli(&["set_flag", "python.cli-value", "--value", "8080"])
            .status
            .success()
    );
    assert_eq!(is_set("python.cli"), Some(0));
    assert_eq!(is_set("python.cli-value"), Some(0));

    let flags = in_hook(
        &model,
        "update-status",
        None,
        django(),
        &["--format", "json", "get-flags"],
    );
    assert_eq!(
        text(&flags.stdout).trim(),
        r#"["python.cli","python.cli-value","python.saw-website","website.available"]"#
    );
    // Values as Python stored them: the units the handler saw; the CLI's
    // value arrives as a string (charms.reactive's CLI passes no types).
    let store = kv(&model.store_path("django/0"));
    assert_eq!(
        store["reactive.states.python.saw-website"],
        r#"["haproxy/0"]"#
    );
    assert_eq!(store["reactive.states.python.cli-value"], r#""8080""#);

    // And back: iface clears, Python sees it cleared.
    let cleared = in_hook(
        &model,
        "update-status",
        None,
        django(),
        &["clear-flag", "python.cli"],
    );
    assert!(cleared.status.success());
    let asked = cli(&["is_flag_set", "python.cli"]);
    assert_eq!((asked.status.code(), asked.stdout.len()), (Some(1), 0));
    let asked = cli(&["is_flag_set", "python.cli-value"]);
    assert_eq!((asked.status.code(), asked.stdout.len()), (Some(0), 0));
}

/// iface → Python, conversations: `RelationBase.from_flag` loads the
/// conversation iface stored, with the units iface recorded, and the
/// Python relation class reads the remote data through it.
#[test]
fn python_relation_base_loads_the_conversations_iface_stored() {
    let dir = tempfile::tempdir().unwrap();
    let model = process_model(dir.path(), &["haproxy/0", "haproxy/1"]);
    let charm_dir = charm(&model, &["interface", "interop"], &["update-status"]);

    iface_hook(&model, "website-relation-joined", Some(joined("haproxy/0")));
    iface_hook(&model, "website-relation-joined", Some(joined("haproxy/1")));
    python_hook(&model, "update-status", None);

    let seen: serde_json::Value =
        serde_json::from_slice(&fs::read(charm_dir.join("python-saw-website.json")).unwrap())
            .unwrap();
    assert_eq!(
        seen,
        serde_json::json!({
            "hook": "update-status",
            "class": "HttpProvides",
            "relation_name": "website",
            "conversations": [{
                "key": "reactive.conversations.website.global",
                "namespace": "website",
                "scope": "global",
                "units": ["haproxy/0", "haproxy/1"],
                "remote-address": "10.0.0.2",
            }],
        })
    );

    // charms.reactive's own `relation_call` reaches the same conversation.
    let python = python();
    let call = in_hook(
        &model,
        "update-status",
        None,
        python.executable(),
        &[
            python.cli().to_str().unwrap(),
            "-j",
            "relation_call",
            "--flag",
            "website.available",
            "conversations",
        ],
    );
    assert!(call.status.success(), "{}", text(&call.stderr));
    assert_eq!(text(&call.stdout).trim(), r#"["global"]"#);
}

/// Python → iface, conversations: a conversation and flag written by the
/// Python http layer in a Python hook are what `django relation-call
/// --flag website.available configure` works on.
#[test]
fn iface_relation_call_uses_a_conversation_python_stored() {
    let dir = tempfile::tempdir().unwrap();
    let model = process_model(dir.path(), &["haproxy/0"]);
    charm(&model, &["interface"], &["website-relation-joined"]);

    python_hook(&model, "website-relation-joined", Some(joined("haproxy/0")));
    let call = in_hook(
        &model,
        "website-relation-changed",
        Some(joined("haproxy/0")),
        django(),
        &[
            "relation-call",
            "--flag",
            "website.available",
            "configure",
            "8080",
        ],
    );
    assert!(call.status.success(), "{}", text(&call.stderr));
    let published = model.deployment().unwrap().relations[&RELATION].unit_data["django/0"].clone();
    assert_eq!(published["port"], "8080");
}

/// The same charm in both languages, the same hook: the flag and the
/// conversation are stored as the same bytes. Prints what else differs.
#[test]
fn python_and_iface_store_the_same_bytes_for_the_same_hook() {
    let iface_root = tempfile::tempdir().unwrap();
    let iface_model = process_model(iface_root.path(), &["haproxy/0"]);
    iface_hook(
        &iface_model,
        "website-relation-joined",
        Some(joined("haproxy/0")),
    );

    let python_root = tempfile::tempdir().unwrap();
    let python_model = process_model(python_root.path(), &["haproxy/0"]);
    charm(
        &python_model,
        &["interface", "django-py"],
        &["website-relation-joined"],
    );
    python_hook(
        &python_model,
        "website-relation-joined",
        Some(joined("haproxy/0")),
    );

    let rust = kv(&iface_model.store_path("django/0"));
    let py = kv(&python_model.store_path("django/0"));
    for key in [
        "reactive.states.website.available",
        "reactive.conversations.website.global",
    ] {
        assert_eq!(rust.get(key), py.get(key), "{key}");
    }
    assert_eq!(
        py["reactive.conversations.website.global"],
        r#"{"namespace": "website", "units": ["haproxy/0"], "scope": "global"}"#
    );
    assert_eq!(
        py["reactive.states.website.available"],
        r#"{"relation": "website", "conversations": ["reactive.conversations.website.global"]}"#
    );
    let only = |a: &BTreeMap<String, String>, b: &BTreeMap<String, String>| {
        a.iter()
            .filter(|(k, v)| b.get(*k) != Some(*v))
            .map(|(k, v)| format!("{k} = {v}"))
            .collect::<Vec<_>>()
    };
    // Beyond what Python writes, iface keeps only its own bookkeeping, under
    // `iface.` (its address, what it published, and the relation ids it has
    // seen); Python adds only its dispatcher's (`reactive.dispatch.phase`,
    // `.removed_state`).
    assert_eq!(
        only(&rust, &py),
        [
            r#"iface.address.website = "10.0.0.1""#,
            r#"iface.published.website:1.unit = {"bag": {"hostname": "10.0.0.1", "port": "80"}, "confirmed": false, "by": "website-relation-joined website:1 haproxy/0 -"}"#,
            "iface.relation-ids.website = [\"website:1\"]"
        ]
    );
    let extra = only(&py, &rust);
    eprintln!("only python stored: {extra:#?}");
    assert!(
        extra
            .iter()
            .all(|row| row.starts_with("reactive.dispatch.")),
        "{extra:#?}"
    );

    // The same tables; charmhelpers' CREATE statements keep their source
    // indentation, iface's are one line each.
    assert_eq!(
        schema(&iface_model.store_path("django/0")),
        schema(&python_model.store_path("django/0"))
    );
    // Both keep the store private to the unit's user.
    assert_eq!(mode(&iface_model.store_path("django/0")), 0o600);
    assert_eq!(mode(&python_model.store_path("django/0")), 0o600);

    let bag = |model: &ProcessModel| {
        model.deployment().unwrap().relations[&RELATION].unit_data["django/0"].clone()
    };
    eprintln!(
        "published by iface: {:?}\npublished by python: {:?}",
        bag(&iface_model),
        bag(&python_model)
    );
    assert_eq!(bag(&iface_model)["port"], bag(&python_model)["port"]);
    assert_eq!(
        bag(&iface_model)["hostname"],
        bag(&python_model)["hostname"]
    );
}
