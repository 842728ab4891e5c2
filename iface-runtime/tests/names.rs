//! Relation ids, unit names and application names, parsed as Juju does.

use iface_runtime::names::{RelationId, RelationIdErrorKind, UnitName, is_valid_application_name};

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
