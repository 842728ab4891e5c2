//! `HookContext` and `RelationId`: every variable present, missing and
//! malformed.

use std::collections::HashMap;
use std::path::Path;

use iface_runtime::context::{
    ContextError, HookContext, HookNameSource, RelationId, RelationIdErrorKind, UnitName,
    is_valid_application_name,
};

fn ctx(vars: &[(&str, &str)], argv0: Option<&str>) -> Result<HookContext, ContextError> {
    let map: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    HookContext::from_vars(|name| map.get(name).cloned(), argv0)
}

const BASE: &[(&str, &str)] = &[
    ("JUJU_UNIT_NAME", "wordpress/0"),
    (
        "JUJU_CHARM_DIR",
        "/var/lib/juju/agents/unit-wordpress-0/charm",
    ),
    ("JUJU_MODEL_NAME", "prod"),
];

fn with(extra: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut vars: Vec<_> = BASE.to_vec();
    for (k, v) in extra {
        vars.retain(|(name, _)| name != k);
        vars.push((k, v));
    }
    vars
}

fn without(
    name: &str,
    extra: &[(&'static str, &'static str)],
) -> Vec<(&'static str, &'static str)> {
    let mut vars = with(extra);
    vars.retain(|(k, _)| *k != name);
    vars
}

const RELATION_HOOK: &[(&str, &str)] = &[
    ("JUJU_DISPATCH_PATH", "hooks/website-relation-changed"),
    ("JUJU_RELATION", "website"),
    ("JUJU_RELATION_ID", "website:7"),
    ("JUJU_REMOTE_UNIT", "haproxy/3"),
    ("JUJU_REMOTE_APP", "haproxy"),
];

#[test]
fn relation_id_parses_like_juju() {
    let id: RelationId = "website:7".parse().unwrap();
    assert_eq!(id, RelationId::new("website", 7));
    assert_eq!(id.to_string(), "website:7");
    // Everything up to the last colon is the name.
    let id: RelationId = "a:b:12".parse().unwrap();
    assert_eq!((id.endpoint.as_str(), id.number), ("a:b", 12));
    assert_eq!(RelationId::parse_number("7"), Ok(7));
    assert_eq!(RelationId::parse_number("x:7"), Ok(7));
    assert_eq!(RelationId::parse_number("website:7"), Ok(7));

    for bad in [
        "website:",
        "website:x",
        "website:-1",
        "website:+1",
        "website: 7",
        "",
        "x:99999999999",
    ] {
        let err = bad.parse::<RelationId>().unwrap_err();
        assert_eq!(err.kind, RelationIdErrorKind::InvalidNumber, "{bad}");
        assert_eq!(err.input, bad);
    }
    for bare in ["7", ":7"] {
        let err = bare.parse::<RelationId>().unwrap_err();
        assert_eq!(err.kind, RelationIdErrorKind::MissingEndpoint, "{bare}");
        assert!(err.to_string().contains(bare));
    }
}

#[test]
fn unit_names_and_application_names() {
    let unit: UnitName = "my-app2/10".parse().unwrap();
    assert_eq!((unit.app(), unit.number()), ("my-app2", 10));
    assert_eq!(unit.to_string(), "my-app2/10");
    for bad in [
        "app", "app/", "/0", "App/0", "app/01", "app/x", "app-2/0", "app/0/1", "2app/0", "app--x/0",
    ] {
        assert!(bad.parse::<UnitName>().is_err(), "{bad}");
    }
    assert!(is_valid_application_name("postgresql-k8s"));
    assert!(!is_valid_application_name("x-1"));
    assert!(!is_valid_application_name(""));
}

#[test]
fn a_full_relation_hook() {
    let c = ctx(&with(RELATION_HOOK), Some("/charm/dispatch")).unwrap();
    assert_eq!(c.hook_name, "website-relation-changed");
    assert_eq!(c.hook_name_source, HookNameSource::DispatchPath);
    assert_eq!(c.unit.to_string(), "wordpress/0");
    assert_eq!(c.app(), "wordpress");
    assert_eq!(
        c.charm_dir(),
        Path::new("/var/lib/juju/agents/unit-wordpress-0/charm")
    );
    assert_eq!(c.model_name.as_deref(), Some("prod"));
    let rel = c.relation.unwrap();
    assert_eq!(rel.endpoint, "website");
    assert_eq!(rel.id, RelationId::new("website", 7));
    assert_eq!(rel.remote_unit.unwrap().to_string(), "haproxy/3");
    assert_eq!(rel.remote_app.as_deref(), Some("haproxy"));
    assert_eq!(rel.departing_unit, None);
    assert_eq!(c.action_name, None);
}

#[test]
fn hook_name_sources_in_order() {
    let c = ctx(
        &with(&[
            ("JUJU_DISPATCH_PATH", "hooks/install"),
            ("JUJU_HOOK_NAME", "start"),
        ]),
        Some("hooks/config-changed"),
    )
    .unwrap();
    assert_eq!(
        (c.hook_name.as_str(), c.hook_name_source),
        ("install", HookNameSource::DispatchPath)
    );

    let c = ctx(
        &with(&[("JUJU_HOOK_NAME", "start")]),
        Some("hooks/config-changed"),
    )
    .unwrap();
    assert_eq!(
        (c.hook_name.as_str(), c.hook_name_source),
        ("start", HookNameSource::HookNameVar)
    );

    // Empty counts as unset.
    let c = ctx(
        &with(&[("JUJU_DISPATCH_PATH", ""), ("JUJU_HOOK_NAME", "")]),
        Some("/charm/hooks/config-changed"),
    )
    .unwrap();
    assert_eq!(
        (c.hook_name.as_str(), c.hook_name_source),
        ("config-changed", HookNameSource::Argv0)
    );

    assert_eq!(ctx(BASE, None), Err(ContextError::NoHookName));
    assert_eq!(
        ctx(BASE, Some("/charm/dispatch")),
        Err(ContextError::NoHookName)
    );
    assert_eq!(ctx(BASE, Some("hooks/")), Err(ContextError::NoHookName));

    let err = ctx(&with(&[("JUJU_DISPATCH_PATH", "hooks/")]), None).unwrap_err();
    assert!(
        matches!(err, ContextError::Malformed { var: "JUJU_DISPATCH_PATH", ref value, .. } if value == "hooks/")
    );
}

#[test]
fn unit_name_missing_or_malformed() {
    let err = ctx(
        &without("JUJU_UNIT_NAME", &[("JUJU_HOOK_NAME", "install")]),
        None,
    )
    .unwrap_err();
    assert_eq!(
        err,
        ContextError::Missing {
            var: "JUJU_UNIT_NAME"
        }
    );
    assert!(err.to_string().contains("JUJU_UNIT_NAME"));

    let err = ctx(
        &with(&[("JUJU_HOOK_NAME", "install"), ("JUJU_UNIT_NAME", "")]),
        None,
    )
    .unwrap_err();
    assert_eq!(
        err,
        ContextError::Missing {
            var: "JUJU_UNIT_NAME"
        }
    );

    let err = ctx(
        &with(&[
            ("JUJU_HOOK_NAME", "install"),
            ("JUJU_UNIT_NAME", "wordpress"),
        ]),
        None,
    )
    .unwrap_err();
    assert!(
        matches!(&err, ContextError::Malformed { var: "JUJU_UNIT_NAME", value, .. } if value == "wordpress")
    );
    let text = err.to_string();
    assert!(
        text.contains("JUJU_UNIT_NAME") && text.contains("\"wordpress\""),
        "{text}"
    );
}

#[test]
fn charm_dir_falls_back_to_legacy_variable() {
    let c = ctx(
        &without(
            "JUJU_CHARM_DIR",
            &[("JUJU_HOOK_NAME", "install"), ("CHARM_DIR", "/legacy")],
        ),
        None,
    )
    .unwrap();
    assert_eq!(c.charm_dir, Path::new("/legacy"));

    let err = ctx(
        &without("JUJU_CHARM_DIR", &[("JUJU_HOOK_NAME", "install")]),
        None,
    )
    .unwrap_err();
    assert_eq!(
        err,
        ContextError::Missing {
            var: "JUJU_CHARM_DIR"
        }
    );
}

#[test]
fn optional_values() {
    let c = ctx(
        &without(
            "JUJU_MODEL_NAME",
            &[
                ("JUJU_HOOK_NAME", "install"),
                ("JUJU_ACTION_NAME", "backup"),
            ],
        ),
        None,
    )
    .unwrap();
    assert_eq!(c.model_name, None);
    assert_eq!(c.relation, None);
    assert_eq!(c.action_name.as_deref(), Some("backup"));
}

#[test]
fn relation_variables_missing_or_malformed() {
    let err = ctx(&without("JUJU_RELATION", RELATION_HOOK), None).unwrap_err();
    assert_eq!(
        err,
        ContextError::Missing {
            var: "JUJU_RELATION"
        }
    );

    let err = ctx(&without("JUJU_RELATION_ID", RELATION_HOOK), None).unwrap_err();
    assert_eq!(
        err,
        ContextError::Missing {
            var: "JUJU_RELATION_ID"
        }
    );

    let mut vars = with(RELATION_HOOK);
    vars.push(("JUJU_RELATION_ID", "website:seven"));
    let err = ctx(&with(&vars), None).unwrap_err();
    assert!(
        matches!(&err, ContextError::Malformed { var: "JUJU_RELATION_ID", value, .. } if value == "website:seven")
    );

    let mut vars = with(RELATION_HOOK);
    vars.push(("JUJU_RELATION_ID", "db:7"));
    let err = ctx(&with(&vars), None).unwrap_err();
    assert_eq!(
        err,
        ContextError::Inconsistent {
            var: "JUJU_RELATION_ID",
            value: "db:7".into(),
            expected: "website:7".into()
        }
    );

    let mut vars = with(RELATION_HOOK);
    vars.push(("JUJU_REMOTE_UNIT", "haproxy"));
    let err = ctx(&with(&vars), None).unwrap_err();
    assert!(
        matches!(&err, ContextError::Malformed { var: "JUJU_REMOTE_UNIT", value, .. } if value == "haproxy")
    );

    let mut vars = with(RELATION_HOOK);
    vars.push(("JUJU_REMOTE_APP", "Bad_App"));
    let err = ctx(&with(&vars), None).unwrap_err();
    assert!(
        matches!(&err, ContextError::Malformed { var: "JUJU_REMOTE_APP", value, .. } if value == "Bad_App")
    );

    let mut vars = with(RELATION_HOOK);
    vars.push(("JUJU_REMOTE_APP", "mysql"));
    let err = ctx(&with(&vars), None).unwrap_err();
    assert!(
        matches!(&err, ContextError::Inconsistent { var: "JUJU_REMOTE_APP", expected, .. } if expected == "haproxy")
    );

    let mut vars = with(RELATION_HOOK);
    vars.push(("JUJU_DEPARTING_UNIT", "haproxy/x"));
    let err = ctx(&with(&vars), None).unwrap_err();
    assert!(
        matches!(&err, ContextError::Malformed { var: "JUJU_DEPARTING_UNIT", value, .. } if value == "haproxy/x")
    );
}

#[test]
fn relation_hooks_without_remote_unit() {
    // -broken: JUJU_REMOTE_UNIT empty (or unset), remote app still given.
    for remote_unit in [Some(""), None] {
        let mut vars = with(&[
            ("JUJU_DISPATCH_PATH", "hooks/website-relation-broken"),
            ("JUJU_RELATION", "website"),
            ("JUJU_RELATION_ID", "website:7"),
            ("JUJU_REMOTE_APP", "haproxy"),
        ]);
        if let Some(v) = remote_unit {
            vars.push(("JUJU_REMOTE_UNIT", v));
        }
        let rel = ctx(&vars, None).unwrap().relation.unwrap();
        assert_eq!(rel.remote_unit, None);
        assert_eq!(rel.remote_app.as_deref(), Some("haproxy"));
    }
    // No JUJU_REMOTE_APP (older Juju): taken from the remote unit.
    let rel = ctx(&without("JUJU_REMOTE_APP", RELATION_HOOK), None)
        .unwrap()
        .relation
        .unwrap();
    assert_eq!(rel.remote_app.as_deref(), Some("haproxy"));
    // A bare relation number is accepted: JUJU_RELATION names the endpoint.
    let mut vars = with(RELATION_HOOK);
    vars.push(("JUJU_RELATION_ID", "7"));
    let rel = ctx(&with(&vars), None).unwrap().relation.unwrap();
    assert_eq!(rel.id, RelationId::new("website", 7));
}

#[test]
fn departed_hook() {
    let mut vars = with(RELATION_HOOK);
    vars.extend([
        ("JUJU_DISPATCH_PATH", "hooks/website-relation-departed"),
        ("JUJU_DEPARTING_UNIT", "haproxy/3"),
    ]);
    let c = ctx(&with(&vars), None).unwrap();
    assert_eq!(c.hook_name, "website-relation-departed");
    assert_eq!(
        c.relation.unwrap().departing_unit.unwrap().to_string(),
        "haproxy/3"
    );
}
