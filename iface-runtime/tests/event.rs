//! Environments to events: every kind of event Juju 3.6 and 4.0 send, the
//! order of the sources that name it, names resolved against metadata, and
//! each malformed or contradictory environment to its one-line error.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt as _;
use std::path::{Path, PathBuf};

use iface_model::hook::{RelationEvent, SecretEvent, StorageEvent, UnitEvent, WorkloadEvent};
use iface_runtime::context::{ContextError, HookContext};
use iface_runtime::event::{
    ActionRun, Declares, Event, EventSource, Notice, RelationHook, SecretHook, StorageHook,
    WorkloadHook,
};
use iface_runtime::names::{RelationId, UnitName};

/// A charm with endpoints `website` and `db`, storage `data` and
/// `db-relation`, and container `workload`.
struct Metadata;

impl Declares for Metadata {
    fn endpoint(&self, name: &str) -> bool {
        matches!(name, "website" | "db" | "juju-info")
    }
    fn storage(&self, name: &str) -> bool {
        matches!(name, "data" | "db-relation")
    }
    fn container(&self, name: &str) -> bool {
        name == "workload"
    }
}

const BASE: &[(&str, &str)] = &[
    ("JUJU_UNIT_NAME", "wordpress/0"),
    (
        "JUJU_CHARM_DIR",
        "/var/lib/juju/agents/unit-wordpress-0/charm",
    ),
    ("JUJU_MODEL_NAME", "prod"),
    ("JUJU_VERSION", "3.6.4"),
];

/// `BASE` with `extra` on top (an empty value unsets nothing: Juju's empty
/// values count as unset anyway).
fn env(extra: &[(&str, &str)]) -> Vec<(String, String)> {
    BASE.iter()
        .chain(extra)
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn parse(extra: &[(&str, &str)], argv0: Option<&str>) -> Result<HookContext, ContextError> {
    HookContext::from_env(&env(extra), argv0.map(OsString::from).as_deref(), &Metadata)
}

fn unit(name: &str) -> UnitName {
    name.parse().unwrap()
}

fn relation(endpoint: &str, kind: RelationEvent, number: u32, remote: Option<&str>) -> Event {
    Event::Relation(RelationHook {
        endpoint: endpoint.to_owned(),
        kind,
        id: RelationId::new(endpoint, number),
        remote_unit: remote.map(unit),
        remote_app: remote.map(|u| unit(u).app().to_owned()),
        departing_unit: None,
    })
}

const WEBSITE_CHANGED: &[(&str, &str)] = &[
    ("JUJU_DISPATCH_PATH", "hooks/website-relation-changed"),
    ("JUJU_RELATION", "website"),
    ("JUJU_RELATION_ID", "website:7"),
    ("JUJU_REMOTE_UNIT", "haproxy/3"),
    ("JUJU_REMOTE_APP", "haproxy"),
];

#[test]
#[expect(clippy::too_many_lines, reason = "a table: one case per kind of event")]
fn every_kind_of_event() {
    let cases: Vec<(Vec<(&str, &str)>, Event)> = vec![
        (
            vec![("JUJU_DISPATCH_PATH", "hooks/install")],
            Event::Unit(UnitEvent::Install),
        ),
        (
            vec![("JUJU_DISPATCH_PATH", "hooks/leader-settings-changed")],
            Event::Unit(UnitEvent::LeaderSettingsChanged),
        ),
        (
            vec![("JUJU_DISPATCH_PATH", "hooks/post-series-upgrade")],
            Event::Unit(UnitEvent::PostSeriesUpgrade),
        ),
        (
            WEBSITE_CHANGED.to_vec(),
            relation("website", RelationEvent::Changed, 7, Some("haproxy/3")),
        ),
        // -created and -broken: no remote unit, the remote application given.
        (
            vec![
                ("JUJU_DISPATCH_PATH", "hooks/db-relation-created"),
                ("JUJU_RELATION", "db"),
                ("JUJU_RELATION_ID", "db:2"),
                ("JUJU_REMOTE_UNIT", ""),
                ("JUJU_REMOTE_APP", "mysql"),
            ],
            Event::Relation(RelationHook {
                remote_app: Some("mysql".into()),
                ..match relation("db", RelationEvent::Created, 2, None) {
                    Event::Relation(hook) => hook,
                    _ => unreachable!(),
                }
            }),
        ),
        // A change of the remote application's bag: no remote unit.
        (
            vec![
                ("JUJU_DISPATCH_PATH", "hooks/website-relation-changed"),
                ("JUJU_RELATION", "website"),
                ("JUJU_RELATION_ID", "website:7"),
                ("JUJU_REMOTE_APP", "haproxy"),
            ],
            Event::Relation(RelationHook {
                remote_app: Some("haproxy".into()),
                ..match relation("website", RelationEvent::Changed, 7, None) {
                    Event::Relation(hook) => hook,
                    _ => unreachable!(),
                }
            }),
        ),
        (
            vec![
                ("JUJU_DISPATCH_PATH", "hooks/website-relation-departed"),
                ("JUJU_RELATION", "website"),
                ("JUJU_RELATION_ID", "website:7"),
                ("JUJU_REMOTE_UNIT", "haproxy/3"),
                ("JUJU_DEPARTING_UNIT", "haproxy/3"),
            ],
            Event::Relation(RelationHook {
                departing_unit: Some(unit("haproxy/3")),
                ..match relation("website", RelationEvent::Departed, 7, Some("haproxy/3")) {
                    Event::Relation(hook) => hook,
                    _ => unreachable!(),
                }
            }),
        ),
        // Juju's implicit endpoint, declared or not.
        (
            vec![
                ("JUJU_DISPATCH_PATH", "hooks/juju-info-relation-joined"),
                ("JUJU_RELATION", "juju-info"),
                ("JUJU_RELATION_ID", "juju-info:4"),
                ("JUJU_REMOTE_UNIT", "agent/0"),
            ],
            relation("juju-info", RelationEvent::Joined, 4, Some("agent/0")),
        ),
        (
            vec![
                ("JUJU_DISPATCH_PATH", "hooks/secret-changed"),
                ("JUJU_SECRET_ID", "secret:cs7hl4bvdddc7ubfcm7g"),
                ("JUJU_SECRET_LABEL", "db-password"),
            ],
            Event::Secret(SecretHook {
                kind: SecretEvent::Changed,
                id: "secret:cs7hl4bvdddc7ubfcm7g".parse().unwrap(),
                label: Some("db-password".into()),
                revision: None,
            }),
        ),
        (
            vec![
                ("JUJU_DISPATCH_PATH", "hooks/secret-remove"),
                ("JUJU_SECRET_ID", "secret://8a2f/cs7hl4bvdddc7ubfcm7g"),
                ("JUJU_SECRET_REVISION", "3"),
            ],
            Event::Secret(SecretHook {
                kind: SecretEvent::Remove,
                id: "secret://8a2f/cs7hl4bvdddc7ubfcm7g".parse().unwrap(),
                label: None,
                revision: Some(3),
            }),
        ),
        (
            // Juju reads a bare id as a `secret:` URI.
            vec![
                ("JUJU_DISPATCH_PATH", "hooks/secret-rotate"),
                ("JUJU_SECRET_ID", "cs7hl4bvdddc7ubfcm7g"),
            ],
            Event::Secret(SecretHook {
                kind: SecretEvent::Rotate,
                id: "secret:cs7hl4bvdddc7ubfcm7g".parse().unwrap(),
                label: None,
                revision: None,
            }),
        ),
        (
            vec![
                ("JUJU_DISPATCH_PATH", "hooks/data-storage-attached"),
                ("JUJU_STORAGE_ID", "data/0"),
                ("JUJU_STORAGE_LOCATION", "/srv/data"),
                ("JUJU_STORAGE_KIND", "filesystem"),
            ],
            Event::Storage(StorageHook {
                storage: "data".into(),
                kind: StorageEvent::Attached,
                id: Some("data/0".into()),
                location: Some(PathBuf::from("/srv/data")),
                storage_kind: Some("filesystem".into()),
            }),
        ),
        // A storage whose name looks like a relation hook's prefix.
        (
            vec![
                ("JUJU_DISPATCH_PATH", "hooks/db-relation-storage-detaching"),
                ("JUJU_STORAGE_ID", "db-relation/1"),
            ],
            Event::Storage(StorageHook {
                storage: "db-relation".into(),
                kind: StorageEvent::Detaching,
                id: Some("db-relation/1".into()),
                location: None,
                storage_kind: None,
            }),
        ),
        // ...and the endpoint `db` beside it.
        (
            vec![
                ("JUJU_DISPATCH_PATH", "hooks/db-relation-changed"),
                ("JUJU_RELATION", "db"),
                ("JUJU_RELATION_ID", "db:2"),
                ("JUJU_REMOTE_UNIT", "mysql/0"),
            ],
            relation("db", RelationEvent::Changed, 2, Some("mysql/0")),
        ),
        (
            vec![
                ("JUJU_DISPATCH_PATH", "hooks/workload-pebble-ready"),
                ("JUJU_WORKLOAD_NAME", "workload"),
            ],
            Event::Workload(WorkloadHook {
                container: "workload".into(),
                kind: WorkloadEvent::Ready,
                notice: None,
                check: None,
            }),
        ),
        (
            vec![
                ("JUJU_DISPATCH_PATH", "hooks/workload-pebble-custom-notice"),
                ("JUJU_WORKLOAD_NAME", "workload"),
                ("JUJU_NOTICE_ID", "12"),
                ("JUJU_NOTICE_TYPE", "custom"),
                ("JUJU_NOTICE_KEY", "example.com/reload"),
            ],
            Event::Workload(WorkloadHook {
                container: "workload".into(),
                kind: WorkloadEvent::CustomNotice,
                notice: Some(Notice {
                    id: "12".into(),
                    notice_type: "custom".into(),
                    key: "example.com/reload".into(),
                }),
                check: None,
            }),
        ),
        (
            vec![
                ("JUJU_DISPATCH_PATH", "hooks/workload-pebble-check-failed"),
                ("JUJU_PEBBLE_CHECK_NAME", "http-alive"),
            ],
            Event::Workload(WorkloadHook {
                container: "workload".into(),
                kind: WorkloadEvent::CheckFailed,
                notice: None,
                check: Some("http-alive".into()),
            }),
        ),
        // An action is an action, not a hook called `backup`.
        (
            vec![
                ("JUJU_DISPATCH_PATH", "actions/backup"),
                ("JUJU_ACTION_NAME", "backup"),
                ("JUJU_ACTION_UUID", "a8e1c3f2"),
            ],
            Event::Action(ActionRun {
                name: "backup".into(),
                uuid: Some("a8e1c3f2".into()),
            }),
        ),
        // Names no Juju 3.6 or 4.0 sends.
        (
            vec![("JUJU_DISPATCH_PATH", "hooks/collect-metrics")],
            Event::Unknown("collect-metrics".into()),
        ),
        (
            vec![("JUJU_HOOK_NAME", "website")],
            Event::Unknown("website".into()),
        ),
    ];
    for (extra, expected) in cases {
        let context =
            parse(&extra, Some("/charm/dispatch")).unwrap_or_else(|e| panic!("{extra:?}: {e}"));
        assert_eq!(context.event, expected, "{extra:?}");
        let source = if extra.iter().any(|(k, _)| *k == "JUJU_DISPATCH_PATH") {
            EventSource::DispatchPath
        } else {
            EventSource::HookNameVar
        };
        assert_eq!(context.event_source, source, "{extra:?}");
    }
}

#[test]
fn the_dispatch_path_wins_over_the_hook_name_and_argv0() {
    let source = |extra: &[(&str, &str)], argv0| {
        let c = parse(extra, argv0).unwrap();
        (c.hook_name(), c.event_source)
    };
    let both = [
        ("JUJU_DISPATCH_PATH", "hooks/install"),
        ("JUJU_HOOK_NAME", "start"),
    ];
    assert_eq!(
        source(&both, Some("hooks/config-changed")),
        ("install".to_owned(), EventSource::DispatchPath)
    );
    assert_eq!(
        source(&[("JUJU_HOOK_NAME", "start")], Some("hooks/config-changed")),
        ("start".to_owned(), EventSource::HookNameVar)
    );
    // Empty counts as unset.
    let empty = [("JUJU_DISPATCH_PATH", ""), ("JUJU_HOOK_NAME", "")];
    assert_eq!(
        source(&empty, Some("/charm/hooks/config-changed")),
        ("config-changed".to_owned(), EventSource::Argv0)
    );
    // Before `dispatch`, Juju ran `actions/<name>`.
    let c = parse(
        &[("JUJU_ACTION_NAME", "backup")],
        Some("/charm/actions/backup"),
    )
    .unwrap();
    assert_eq!(
        c.event,
        Event::Action(ActionRun {
            name: "backup".into(),
            uuid: None
        })
    );
    // The dispatch path makes argv[0] irrelevant, even when it is not UTF-8.
    let argv0 = OsString::from_vec(b"/charm/\xff".to_vec());
    let c = HookContext::from_env(
        &env(&[("JUJU_DISPATCH_PATH", "hooks/start")]),
        Some(&argv0),
        &Metadata,
    )
    .unwrap();
    assert_eq!(c.event, Event::Unit(UnitEvent::Start));
}

#[test]
fn the_rest_of_the_context() {
    let c = parse(WEBSITE_CHANGED, None).unwrap();
    assert_eq!(c.unit.to_string(), "wordpress/0");
    assert_eq!(c.app(), "wordpress");
    assert_eq!(
        c.charm_dir(),
        Path::new("/var/lib/juju/agents/unit-wordpress-0/charm")
    );
    assert_eq!(c.model_name.as_deref(), Some("prod"));
    assert_eq!(
        c.juju_version.as_ref().map(ToString::to_string).as_deref(),
        Some("3.6.4")
    );
    let legacy = HookContext::from_env(
        &[
            ("JUJU_UNIT_NAME".to_owned(), "a/1".to_owned()),
            ("CHARM_DIR".to_owned(), "/legacy".to_owned()),
            ("JUJU_HOOK_NAME".to_owned(), "install".to_owned()),
        ]
        .to_vec(),
        None,
        &Metadata,
    )
    .unwrap();
    assert_eq!(legacy.charm_dir, Path::new("/legacy"));
    assert_eq!(legacy.model_name, None);
}

/// Each broken environment gives exactly this one-line message.
/// Extra variables, argv[0], and the error message they give.
type BrokenCase = (
    Vec<(&'static str, &'static str)>,
    Option<&'static str>,
    &'static str,
);

#[test]
#[expect(
    clippy::too_many_lines,
    reason = "a table: one case per broken environment"
)]
fn each_malformed_environment_is_one_line_naming_what_is_wrong() {
    let relation = |over: &[(&'static str, &'static str)]| {
        let mut vars = WEBSITE_CHANGED.to_vec();
        vars.extend_from_slice(over);
        vars
    };
    let cases: Vec<BrokenCase> = vec![
        (
            vec![],
            None,
            "cannot tell which hook runs: JUJU_DISPATCH_PATH and JUJU_HOOK_NAME are not set and argv[0] names no hook",
        ),
        (
            vec![],
            Some("/charm/dispatch"),
            "cannot tell which hook runs: JUJU_DISPATCH_PATH and JUJU_HOOK_NAME are not set and argv[0] names no hook",
        ),
        (
            vec![("JUJU_DISPATCH_PATH", "hooks/")],
            None,
            "environment variable JUJU_DISPATCH_PATH=\"hooks/\" is malformed: expected hooks/<name> or actions/<name>",
        ),
        (
            vec![("JUJU_DISPATCH_PATH", "bin/install")],
            None,
            "environment variable JUJU_DISPATCH_PATH=\"bin/install\" is malformed: expected hooks/<name> or actions/<name>",
        ),
        (
            vec![
                ("JUJU_DISPATCH_PATH", "hooks/install"),
                ("JUJU_UNIT_NAME", ""),
            ],
            None,
            "environment variable JUJU_UNIT_NAME is not set",
        ),
        (
            vec![
                ("JUJU_DISPATCH_PATH", "hooks/install"),
                ("JUJU_UNIT_NAME", "wordpress"),
            ],
            None,
            "environment variable JUJU_UNIT_NAME=\"wordpress\" is malformed: invalid unit name \"wordpress\": expected app/N",
        ),
        (
            vec![
                ("JUJU_DISPATCH_PATH", "hooks/install"),
                ("JUJU_CHARM_DIR", ""),
            ],
            None,
            "environment variable JUJU_CHARM_DIR is not set",
        ),
        // A relation hook whose name disagrees with JUJU_RELATION.
        (
            relation(&[("JUJU_RELATION", "db")]),
            None,
            "environment variable JUJU_RELATION=\"db\" does not match the rest of the hook environment (expected website)",
        ),
        (
            relation(&[("JUJU_RELATION", "")]),
            None,
            "environment variable JUJU_RELATION is not set",
        ),
        (
            relation(&[("JUJU_RELATION_ID", "")]),
            None,
            "environment variable JUJU_RELATION_ID is not set",
        ),
        // An id that is no name:id.
        (
            relation(&[("JUJU_RELATION_ID", "7")]),
            None,
            "environment variable JUJU_RELATION_ID=\"7\" is malformed: invalid relation id \"7\": no endpoint name before the number",
        ),
        (
            relation(&[("JUJU_RELATION_ID", "website:seven")]),
            None,
            "environment variable JUJU_RELATION_ID=\"website:seven\" is malformed: invalid relation id \"website:seven\": expected name:number",
        ),
        (
            relation(&[("JUJU_RELATION_ID", "db:7")]),
            None,
            "environment variable JUJU_RELATION_ID=\"db:7\" does not match the rest of the hook environment (expected website:7)",
        ),
        (
            relation(&[("JUJU_REMOTE_UNIT", "../../etc")]),
            None,
            "environment variable JUJU_REMOTE_UNIT=\"../../etc\" is malformed: invalid unit name \"../../etc\": expected app/N",
        ),
        (
            relation(&[("JUJU_REMOTE_APP", "Bad_App")]),
            None,
            "environment variable JUJU_REMOTE_APP=\"Bad_App\" is malformed: not a valid application name",
        ),
        (
            relation(&[("JUJU_REMOTE_APP", "mysql")]),
            None,
            "environment variable JUJU_REMOTE_APP=\"mysql\" does not match the rest of the hook environment (expected haproxy)",
        ),
        (
            relation(&[("JUJU_DEPARTING_UNIT", "haproxy/x")]),
            None,
            "environment variable JUJU_DEPARTING_UNIT=\"haproxy/x\" is malformed: invalid unit name \"haproxy/x\": expected app/N",
        ),
        // Relation variables in a hook that is not a relation hook.
        (
            vec![
                ("JUJU_DISPATCH_PATH", "hooks/install"),
                ("JUJU_RELATION_ID", "website:7"),
            ],
            None,
            "environment variable JUJU_RELATION_ID=\"website:7\" does not match the rest of the hook environment (expected unset: hooks/install is not a relation hook)",
        ),
        // Names the metadata does not declare.
        (
            vec![("JUJU_DISPATCH_PATH", "hooks/cache-relation-joined")],
            None,
            "hook `cache-relation-joined` names relation `cache`, which the charm's metadata does not declare",
        ),
        (
            vec![("JUJU_DISPATCH_PATH", "hooks/logs-storage-attached")],
            None,
            "hook `logs-storage-attached` names storage `logs`, which the charm's metadata does not declare",
        ),
        (
            vec![("JUJU_DISPATCH_PATH", "hooks/web-pebble-ready")],
            None,
            "hook `web-pebble-ready` names container `web`, which the charm's metadata does not declare",
        ),
        (
            vec![
                ("JUJU_DISPATCH_PATH", "hooks/data-storage-attached"),
                ("JUJU_STORAGE_ID", "logs/0"),
            ],
            None,
            "environment variable JUJU_STORAGE_ID=\"logs/0\" does not match the rest of the hook environment (expected data/<number>)",
        ),
        (
            vec![
                ("JUJU_DISPATCH_PATH", "hooks/workload-pebble-ready"),
                ("JUJU_WORKLOAD_NAME", "web"),
            ],
            None,
            "environment variable JUJU_WORKLOAD_NAME=\"web\" does not match the rest of the hook environment (expected workload)",
        ),
        (
            vec![("JUJU_DISPATCH_PATH", "hooks/secret-changed")],
            None,
            "environment variable JUJU_SECRET_ID is not set",
        ),
        (
            vec![
                ("JUJU_DISPATCH_PATH", "hooks/secret-changed"),
                ("JUJU_SECRET_ID", "cs7hl4bv"),
            ],
            None,
            "environment variable JUJU_SECRET_ID=\"cs7hl4bv\" is malformed: \"cs7hl4bv\" is not a secret URI: expected secret:<id> or secret://<model-uuid>/<id>, with a 20-character id",
        ),
        (
            vec![
                ("JUJU_DISPATCH_PATH", "hooks/secret-expired"),
                ("JUJU_SECRET_ID", "secret:cs7hl4bvdddc7ubfcm7g"),
                ("JUJU_SECRET_REVISION", "-1"),
            ],
            None,
            "environment variable JUJU_SECRET_REVISION=\"-1\" is malformed: expected a revision number",
        ),
        (
            vec![
                ("JUJU_DISPATCH_PATH", "actions/backup"),
                ("JUJU_ACTION_NAME", "restore"),
            ],
            None,
            "environment variable JUJU_ACTION_NAME=\"restore\" does not match the rest of the hook environment (expected backup)",
        ),
    ];
    for (extra, argv0, message) in cases {
        let error = parse(&extra, argv0).expect_err(message);
        assert_eq!(error.to_string(), message, "{extra:?}");
    }
}

#[test]
fn a_variable_that_is_not_utf8_is_an_error_naming_it() {
    let bytes = |text: &[u8]| OsString::from_vec(text.to_vec());
    for var in ["JUJU_REMOTE_UNIT", "JUJU_UNIT_NAME", "JUJU_DISPATCH_PATH"] {
        let lookup = |name: &str| {
            if name == var {
                return Some(bytes(b"haproxy/\xff"));
            }
            WEBSITE_CHANGED
                .iter()
                .chain(BASE)
                .find(|(k, _)| *k == name)
                .map(|(_, v)| OsString::from(v))
        };
        let error = HookContext::from_env(&lookup, None, &Metadata).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!("{var}=\"haproxy/\u{fffd}\" is not valid UTF-8")
        );
    }
    let argv0 = bytes(b"/charm/hooks/\xff");
    let error = HookContext::from_env(&env(&[]), Some(&argv0), &Metadata).unwrap_err();
    assert_eq!(
        error.to_string(),
        "argv[0]=\"/charm/hooks/\u{fffd}\" is not valid UTF-8"
    );
}
