//! The fake hook tools over a container-scoped relation: `relation-list`
//! shows a unit only the remote units in its own container, a global
//! relation of the same applications still shows everyone, the hook
//! environment names a subordinate's principal, and the state file keeps
//! who runs where.

use iface_sim::{Deployment, HookRelation, run_tool, statefile};

/// wordpress/0 and wordpress/1, each with a logger subordinate in its
/// container (logger/1 beside wordpress/0, logger/0 beside wordpress/1),
/// related over container-scoped relation 4 (`juju-info`) and global
/// relation 5 (`logs`), every unit in both.
fn deployment() -> Deployment {
    let mut d = Deployment::new("test");
    d.without_juju_addresses = true;
    d.add_unit("wordpress/0", "10.0.0.1");
    d.add_unit("wordpress/1", "10.0.0.2");
    d.add_unit("logger/1", "10.0.0.1").principal = Some("wordpress/0".to_owned());
    d.add_unit("logger/0", "10.0.0.2").principal = Some("wordpress/1".to_owned());
    let everyone = ["wordpress/0", "wordpress/1", "logger/0", "logger/1"].map(String::from);
    let rel = d.add_relation(4, ("logger", "juju-info"), ("wordpress", "juju-info"));
    rel.container = true;
    rel.members = everyone.clone().into();
    for unit in &everyone {
        rel.unit_data.insert(
            unit.clone(),
            [("unit".to_owned(), unit.clone())].into_iter().collect(),
        );
    }
    let rel = d.add_relation(5, ("logger", "logs"), ("wordpress", "logs"));
    rel.members = everyone.into();
    d
}

fn run(d: &mut Deployment, unit: &str, tool: &str, args: &[&str]) -> (i32, String, String) {
    d.begin_hook(unit, "update-status", None);
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    let out = run_tool(d, tool, &args, &mut std::io::empty());
    (
        out.code.unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        out.stderr,
    )
}

#[test]
fn relation_list_shows_only_the_own_container_in_a_container_scoped_relation() {
    let mut d = deployment();
    let list = |d: &mut Deployment, unit: &str, id: &str| {
        run(d, unit, "relation-list", &["--format=json", "-r", id])
    };
    for (unit, container, global) in [
        (
            "wordpress/0",
            r#"["logger/1"]"#,
            r#"["logger/0","logger/1"]"#,
        ),
        (
            "wordpress/1",
            r#"["logger/0"]"#,
            r#"["logger/0","logger/1"]"#,
        ),
        (
            "logger/1",
            r#"["wordpress/0"]"#,
            r#"["wordpress/0","wordpress/1"]"#,
        ),
        (
            "logger/0",
            r#"["wordpress/1"]"#,
            r#"["wordpress/0","wordpress/1"]"#,
        ),
    ] {
        assert_eq!(
            list(&mut d, unit, "4"),
            (0, format!("{container}\n"), String::new()),
            "{unit}"
        );
        assert_eq!(
            list(&mut d, unit, "5"),
            (0, format!("{global}\n"), String::new()),
            "{unit}"
        );
    }
}

#[test]
fn the_departing_unit_is_left_out_in_its_container_too() {
    let mut d = deployment();
    d.begin_hook(
        "wordpress/0",
        "juju-info-relation-departed",
        Some(HookRelation {
            id: 4,
            remote_unit: Some("logger/1".into()),
            remote_app: Some("logger".into()),
            departing_unit: Some("logger/1".into()),
        }),
    );
    let out = run_tool(
        &mut d,
        "relation-list",
        &["--format=json".to_owned()],
        &mut std::io::empty(),
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "[]\n");
}

#[test]
fn a_unit_in_another_container_is_read_as_juju_reads_it() {
    // Juju's API lets a unit read the bag of any unit of the related
    // application by name (it checks the application, not the container):
    // container scope decides what a unit is told about, not what it may
    // read.
    let mut d = deployment();
    assert_eq!(
        run(
            &mut d,
            "wordpress/0",
            "relation-get",
            &["--format=json", "-r", "4", "-", "logger/0"]
        ),
        (0, "{\"unit\":\"logger/0\"}\n".to_owned(), String::new())
    );
    assert_eq!(
        run(
            &mut d,
            "logger/1",
            "relation-get",
            &["--format=json", "-r", "4", "unit", "wordpress/0"]
        ),
        (0, "\"wordpress/0\"\n".to_owned(), String::new())
    );
}

#[test]
fn the_hook_environment_names_the_principal_of_a_subordinate() {
    let mut d = deployment();
    let principal = |d: &mut Deployment, unit: &str| {
        d.begin_hook(unit, "install", None);
        d.hook_env("/charm")
            .into_iter()
            .find(|(k, _)| k == "JUJU_PRINCIPAL_UNIT")
            .map(|(_, v)| v)
    };
    assert_eq!(
        principal(&mut d, "logger/1").as_deref(),
        Some("wordpress/0")
    );
    assert_eq!(
        principal(&mut d, "logger/0").as_deref(),
        Some("wordpress/1")
    );
    // Juju sets it in every hook, empty for a principal.
    assert_eq!(principal(&mut d, "wordpress/0").as_deref(), Some(""));
}

#[test]
fn the_state_file_keeps_containers_and_scopes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    let d = deployment();
    statefile::save(&path, &d).unwrap();
    let back = statefile::load(&path).unwrap();
    assert_eq!(back, d);
    assert!(back.relations[&4].container && !back.relations[&5].container);
    assert_eq!(
        back.units["logger/1"].principal.as_deref(),
        Some("wordpress/0")
    );
    // A principal's entry and a global relation's are written as before.
    let text = std::fs::read_to_string(&path).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(json["units"]["wordpress/0"].get("principal").is_none());
    assert!(json["relations"]["5"].get("container").is_none());
}
