//! Actions through the one runner, against scripted hook tools: typed
//! parameters, flattened results checked before `action-set`, and every
//! failure reported with `action-fail` with nothing committed.

use std::collections::BTreeMap;
use std::sync::Arc;

use iface_runtime::action::{
    ActionDecl, ActionParams, ActionResults, BoundAction, ParamDecl, ParamType, ParamValues, param,
    required_param, results,
};
use iface_runtime::charm::Charm;
use iface_runtime::dispatch::FlagPhaseOptions;
use iface_runtime::runner::{Outcome, run_event};
use iface_runtime::session::Session;
use iface_runtime::store::Store;
use iface_sim::{HookEnv, Scripted};
use serde::Serialize;

/// What `charm!` generates for an action `backup` with a required string
/// `dest`, an optional integer `keep` and `additionalProperties: false`,
/// written by hand.
#[derive(Debug, PartialEq)]
struct BackupParams {
    dest: String,
    keep: Option<i64>,
}

impl ActionParams for BackupParams {
    const ACTION: &'static str = "backup";
    const PARAMS: &'static [ParamDecl] = &[
        ParamDecl {
            name: "dest",
            kind: Some(ParamType::String),
            required: true,
            description: "",
        },
        ParamDecl {
            name: "keep",
            kind: Some(ParamType::Integer),
            required: false,
            description: "",
        },
    ];
    const CLOSED: bool = true;

    fn from_values(values: &ParamValues) -> iface_runtime::Result<Self> {
        Ok(BackupParams {
            dest: required_param(values, "dest", Some(ParamType::String))?,
            keep: param(values, "keep", Some(ParamType::Integer))?,
        })
    }
}

#[derive(Serialize)]
struct Stats {
    files: u32,
    #[serde(rename = "total-bytes")]
    total_bytes: u64,
}

#[derive(Serialize)]
struct BackupResults {
    path: String,
    kept: Option<i64>,
    stats: Stats,
}

/// The handler `#[action]` would wrap: it records a flag (to show a failed
/// action commits nothing) and returns results, or the results `BAD_KEY`
/// when `dest` asks for it.
fn backup(session: &mut Session) -> iface_runtime::Result<ActionResults> {
    let params: BackupParams = session.action_params()?;
    session.set_flag("backed-up")?;
    if params.dest == "bad-key" {
        return results(&BTreeMap::from([("Bad_Key", 1)]));
    }
    results(&BackupResults {
        path: format!("{}/backup.tar", params.dest),
        kept: params.keep,
        stats: Stats {
            files: 3,
            total_bytes: 1024,
        },
    })
}

static BACKUP: ActionDecl = ActionDecl {
    name: "backup",
    param_types: &["BackupParams"],
    needs_leader: || false,
    run: backup,
};

static CHARM: Charm = Charm {
    name: "db",
    endpoints: &[],
    subordinate: false,
    scopes: &[],
    storage: &[],
    containers: &[],
    config: &[],
    relations: &[],
    actions: &[BoundAction {
        action: "backup",
        params: BackupParams::PARAMS,
        description: "Back the database up.",
        handler: &BACKUP,
    }],
    handlers: &[],
};

/// Runs action `name` of `CHARM` with `action-get` printing `params`.
fn run(name: &str, params: &str) -> (Outcome, Arc<Scripted>, Option<serde_json::Value>) {
    let dir = tempfile::tempdir().unwrap();
    let tools = Arc::new(
        Scripted::new()
            .answer("action-get", 0, params)
            .answer("action-set", 0, "")
            .answer("action-fail", 0, ""),
    );
    let context = HookEnv::action("db/0", dir.path(), name).context().unwrap();
    let path = dir.path().join(".unit-state.db");
    let outcome = run_event(
        &CHARM,
        context,
        Box::new(Arc::clone(&tools)),
        &path,
        &FlagPhaseOptions::default(),
    )
    .unwrap();
    let flag = Store::open(&path)
        .unwrap()
        .get("reactive.states.backed-up")
        .unwrap();
    (outcome, tools, flag)
}

#[test]
fn valid_parameters_give_flattened_results_and_commit() {
    let (outcome, tools, flag) = run("backup", r#"{"dest":"/srv","keep":2.0}"#);
    assert!(matches!(outcome, Outcome::Ran(_)), "{outcome:?}");
    assert_eq!(tools.tools_called(), ["action-get", "action-set"]);
    assert_eq!(
        tools.calls()[1].args,
        [
            "kept=2",
            "path=/srv/backup.tar",
            "stats.files=3",
            "stats.total-bytes=1024"
        ]
    );
    assert!(flag.is_some(), "the action's flag was committed");
}

#[test]
fn each_bad_parameter_fails_the_action_naming_it_and_commits_nothing() {
    for (params, message) in [
        (
            r"{}",
            "handler `backup`: parameter `dest`: is required and was not given",
        ),
        (
            r#"{"dest":7}"#,
            "handler `backup`: parameter `dest`: expected string, found 7",
        ),
        (
            r#"{"dest":"/srv","keep":"two"}"#,
            r#"handler `backup`: parameter `keep`: expected integer, found "two""#,
        ),
        (
            r#"{"dest":"/srv","compress":true}"#,
            "handler `backup`: parameter `compress`: is not a parameter of this action; expected one of `dest`, `keep`",
        ),
        (
            r#"{"dest":"bad-key"}"#,
            r#"handler `backup`: result key "Bad_Key" must be lowercase letters and digits, with inner hyphens"#,
        ),
        (
            "[1]",
            "handler `backup`: `action-get --format=json` printed unexpected output (invalid type: sequence, expected a map at line 1 column 0): \"[1]\"",
        ),
    ] {
        let (outcome, tools, flag) = run("backup", params);
        assert!(
            matches!(&outcome, Outcome::ActionFailed(m) if m == message),
            "{params}: {outcome:?}"
        );
        assert_eq!(tools.calls().last().unwrap().args, ["--", message]);
        assert!(!tools.tools_called().contains(&"action-set"), "{params}");
        assert_eq!(flag, None, "{params}: nothing committed");
    }
}

#[test]
fn an_action_the_charm_does_not_have_fails_saying_so() {
    let (outcome, tools, _) = run("restore", "{}");
    assert!(
        matches!(&outcome, Outcome::ActionFailed(m) if m == "the db charm has no action `restore`"),
        "{outcome:?}"
    );
    assert_eq!(tools.tools_called(), ["action-fail"]);
}

#[test]
fn action_get_output_not_of_the_schemas_shape_is_a_typed_error_naming_the_param() {
    for (params, param, reason) in [
        (r"{}", "dest", "is required and was not given"),
        (
            r#"{"dest":{"path":"/srv"}}"#,
            "dest",
            r#"expected string, found {"path":"/srv"}"#,
        ),
        (
            r#"{"dest":["/srv"]}"#,
            "dest",
            r#"expected string, found ["/srv"]"#,
        ),
        (
            r#"{"dest":"/srv","keep":1.5}"#,
            "keep",
            "expected integer, found 1.5",
        ),
        (
            r#"{"dest":"/srv","keep":true}"#,
            "keep",
            "expected integer, found true",
        ),
        (
            r#"{"dest":"/srv","keep":1e300}"#,
            "keep",
            "expected integer, found 1e+300",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let tools = Arc::new(Scripted::new().answer("action-get", 0, params));
        let context = HookEnv::action("db/0", dir.path(), "backup")
            .context()
            .unwrap();
        let store = Store::open(&dir.path().join(".unit-state.db")).unwrap();
        let mut session = Session::new(context, Box::new(Arc::clone(&tools)), store);
        let error = session.action_params::<BackupParams>().unwrap_err();
        assert!(
            matches!(
                &error,
                iface_runtime::Error::ActionParam { param: p, reason: r } if p == param && r == reason
            ),
            "{params}: {error:?}"
        );
    }
}
