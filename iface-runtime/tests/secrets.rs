//! Secrets against scripted hook tools: content checked as Juju checks it
//! and passed in private files, never in argv, logs or errors; leadership
//! and the Juju version checked before any tool runs; secret URIs as typed
//! relation data.

use std::cell::Cell;
use std::ffi::OsString;
use std::sync::Arc;

use iface_runtime::Error;
use iface_runtime::context::HookContext;
use iface_runtime::data::{from_bag, to_bag};
use iface_runtime::relation::SessionCell;
use iface_runtime::secret::{
    Revision, SecretContent, SecretContentError, SecretMeta, SecretOwner, SecretRef, SecretUri,
    Secrets,
};
use iface_runtime::session::Session;
use iface_runtime::store::Store;
use iface_runtime::tools::HookTools;
use iface_sim::{Deployment, HookEnv, InMemoryTools, Scripted, run_tool};
use serde::{Deserialize, Serialize};
use tempfile::TempDir;

const URI: &str = "secret://9a7c1e8a-2f3d-4b5c-8d9e-0f1a2b3c4d5e/cs7hl4bvdddc7ubfcm7g";

fn session(dir: &TempDir, juju: &str, unit: &str, tools: Box<dyn HookTools>) -> Session {
    let env = HookEnv::new(unit, dir.path(), "config-changed").set("JUJU_VERSION", juju);
    let store = Store::open(&dir.path().join(".unit-state.db")).unwrap();
    Session::new(env.context().unwrap(), tools, store)
}

/// Runs `f` with the secrets of `unit` in a `config-changed` hook over
/// `tools`.
fn with_tools<T>(
    juju: &str,
    unit: &str,
    tools: Box<dyn HookTools>,
    f: impl FnOnce(&Secrets<'_>) -> T,
) -> T {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(&dir, juju, unit, tools);
    let cell: SessionCell<'_> = core::cell::RefCell::new(&mut s);
    f(&Secrets::new(&cell))
}

fn with_secrets<T>(juju: &str, tools: &Arc<Scripted>, f: impl FnOnce(&Secrets<'_>) -> T) -> T {
    with_tools(juju, "db/0", Box::new(Arc::clone(tools)), f)
}

/// The simulator's fake tools over a model where `db/0` leads `db` (and
/// `db/1` does not) and has added the application secret it returns, in a
/// hook of `unit` that has just begun.
fn fake_tools_with_a_secret(unit: &str) -> (Arc<InMemoryTools>, SecretUri) {
    let mut d = Deployment::new("test");
    d.add_unit("db/0", "10.0.0.1");
    d.add_unit("db/1", "10.0.0.2");
    d.set_leader("db/0");
    d.begin_hook("db/0", "install", None);
    let out = run_tool(
        &mut d,
        "secret-add",
        &["password=s3cret".to_owned()],
        &mut "".as_bytes(),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let uri = String::from_utf8(out.stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert_eq!(d.end_hook(true).commit_error, None);
    d.begin_hook(unit, "config-changed", None);
    (Arc::new(InMemoryTools::new(d)), uri)
}

fn content() -> SecretContent {
    SecretContent::new([("password", "s3cret"), ("user-name", "admin")]).unwrap()
}

#[test]
fn content_is_checked_as_juju_checks_it() {
    let bad = |pairs: Vec<(&str, String)>| SecretContent::new(pairs).unwrap_err();
    assert_eq!(bad(vec![]), SecretContentError::Empty);
    for key in [
        "pw",
        "Password",
        "1abc",
        "pass--word",
        "pass-",
        "pass_word",
        "",
    ] {
        assert_eq!(
            bad(vec![(key, "x".into())]),
            SecretContentError::Key(key.into()),
            "{key}"
        );
    }
    assert_eq!(
        bad(vec![("big", "x".repeat(8 * 1024 + 1))]),
        SecretContentError::ValueTooLarge("big".into(), 8 * 1024 + 1)
    );
    let many: Vec<(String, String)> = (0..9)
        .map(|n| (format!("key{n}"), "x".repeat(8 * 1024)))
        .collect();
    assert_eq!(
        SecretContent::new(many).unwrap_err(),
        SecretContentError::TooLarge(9 * 8 * 1024)
    );
    assert_eq!(
        bad(vec![("empty", String::new())]),
        SecretContentError::EmptyValue("empty".into())
    );
    // Debug shows keys, never values.
    assert_eq!(format!("{:?}", content()), r#"{"password", "user-name"}"#);
}

#[test]
fn adding_passes_values_in_private_files_that_are_gone_afterwards() {
    let tools = Arc::new(Scripted::new().answer("is-leader", 0, "true").answer(
        "secret-add",
        0,
        &format!("{URI}\n"),
    ));
    let meta = SecretMeta {
        label: Some("db-pass".into()),
        ..SecretMeta::default()
    };
    let uri = with_secrets("3.6.4", &tools, |s| s.add(&content(), &meta)).unwrap();
    assert_eq!(uri.to_string(), URI);
    let call = tools
        .calls()
        .into_iter()
        .find(|c| c.tool == "secret-add")
        .unwrap();
    assert_eq!(
        call.args[..3],
        ["--owner", "application", "--label=db-pass"]
    );
    let files: Vec<&str> = call.args[3..].iter().map(String::as_str).collect();
    assert!(files[0].starts_with("password#file=") && files[1].starts_with("user-name#file="));
    assert!(
        !call
            .args
            .iter()
            .any(|a| a.contains("s3cret") || a.contains("admin"))
    );
    let path = files[0].split_once('=').unwrap().1;
    assert!(
        !std::path::Path::new(path).exists(),
        "the value file is removed"
    );
}

#[test]
fn an_application_secret_from_a_non_leader_is_refused_before_any_secret_tool() {
    let tools = Arc::new(Scripted::new().answer("is-leader", 0, "false"));
    let error = with_secrets("3.6.4", &tools, |s| {
        s.add(&content(), &SecretMeta::default())
    })
    .unwrap_err();
    assert!(matches!(error, Error::NotLeader { .. }), "{error:?}");
    assert_eq!(tools.tools_called(), ["is-leader"]);
    // A unit-owned one needs no leadership.
    let tools = Arc::new(Scripted::new().answer("secret-add", 0, URI));
    let unit = SecretMeta {
        owner: SecretOwner::Unit,
        ..SecretMeta::default()
    };
    with_secrets("3.6.4", &tools, |s| s.add(&content(), &unit)).unwrap();
    assert_eq!(tools.tools_called(), ["secret-add"]);
}

#[test]
fn a_juju_without_secrets_is_refused_naming_its_version() {
    let tools = Arc::new(Scripted::new());
    let uri: SecretUri = URI.parse().unwrap();
    let error = with_secrets("3.0.2", &tools, |s| s.get(SecretRef::Uri(&uri))).unwrap_err();
    assert_eq!(
        error.to_string(),
        "secrets need Juju 3.0.3 or later, and this unit runs Juju 3.0.2"
    );
    assert!(tools.tools_called().is_empty());
}

#[test]
fn the_juju_version_is_read_once_with_the_context_and_every_check_uses_it() {
    let dir = tempfile::tempdir().unwrap();
    let env = HookEnv::new("db/0", dir.path(), "config-changed").set("JUJU_VERSION", "3.0.2");
    let reads = Cell::new(0);
    let counting = |name: &str| {
        if name == "JUJU_VERSION" {
            reads.set(reads.get() + 1);
        }
        env.vars()
            .iter()
            .find(|(var, _)| var == name)
            .map(|(_, value)| OsString::from(value))
    };
    let context = HookContext::from_env_any(&counting, None).unwrap();
    assert_eq!(reads.get(), 1);
    let tools = Arc::new(Scripted::new());
    let store = Store::open(&dir.path().join(".unit-state.db")).unwrap();
    let mut s = Session::new(context, Box::new(Arc::clone(&tools)), store);
    let cell: SessionCell<'_> = core::cell::RefCell::new(&mut s);
    let secrets = Secrets::new(&cell);
    let uri: SecretUri = URI.parse().unwrap();
    for _ in 0..3 {
        let error = secrets.get(SecretRef::Uri(&uri)).unwrap_err();
        assert!(
            matches!(&error, Error::JujuTooOld { version, since, .. } if version == "3.0.2" && since == "3.0.3"),
            "{error:?}"
        );
    }
    assert_eq!(reads.get(), 1, "JUJU_VERSION was read again");
    assert!(tools.tools_called().is_empty());
}

#[test]
fn reading_gives_the_content_and_bad_output_never_quotes_it() {
    let uri: SecretUri = URI.parse().unwrap();
    let tools = Arc::new(Scripted::new().answer("secret-get", 0, r#"{"password":"s3cret"}"#));
    let got = with_secrets("4.0.1", &tools, |s| {
        s.read(SecretRef::Uri(&uri), Revision::Refresh)
    })
    .unwrap();
    assert_eq!(got.get("password"), Some("s3cret"));
    assert_eq!(tools.calls()[0].args, ["--format=json", URI, "--refresh"]);

    let tools = Arc::new(Scripted::new().answer("secret-get", 0, r#"{"password":["s3cret"]}"#));
    let error = with_secrets("3.6.4", &tools, |s| s.get(SecretRef::Label("db-pass")))
        .unwrap_err()
        .to_string();
    assert!(!error.contains("s3cret"), "{error}");
    assert!(error.contains("bytes withheld"), "{error}");
    // Juju 4's shorter text is not found too.
    let tools = Arc::new(Scripted::new().answer("secret-get", 1, "ERROR secret not found"));
    let error = with_secrets("4.0.1", &tools, |s| s.get(SecretRef::Label("db-pass"))).unwrap_err();
    assert!(
        matches!(&error, Error::SecretNotFound { secret } if secret == "label \"db-pass\""),
        "{error:?}"
    );
}

#[test]
fn reading_a_removed_secret_is_a_typed_not_found_naming_it() {
    let (tools, uri) = fake_tools_with_a_secret("db/0");
    let run = |f: &dyn Fn(&Secrets<'_>) -> iface_runtime::Result<()>| {
        let tools: Box<dyn HookTools> = Box::new(Arc::clone(&tools));
        with_tools("3.6.4", "db/0", tools, |s| f(s))
    };
    run(&|s| s.remove(&uri, None)).unwrap();
    let mut d = tools.deployment();
    assert_eq!(d.end_hook(true).commit_error, None);
    assert!(d.secrets.is_empty());
    d.begin_hook("db/0", "update-status", None);
    drop(d);
    let error = run(&|s| s.get(SecretRef::Uri(&uri)).map(drop)).unwrap_err();
    assert!(
        matches!(&error, Error::SecretNotFound { secret } if *secret == uri.to_string()),
        "{error:?}"
    );
    assert_eq!(error.to_string(), format!("secret {uri} not found"));
    let error = run(&|s| s.info(SecretRef::Uri(&uri)).map(drop)).unwrap_err();
    assert!(matches!(error, Error::SecretNotFound { .. }), "{error:?}");
}

#[test]
fn a_secret_this_unit_does_not_own_is_refused_before_anything_is_queued() {
    let (tools, uri) = fake_tools_with_a_secret("db/1");
    let new = SecretContent::new([("password", "n3w")]).unwrap();
    let error = with_tools("3.6.4", "db/1", Box::new(Arc::clone(&tools)), |s| {
        s.set(&uri, &new)
    })
    .unwrap_err();
    assert!(
        matches!(&error, Error::SecretNotOwned { secret, .. } if *secret == uri.to_string()),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        format!(
            "cannot set a new revision of secret {uri}: this unit does not own it, nor lead the application that owns it"
        )
    );
    let mut d = tools.deployment();
    assert_eq!(d.count_calls("secret-ids"), 1);
    assert_eq!(d.count_calls("secret-set"), 0);
    assert!(d.pending.secrets.is_empty());
    // What Juju does with the same call: takes it, then fails the hook at
    // commit, which the charm never sees.
    let args = [uri.to_string(), "password=n3w".to_owned()];
    let out = run_tool(&mut d, "secret-set", &args, &mut "".as_bytes());
    assert_eq!((out.code, out.stderr.as_str()), (Some(0), ""));
    assert_eq!(
        d.end_hook(true).commit_error.as_deref(),
        Some("committing requested changes failed: permission denied")
    );
    // The leader may.
    d.begin_hook("db/0", "config-changed", None);
    drop(d);
    with_tools("3.6.4", "db/0", Box::new(Arc::clone(&tools)), |s| {
        s.set(&uri, &new)
    })
    .unwrap();
    let mut d = tools.deployment();
    assert_eq!(d.end_hook(true).commit_error, None);
    assert_eq!(d.secrets[uri.id()].latest(), 2);
}

#[test]
fn text_that_is_no_secret_uri_is_a_typed_error_naming_it() {
    for bad in [
        "password123",
        "secret:",
        "secret:CS7HL4BVDDDC7UBFCM7G",
        "secret://not a uuid/cs7hl4bvdddc7ubfcm7g",
        "secret://9a7c1e8a-2f3d-4b5c-8d9e-0f1a2b3c4d5e/",
        "http://cs7hl4bvdddc7ubfcm7g",
    ] {
        let parsed = || -> iface_runtime::Result<SecretUri> { Ok(bad.parse::<SecretUri>()?) };
        let error = parsed().unwrap_err();
        assert!(
            matches!(&error, Error::SecretUri(e) if e.input == bad),
            "{bad}: {error:?}"
        );
        assert!(error.to_string().contains("is not a secret URI"), "{error}");
    }
    for good in [URI, "secret:cs7hl4bvdddc7ubfcm7g", "cs7hl4bvdddc7ubfcm7g"] {
        let uri: SecretUri = good.parse().unwrap();
        assert_eq!(uri.id(), "cs7hl4bvdddc7ubfcm7g");
    }
}

/// A secret URI is a typed value an interface can put in its data.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Credentials {
    username: String,
    secret: SecretUri,
}

#[test]
fn secret_uris_travel_as_typed_relation_data() {
    let data = Credentials {
        username: "app".into(),
        secret: URI.parse().unwrap(),
    };
    let bag = to_bag(&data).unwrap();
    assert_eq!(bag["secret"], URI);
    assert_eq!(from_bag::<Credentials>(&bag).unwrap(), data);
    let mut bad = bag.clone();
    bad.insert("secret".into(), "password123".into());
    let error = from_bag::<Credentials>(&bad).unwrap_err().to_string();
    assert!(
        error.contains("key `secret`") && error.contains("is not a secret URI"),
        "{error}"
    );
}
