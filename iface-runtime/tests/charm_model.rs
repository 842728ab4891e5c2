//! The charm model's runtime against scripted hook tools: config and
//! leadership asked at most once and only when needed, what only the
//! leader may do refused before any tool runs, addresses, ports, and bad
//! tool output as typed errors.

use std::collections::BTreeSet;
use std::sync::Arc;

use iface_runtime::Error;
use iface_runtime::config::{
    CharmConfig, ConfigValues, OptionDecl, OptionType, optional, required,
};
use iface_runtime::conversation::Conversation;
use iface_runtime::conversation::state::ConversationState;
use iface_runtime::ports::Port;
use iface_runtime::relation::{FromSession, Unit};
use iface_runtime::session::Session;
use iface_runtime::store::Store;
use iface_runtime::tools::Status;
use iface_sim::{HookEnv, Scripted};
use tempfile::TempDir;

/// What `charm!` generates from a config.yaml with `port` (int, default
/// 80) and `name` (string, no default), written by hand.
#[derive(Debug, PartialEq)]
struct Config {
    port: i64,
    name: Option<String>,
}

impl CharmConfig for Config {
    const OPTIONS: &'static [OptionDecl] = &[
        OptionDecl {
            name: "port",
            kind: OptionType::Int,
            default: Some("80"),
            description: "",
        },
        OptionDecl {
            name: "name",
            kind: OptionType::String,
            default: None,
            description: "",
        },
    ];

    fn from_values(values: &ConfigValues) -> iface_runtime::Result<Self> {
        Ok(Config {
            port: required(values, "port")?,
            name: optional(values, "name")?,
        })
    }
}

/// A session of haproxy/0 in `dir` for hook `hook` (of relation
/// `website:1` when it is a relation hook), over `tools`.
fn session(dir: &TempDir, hook: &str, tools: &Arc<Scripted>) -> Session {
    let mut env = HookEnv::new("haproxy/0", dir.path(), hook);
    if hook.contains("-relation-") {
        env = env.relation("website:1", Some("django/0"));
    }
    let store = Store::open(&dir.path().join(".unit-state.db")).unwrap();
    Session::new(env.context().unwrap(), Box::new(Arc::clone(tools)), store)
}

fn scripted(answers: &[(&'static str, &str)]) -> Arc<Scripted> {
    Arc::new(answers.iter().fold(Scripted::new(), |tools, (tool, out)| {
        tools.answer(tool, 0, out)
    }))
}

#[test]
fn config_is_read_once_per_hook_and_typed() {
    let dir = tempfile::tempdir().unwrap();
    let tools = scripted(&[("config-get", r#"{"port":8080.0}"#)]);
    let mut s = session(&dir, "config-changed", &tools);
    let config: Config = s.config().unwrap();
    assert_eq!(
        config,
        Config {
            port: 8080,
            name: None
        }
    );
    let _: Config = s.config().unwrap();
    assert_eq!(tools.tools_called(), ["config-get"]);
}

#[test]
fn a_config_value_of_the_wrong_type_is_an_error_naming_the_option() {
    let dir = tempfile::tempdir().unwrap();
    for (output, message) in [
        (
            r#"{"port":"eighty"}"#,
            r#"config option `port`: expected int, found "eighty""#,
        ),
        (
            r#"{"port":80.5}"#,
            "config option `port`: expected int, found 80.5",
        ),
        (
            r#"{"port":80,"name":7}"#,
            "config option `name`: expected string, found 7",
        ),
        (
            r#"{"name":"x"}"#,
            "config option `port`: config-get gave no value for it, though it has a default (int)",
        ),
    ] {
        let tools = scripted(&[("config-get", output)]);
        let error = session(&dir, "config-changed", &tools)
            .config::<Config>()
            .unwrap_err();
        assert!(matches!(error, Error::Config { .. }), "{error:?}");
        assert_eq!(error.to_string(), message);
    }
}

#[test]
fn leadership_is_asked_once_and_bad_output_is_a_typed_error() {
    let dir = tempfile::tempdir().unwrap();
    let tools = scripted(&[("is-leader", "true")]);
    let mut s = session(&dir, "update-status", &tools);
    assert!(s.is_leader().unwrap());
    assert!(s.is_leader().unwrap());
    assert_eq!(tools.tools_called(), ["is-leader"]);

    let tools = scripted(&[("is-leader", "yes")]);
    let error = session(&dir, "update-status", &tools)
        .is_leader()
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        r#"`is-leader --format=json` printed unexpected output (expected value at line 1 column 1): "yes""#
    );
}

#[test]
fn a_non_leader_cannot_write_the_application_bag_and_no_relation_tool_runs() {
    let dir = tempfile::tempdir().unwrap();
    let tools = scripted(&[("is-leader", "false")]);
    let mut s = session(&dir, "website-relation-changed", &tools);
    let state = ConversationState::new("website:1", "django/0");
    let error = Conversation::new(&mut s, state)
        .set_remote_app(
            &[("password", "s3cret")]
                .into_iter()
                .collect::<std::collections::BTreeMap<_, _>>(),
        )
        .unwrap_err();
    assert!(matches!(error, Error::NotLeader { .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        "only the leader may write the application bag of website:1, and this unit is not the leader"
    );
    assert_eq!(tools.tools_called(), ["is-leader"]);
}

#[test]
fn application_status_from_a_non_leader_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let tools = scripted(&[("is-leader", "false")]);
    let mut s = session(&dir, "update-status", &tools);
    let cell = core::cell::RefCell::new(&mut s);
    let unit = Unit::from_session(&cell, &[]).unwrap();
    let error = unit.app_status(Status::Active, "ready").unwrap_err();
    assert_eq!(
        error.to_string(),
        "only the leader may set the application status, and this unit is not the leader"
    );
    assert_eq!(tools.tools_called(), ["is-leader"]);
}

#[test]
fn the_address_comes_from_network_get_and_without_one_is_a_typed_error() {
    let dir = tempfile::tempdir().unwrap();
    let full = r#"{"bind-addresses":[{"interface-name":"eth0","addresses":[{"value":"10.0.0.5","cidr":"10.0.0.0/24"}]}],"egress-subnets":["10.0.0.5/32"],"ingress-addresses":["10.0.0.5"]}"#;
    let tools = scripted(&[("network-get", full)]);
    let mut s = session(&dir, "update-status", &tools);
    assert_eq!(s.ingress_address("website").unwrap(), "10.0.0.5");
    assert_eq!(s.ingress_address("website").unwrap(), "10.0.0.5");
    assert_eq!(tools.tools_called(), ["network-get"]);

    let tools = scripted(&[("network-get", r#"{"bind-addresses":[]}"#)]);
    let error = session(&dir, "update-status", &tools)
        .ingress_address("website")
        .unwrap_err();
    assert!(
        error.to_string().contains("it names no ingress address"),
        "{error}"
    );
}

#[test]
fn ports_are_read_once_then_remembered_once_juju_agrees() {
    let dir = tempfile::tempdir().unwrap();
    let wanted: BTreeSet<Port> = [Port::tcp(80), Port::tcp(443)].into();
    // Juju has 80 open: the hook reads that and opens 443.
    let tools = scripted(&[("opened-ports", r#"["80/tcp"]"#), ("open-port", "")]);
    let mut s = session(&dir, "config-changed", &tools);
    s.change_ports(|open| *open = wanted.clone()).unwrap();
    s.commit().unwrap();
    assert_eq!(tools.tools_called(), ["opened-ports", "open-port"]);
    assert_eq!(tools.calls()[1].args, ["443/tcp"]);
    // The next hook confirms the change with one read...
    let tools = scripted(&[("opened-ports", r#"["443/tcp","80/tcp"]"#)]);
    let mut s = session(&dir, "config-changed", &tools);
    s.change_ports(|open| *open = wanted.clone()).unwrap();
    s.commit().unwrap();
    assert_eq!(tools.tools_called(), ["opened-ports"]);
    // ...and from then on wanting the same calls nothing.
    let tools = scripted(&[]);
    let mut s = session(&dir, "config-changed", &tools);
    s.change_ports(|open| *open = wanted.clone()).unwrap();
    s.commit().unwrap();
    assert_eq!(tools.tools_called(), Vec::<&str>::new());
}

#[test]
fn opened_ports_output_that_is_not_ports_is_a_typed_error() {
    let dir = tempfile::tempdir().unwrap();
    let tools = scripted(&[("opened-ports", r#"["http"]"#)]);
    let error = session(&dir, "config-changed", &tools)
        .change_ports(BTreeSet::clear)
        .unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("`opened-ports --format=json` printed unexpected output"),
        "{error}"
    );
    assert!(
        error.to_string().contains(r#""http" is not a port"#),
        "{error}"
    );
}
