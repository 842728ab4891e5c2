//! The fake hook tools as a charm sees them: `ProcessTools` against the
//! real `iface-fake-tools` executable through symlinks, compared call for
//! call with `InMemoryTools` over the same deployment.

use std::collections::BTreeMap;
use std::path::Path;

use iface_runtime::context::RelationId;
use iface_runtime::tools::{AddressKind, HookTools, LogLevel, ProcessTools, Status, ToolErrorKind};
use iface_sim::{Deployment, HookRelation, InMemoryTools, STATE_ENV, statefile};
use serde_json::json;

mod support;

use support::{FAKE_TOOLS, Fake, both};

fn website() -> RelationId {
    RelationId::new("website", 7)
}

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// wordpress (2 units, wordpress/0 leads) provides `website` to haproxy
/// (relation 7, 2 units) and nginx (relation 10); relation 3 is dead; peer
/// relation 2 is `cluster`. wordpress/0 runs `website-relation-changed` for
/// haproxy/0.
fn deployment() -> Deployment {
    let mut d = Deployment::new("test");
    // These tests pin the tools' exact output.
    d.without_juju_addresses = true;
    d.add_unit("wordpress/0", "10.0.0.1");
    d.add_unit("wordpress/1", "10.0.0.2");
    d.add_unit("haproxy/0", "10.0.0.9");
    d.add_unit("haproxy/1", "10.0.0.10");
    d.add_unit("nginx/0", "10.0.0.20");
    d.set_leader("wordpress/0");
    d.set_leader("haproxy/1");
    let app = d.applications.get_mut("wordpress").unwrap();
    app.config =
        serde_json::from_value(json!({"port": 80, "name": "blog", "unset": null})).unwrap();
    app.leader_settings = map(&[("secret", "s3cret")]);

    let rel = d.add_relation(7, ("wordpress", "website"), ("haproxy", "reverseproxy"));
    rel.members = ["wordpress/0", "wordpress/1", "haproxy/0", "haproxy/1"]
        .map(String::from)
        .into();
    rel.unit_data.insert(
        "haproxy/0".into(),
        map(&[("hostname", "h0"), ("port", "8080")]),
    );
    rel.unit_data
        .insert("haproxy/9".into(), map(&[("left", "long ago")]));
    rel.unit_data.insert(
        "wordpress/0".into(),
        map(&[("old", "value"), ("keep", "me")]),
    );
    rel.app_data
        .insert("haproxy".into(), map(&[("mode", "http")]));
    let rel = d.add_relation(10, ("wordpress", "website"), ("nginx", "proxy"));
    rel.members = ["wordpress/0", "nginx/0"].map(String::from).into();
    let rel = d.add_relation(3, ("wordpress", "website"), ("nginx", "proxy"));
    rel.dead = true;
    let rel = d.add_peer_relation(2, "wordpress", "cluster");
    rel.members = ["wordpress/0", "wordpress/1"].map(String::from).into();

    d.begin_hook(
        "wordpress/0",
        "website-relation-changed",
        Some(HookRelation {
            id: 7,
            remote_unit: Some("haproxy/0".into()),
            remote_app: Some("haproxy".into()),
            departing_unit: None,
        }),
    );
    d
}

/// A raw call and what it prints: (tool, args, stdin, (exit code, stdout,
/// stderr)).
type RawCase = (
    &'static str,
    &'static [&'static str],
    &'static str,
    (i32, &'static str, &'static str),
);

/// Raw calls and what jujuc would print: (tool, args, stdin, (exit code,
/// stdout, stderr)).
const RAW_CASES: &[RawCase] = &[
    // relation-get: whole bag, one key, missing key, defaults, formats.
    (
        "relation-get",
        &["--format=json", "-r", "website:7", "-", "haproxy/0"],
        "",
        (0, "{\"hostname\":\"h0\",\"port\":\"8080\"}\n", ""),
    ),
    (
        "relation-get",
        &["--format", "json", "-r", "x:7", "hostname", "haproxy/0"],
        "",
        (0, "\"h0\"\n", ""),
    ),
    (
        "relation-get",
        &["--format=json", "-r7", "nope", "haproxy/0"],
        "",
        (0, "null\n", ""),
    ),
    ("relation-get", &["hostname"], "", (0, "h0\n", "")),
    (
        "relation-get",
        &["--format=json"],
        "",
        (0, "{\"hostname\":\"h0\",\"port\":\"8080\"}\n", ""),
    ),
    (
        "relation-get",
        &["--format=json", "--app"],
        "",
        (0, "{\"mode\":\"http\"}\n", ""),
    ),
    (
        "relation-get",
        &["--format=json", "--app", "-", "haproxy/1"],
        "",
        (0, "{\"mode\":\"http\"}\n", ""),
    ),
    (
        "relation-get",
        &["--format=json", "-", "haproxy/9"],
        "",
        (0, "{\"left\":\"long ago\"}\n", ""),
    ),
    (
        "relation-get",
        &["--format=json", "-r", "website:10", "-", "nginx/0"],
        "",
        (0, "{}\n", ""),
    ),
    // Flags may follow positionals.
    (
        "relation-get",
        &["-", "haproxy/0", "--format=json", "--relation=7"],
        "",
        (0, "{\"hostname\":\"h0\",\"port\":\"8080\"}\n", ""),
    ),
    // Usage errors: exit 2.
    (
        "relation-get",
        &["-r", "website:123", "-", "haproxy/0"],
        "",
        (
            2,
            "",
            "ERROR invalid value \"website:123\" for option -r: relation not found\n",
        ),
    ),
    (
        "relation-get",
        &["--relation", "website:x"],
        "",
        (
            2,
            "",
            "ERROR invalid value \"website:x\" for option --relation: invalid relation id\n",
        ),
    ),
    (
        "relation-get",
        &["--bogus"],
        "",
        (2, "", "ERROR option provided but not defined: --bogus\n"),
    ),
    (
        "relation-get",
        &["-r"],
        "",
        (2, "", "ERROR option needs an argument: -r\n"),
    ),
    (
        "relation-get",
        &["--format=xml"],
        "",
        (
            2,
            "",
            "ERROR invalid value \"xml\" for option --format: unknown format \"xml\"\n",
        ),
    ),
    (
        "relation-get",
        &["-", "haproxy/0", "extra"],
        "",
        (2, "", "ERROR unrecognized args: [\"extra\"]\n"),
    ),
    // Run errors: exit 1.
    (
        "relation-get",
        &["-", "mysql/0"],
        "",
        (
            1,
            "",
            "ERROR cannot read settings for unit \"mysql/0\" in relation \"website:7\": settings not found\n",
        ),
    ),
    (
        "relation-get",
        &["-", "wordpress/1"],
        "",
        (1, "", "ERROR permission denied\n"),
    ),
    // relation-ids: sorted as strings, dead relations left out.
    (
        "relation-ids",
        &["--format=json", "website"],
        "",
        (0, "[\"website:10\",\"website:7\"]\n", ""),
    ),
    ("relation-ids", &[], "", (0, "website:10\nwebsite:7\n", "")),
    (
        "relation-ids",
        &["--format=json", "nothing"],
        "",
        (0, "[]\n", ""),
    ),
    (
        "relation-ids",
        &["--format=json", "cluster"],
        "",
        (0, "[\"cluster:2\"]\n", ""),
    ),
    // relation-list.
    (
        "relation-list",
        &["--format=json"],
        "",
        (0, "[\"haproxy/0\",\"haproxy/1\"]\n", ""),
    ),
    (
        "relation-list",
        &["--format=json", "-r", "cluster:2"],
        "",
        (0, "[\"wordpress/1\"]\n", ""),
    ),
    (
        "relation-list",
        &["--format=json", "-r", "3"],
        "",
        (0, "[]\n", ""),
    ),
    (
        "relation-list",
        &["--format=json", "--app"],
        "",
        (0, "\"haproxy\"\n", ""),
    ),
    ("relation-list", &[], "", (0, "haproxy/0\nhaproxy/1\n", "")),
    // unit-get.
    (
        "unit-get",
        &["--format=json", "private-address"],
        "",
        (0, "\"10.0.0.1\"\n", ""),
    ),
    ("unit-get", &["public-address"], "", (0, "10.0.0.1\n", "")),
    (
        "unit-get",
        &["mac"],
        "",
        (2, "", "ERROR unknown setting \"mac\"\n"),
    ),
    ("unit-get", &[], "", (2, "", "ERROR no setting specified\n")),
    // is-leader, config-get, leader-get.
    ("is-leader", &["--format=json"], "", (0, "true\n", "")),
    ("is-leader", &[], "", (0, "True\n", "")),
    (
        "config-get",
        &["--format=json"],
        "",
        (0, "{\"name\":\"blog\",\"port\":80}\n", ""),
    ),
    (
        "config-get",
        &["--format=json", "--all"],
        "",
        (0, "{\"name\":\"blog\",\"port\":80,\"unset\":null}\n", ""),
    ),
    (
        "config-get",
        &["--format=json", "port"],
        "",
        (0, "80\n", ""),
    ),
    (
        "config-get",
        &["-a", "port"],
        "",
        (
            2,
            "",
            "ERROR cannot use argument --all together with key \"port\"\n",
        ),
    ),
    (
        "leader-get",
        &["--format=json", "-"],
        "",
        (0, "{\"secret\":\"s3cret\"}\n", ""),
    ),
    (
        "leader-get",
        &["--format=json", "missing"],
        "",
        (0, "null\n", ""),
    ),
    (
        "leader-get",
        &["a=b"],
        "",
        (2, "", "ERROR invalid key \"a=b\"\n"),
    ),
    // network-get.
    (
        "network-get",
        &["--format=json", "website", "--ingress-address"],
        "",
        (0, "\"10.0.0.1\"\n", ""),
    ),
    (
        "network-get",
        &["--format=json", "website", "--egress-subnets"],
        "",
        (0, "[\"10.0.0.1/32\"]\n", ""),
    ),
    (
        "network-get",
        &[],
        "",
        (2, "", "ERROR no arguments specified\n"),
    ),
    // status-set, juju-log, application-version-set.
    ("status-set", &["active", "ready"], "", (0, "", "")),
    (
        "status-set",
        &["idle"],
        "",
        (
            2,
            "",
            "ERROR invalid status \"idle\", expected one of [maintenance blocked waiting active]\n",
        ),
    ),
    (
        "juju-log",
        &["-l", "WARNING", "--", "-starts with dash"],
        "",
        (0, "", ""),
    ),
    ("juju-log", &[], "", (2, "", "ERROR no message specified\n")),
    ("application-version-set", &["--", "1.2.3"], "", (0, "", "")),
    (
        "application-version-set",
        &[],
        "",
        (2, "", "ERROR no version specified\n"),
    ),
    // relation-set parsing.
    (
        "relation-set",
        &["a=b", "a=c"],
        "",
        (2, "", "ERROR key \"a\" specified more than once\n"),
    ),
    (
        "relation-set",
        &["novalue"],
        "",
        (2, "", "ERROR expected \"key=value\", got \"novalue\"\n"),
    ),
    (
        "relation-set",
        &["--file", "-"],
        "- not\n- a map\n",
        (
            1,
            "",
            "ERROR expected YAML map, got Sequence [String(\"not\"), String(\"a map\")]\n",
        ),
    ),
    (
        "relation-set",
        &["--format=json", "a=b"],
        "",
        (
            0,
            "",
            "--format flag deprecated for command \"relation-set\"",
        ),
    ),
    (
        "leader-set",
        &["k"],
        "",
        (2, "", "ERROR expected \"key=value\", got \"k\"\n"),
    ),
    (
        "no-such-tool",
        &[],
        "",
        (2, "", "ERROR unknown command \"no-such-tool\"\n"),
    ),
    // Both sides saw the same calls and ended in the same state.
];

#[test]
fn raw_tools_output_exit_codes_and_messages() {
    let mut d = deployment();
    let fake = Fake::new(&d);
    // The executable acts as whatever its argv[0] names.
    #[cfg(unix)]
    std::os::unix::fs::symlink(FAKE_TOOLS, fake.bin.join("no-such-tool")).unwrap();
    for (tool, args, stdin, (code, out, err)) in RAW_CASES {
        let got = both(&fake, &mut d, tool, args, stdin);
        assert_eq!(
            (got.0, got.1.as_str(), got.2.as_str()),
            (*code, *out, *err),
            "{tool} {args:?}"
        );
    }

    // Both sides saw the same calls and ended in the same state.
    assert_eq!(fake.load(), d);
    assert_eq!(d.logs.last().unwrap().message, "-starts with dash");
    assert_eq!(d.logs.last().unwrap().level, "WARNING");
    assert_eq!(
        d.units["wordpress/0"].status.as_ref().unwrap().message,
        "ready"
    );
}

#[test]
fn relation_set_key_value_trims_and_empty_deletes() {
    let mut d = deployment();
    let fake = Fake::new(&d);
    both(
        &fake,
        &mut d,
        "relation-set",
        &["-r", "website:7", "  spaced  =  value  ", "old=", "b=x=y"],
        "",
    );
    let (_, out, _) = both(
        &fake,
        &mut d,
        "relation-get",
        &["--format=json", "-", "wordpress/0"],
        "",
    );
    assert_eq!(
        out,
        "{\"b\":\"x=y\",\"keep\":\"me\",\"spaced\":\"value\"}\n"
    );
    // Command-line pairs override the file.
    both(
        &fake,
        &mut d,
        "relation-set",
        &["--file", "-", "k=arg"],
        "k: file\nother: 1\n",
    );
    let (_, out, _) = both(
        &fake,
        &mut d,
        "relation-get",
        &["--format=json", "-", "wordpress/0"],
        "",
    );
    assert_eq!(
        out,
        "{\"b\":\"x=y\",\"k\":\"arg\",\"keep\":\"me\",\"other\":\"1\",\"spaced\":\"value\"}\n"
    );
    assert_eq!(fake.load(), d);
}

/// Values that break naive quoting, for `relation-set --file -` round trips.
fn awkward() -> BTreeMap<String, String> {
    map(&[
        ("newlines", "line one\nline two\n\nend\n"),
        ("equals", "a=b=c"),
        ("dash", "-r website:7 --app"),
        ("spaces", "  surrounded  "),
        ("unicode", "héllo wörld ✓ 日本語 🎉"),
        ("yaml-ish", "key: value\n- item\n? x\n{a: b}"),
        ("quotes", "\"double\" 'single' \\back\\slash"),
        (
            "controls",
            "tab\there\rcr\u{1}\u{7f}\u{85}nel\u{2028}ls\u{2029}ps\u{feff}bom",
        ),
        ("numbers", "007"),
        ("bool", "true"),
        ("null", "null"),
        ("tilde", "~"),
        ("hash", "# not a comment"),
        ("dash key", "x"),
        ("-leading-dash-key", "y"),
        ("ключ", "значение"),
    ])
}

#[test]
fn awkward_values_round_trip_exactly_through_both_backends() {
    let d = deployment();
    let fake = Fake::new(&d);
    let process = fake.tools();
    let memory = InMemoryTools::new(d);
    let values = awkward();
    for tools in [&process as &dyn HookTools, &memory] {
        tools.relation_set(&website(), false, &values).unwrap();
        tools.relation_set(&website(), true, &values).unwrap();
        let mut expected = values.clone();
        expected.extend(map(&[("old", "value"), ("keep", "me")]));
        assert_eq!(
            tools
                .relation_get(&website(), "wordpress/0", false)
                .unwrap(),
            expected
        );
        assert_eq!(
            tools.relation_get(&website(), "wordpress", true).unwrap(),
            values
        );
    }
    assert_eq!(fake.load(), *memory.deployment());
    assert_eq!(process.count("relation-set"), 2);
}

#[test]
fn pending_writes_commit_only_on_success() {
    let d = deployment();
    let fake = Fake::new(&d);
    let tools = fake.tools();
    let rel = website();
    tools
        .relation_set(&rel, false, &map(&[("port", "80"), ("old", "")]))
        .unwrap();
    // The writer sees its pending writes; the stored bag does not have them yet.
    assert_eq!(
        tools.relation_get(&rel, "wordpress/0", false).unwrap(),
        map(&[("keep", "me"), ("port", "80")])
    );
    assert_eq!(
        fake.load().relations[&7].unit_data["wordpress/0"],
        map(&[("old", "value"), ("keep", "me")])
    );

    statefile::discard_hook(&fake.state).unwrap();
    let after = fake.load();
    assert_eq!(
        after.relations[&7].unit_data["wordpress/0"],
        map(&[("old", "value"), ("keep", "me")])
    );
    assert!(after.pending.relations.is_empty());
    assert!(after.hook.is_none());

    let mut d = after;
    d.begin_hook(
        "wordpress/0",
        "website-relation-changed",
        Some(HookRelation {
            id: 7,
            ..HookRelation::default()
        }),
    );
    statefile::save(&fake.state, &d).unwrap();
    tools
        .relation_set(&rel, false, &map(&[("port", "80"), ("old", "")]))
        .unwrap();
    tools
        .relation_set(&rel, true, &map(&[("url", "http://x")]))
        .unwrap();
    statefile::commit_hook(&fake.state).unwrap();
    let after = fake.load();
    assert_eq!(
        after.relations[&7].unit_data["wordpress/0"],
        map(&[("keep", "me"), ("port", "80")])
    );
    assert_eq!(
        after.relations[&7].app_data["wordpress"],
        map(&[("url", "http://x")])
    );
}

#[test]
fn app_writes_need_leadership() {
    let mut d = deployment();
    d.begin_hook(
        "wordpress/1",
        "website-relation-changed",
        Some(HookRelation {
            id: 7,
            remote_unit: Some("haproxy/0".into()),
            remote_app: Some("haproxy".into()),
            departing_unit: None,
        }),
    );
    let fake = Fake::new(&d);
    let process = fake.tools();
    let memory = InMemoryTools::new(d.clone());
    for tools in [&process as &dyn HookTools, &memory] {
        let err = tools
            .relation_set(&website(), true, &map(&[("a", "b")]))
            .unwrap_err();
        assert_eq!(err.exit_code(), Some(1));
        assert_eq!(err.message(), Some("cannot write relation settings"));
        assert_eq!(err.stderr(), Some("ERROR cannot write relation settings"));
        assert!(
            err.to_string()
                .contains("exited with status 1: cannot write relation settings"),
            "{err}"
        );
        // Unit bags are fine for non-leaders.
        tools
            .relation_set(&website(), false, &map(&[("a", "b")]))
            .unwrap();
        assert!(!tools.is_leader().unwrap());
        let err = tools.status_set(Status::Active, "", true).unwrap_err();
        assert_eq!(err.message(), Some("this unit is not the leader"));
        // A non-leader may not read its own app bag outside peer relations.
        let err = tools
            .relation_get(&website(), "wordpress", true)
            .unwrap_err();
        assert_eq!(err.message(), Some("permission denied"));
        assert_eq!(
            tools
                .relation_get(&RelationId::new("cluster", 2), "wordpress", true)
                .unwrap(),
            BTreeMap::new()
        );
    }
    assert_eq!(fake.load(), *memory.deployment());
    // Leader settings (Juju 3 only, for foreign charms) too.
    assert_eq!(
        both(&fake, &mut d, "leader-set", &["k=v"], ""),
        (
            1,
            String::new(),
            "ERROR cannot write leadership settings: not the leader\n".to_owned()
        )
    );
}

#[test]
fn leader_settings_work_on_juju_3_and_are_no_command_on_juju_4() {
    let mut d = deployment();
    let fake = Fake::new(&d);
    let ok = |out: &str| (0, out.to_owned(), String::new());
    assert_eq!(
        both(&fake, &mut d, "leader-set", &["--", "secret=", "new=v"], ""),
        ok("")
    );
    assert_eq!(
        both(&fake, &mut d, "leader-get", &["--format=json", "-"], ""),
        ok("{\"new\":\"v\"}\n")
    );
    assert_eq!(fake.load(), d);

    d.juju_version = "4.0.1".to_owned();
    statefile::save(&fake.state, &d).unwrap();
    for (tool, args) in [
        ("leader-get", &["--format=json", "-"][..]),
        ("leader-set", &["k=v"][..]),
        ("leader-get", &["--help"][..]),
    ] {
        assert_eq!(
            both(&fake, &mut d, tool, args, ""),
            (127, String::new(), format!("{tool}: command not found\n")),
            "{tool} {args:?}"
        );
    }
    assert_eq!(fake.load(), d);
    assert_eq!(
        d.applications["wordpress"].leader_settings,
        map(&[("new", "v")])
    );
}

#[test]
fn departing_unit_is_not_listed_but_its_data_stays_readable() {
    let mut d = deployment();
    d.relations.get_mut(&7).unwrap().members.remove("haproxy/0");
    d.begin_hook(
        "wordpress/0",
        "website-relation-departed",
        Some(HookRelation {
            id: 7,
            remote_unit: Some("haproxy/0".into()),
            remote_app: Some("haproxy".into()),
            departing_unit: Some("haproxy/1".into()),
        }),
    );
    let fake = Fake::new(&d);
    let process = fake.tools();
    let memory = InMemoryTools::new(d);
    for tools in [&process as &dyn HookTools, &memory] {
        assert_eq!(
            tools.relation_list(&website(), false).unwrap(),
            Vec::<String>::new()
        );
        assert_eq!(
            tools.relation_list(&website(), true).unwrap(),
            vec!["haproxy".to_owned()]
        );
        assert_eq!(
            tools.relation_get(&website(), "haproxy/0", false).unwrap(),
            map(&[("hostname", "h0"), ("port", "8080")])
        );
    }
}

/// One scenario through the typed API, with the results written down so
/// the two backends can be compared.
fn scenario(tools: &dyn HookTools) -> Vec<String> {
    let rel = website();
    let mut seen = Vec::new();
    let mut note = |what: &str, result: String| seen.push(format!("{what}: {result}"));
    note("ids", format!("{:?}", tools.relation_ids("website")));
    note("ids-none", format!("{:?}", tools.relation_ids("nothing")));
    note("list", format!("{:?}", tools.relation_list(&rel, false)));
    note(
        "get",
        format!("{:?}", tools.relation_get(&rel, "haproxy/0", false)),
    );
    note(
        "get-app",
        format!("{:?}", tools.relation_get(&rel, "haproxy", true)),
    );
    note(
        "get-unknown",
        format!(
            "{:?}",
            tools
                .relation_get(&RelationId::new("website", 123), "haproxy/0", false)
                .map_err(|e| e.to_string())
        ),
    );
    note(
        "get-flagish",
        format!(
            "{:?}",
            tools
                .relation_get(&rel, "-x", false)
                .map_err(|e| e.to_string())
        ),
    );
    note(
        "addr",
        format!("{:?}", tools.unit_get(AddressKind::Private)),
    );
    note("pub", format!("{:?}", tools.unit_get(AddressKind::Public)));
    note(
        "net",
        format!("{:?}", tools.network_get("website", Some(&rel))),
    );
    note("config", format!("{:?}", tools.config_get()));
    note("leader", format!("{:?}", tools.is_leader()));
    note(
        "log",
        format!(
            "{:?}",
            tools.juju_log(LogLevel::Debug, "--app looks like a flag")
        ),
    );
    note(
        "status",
        format!("{:?}", tools.status_set(Status::Waiting, "-- for db", true)),
    );
    note(
        "version",
        format!("{:?}", tools.application_version_set("-1.0")),
    );
    note(
        "set-empty",
        format!("{:?}", tools.relation_set(&rel, false, &BTreeMap::new())),
    );
    note(
        "set",
        format!("{:?}", tools.relation_set(&rel, false, &map(&[("k", "v")]))),
    );
    note(
        "get-own",
        format!("{:?}", tools.relation_get(&rel, "wordpress/0", false)),
    );
    seen
}

#[test]
fn the_same_scenario_gives_identical_results_in_process_and_through_executables() {
    let d = deployment();
    let fake = Fake::new(&d);
    let process = fake.tools();
    let memory = InMemoryTools::new(d);

    let from_process = scenario(&process);
    let from_memory = scenario(&memory);
    assert_eq!(from_process, from_memory);

    let end = fake.load();
    assert_eq!(end, *memory.deployment());
    // Calls refused before running (an empty set, a flag-like target)
    // never reach the tools.
    assert_eq!(process.calls().len(), end.calls.len());
    assert_eq!(end.count_calls("relation-set"), 1);
    assert_eq!(
        end.applications["wordpress"].version.as_deref(),
        Some("-1.0")
    );
    assert_eq!(end.logs[0].message, "--app looks like a flag");
    assert_eq!(end.logs[0].level, "DEBUG");
    assert!(from_process.iter().any(|l| l.starts_with("get-unknown: Err(\"`relation-get --format=json -r website:123 - haproxy/0` exited with status 2: invalid value \\\"website:123\\\" for option -r: relation not found\")")), "{from_process:#?}");
}

#[test]
fn tools_found_on_path_and_errors_when_missing() {
    let d = deployment();
    let fake = Fake::new(&d);
    let path = std::env::join_paths(std::iter::once(fake.bin.clone()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let tools = ProcessTools::from_path()
        .with_env("PATH", path)
        .with_env(STATE_ENV, &fake.state);
    assert!(tools.is_leader().unwrap());

    let missing = ProcessTools::in_dir(fake.bin.join("nowhere"));
    let err = missing.is_leader().unwrap_err();
    assert!(matches!(err.kind(), ToolErrorKind::Spawn(_)), "{err:?}");
    assert_eq!(err.tool(), "is-leader");
    assert_eq!(err.argv(), ["--format=json"]);

    // No state file configured: the tool fails with a message, exit 1.
    let unset = ProcessTools::in_dir(&fake.bin);
    let err = unset.is_leader().unwrap_err();
    assert_eq!(err.exit_code(), Some(1));
    assert!(err.message().unwrap().contains(STATE_ENV));
}

#[test]
fn bad_json_is_a_typed_error() {
    // A tool that prints something else than JSON.
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("is-leader");
    std::fs::write(&script, "#!/bin/sh\necho yes\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let err = ProcessTools::in_dir(dir.path()).is_leader().unwrap_err();
    assert!(
        matches!(err.kind(), ToolErrorKind::BadOutput { stdout, .. } if stdout == "yes\n"),
        "{err:?}"
    );
}

#[test]
fn hook_env_reads_back_as_the_hook_context() {
    let d = deployment();
    let env: BTreeMap<String, String> = d.hook_env("/charm").into_iter().collect();
    let ctx = iface_runtime::context::HookContext::from_env_any(&env, None).unwrap();
    assert_eq!(ctx.hook_name(), "website-relation-changed");
    assert_eq!(ctx.unit.to_string(), "wordpress/0");
    assert_eq!(ctx.charm_dir, Path::new("/charm"));
    let rel = ctx.relation().unwrap().clone();
    assert_eq!(rel.id, website());
    assert_eq!(rel.remote_unit.unwrap().to_string(), "haproxy/0");
    assert_eq!(rel.remote_app.as_deref(), Some("haproxy"));
}

#[test]
fn help_is_answered_as_jujuc_does() {
    // charmhelpers probes `relation-set --help` for `--file` before using it.
    let mut deployment = iface_sim::Deployment::new("test");
    let out = iface_sim::run_tool(
        &mut deployment,
        "relation-set",
        &["--help".to_owned()],
        &mut std::io::empty(),
    );
    assert_eq!(out.code, Some(0));
    let usage = String::from_utf8(out.stdout).unwrap();
    assert!(
        usage.starts_with("Usage: relation-set ") && usage.contains("--file"),
        "{usage}"
    );
}

/// The inode and bytes of a file: a rename over it, or a rewrite, shows.
fn identity(path: &Path) -> (u64, Vec<u8>) {
    use std::os::unix::fs::MetadataExt as _;
    (
        std::fs::metadata(path).unwrap().ino(),
        std::fs::read(path).unwrap(),
    )
}

#[test]
fn reading_tools_append_their_call_and_leave_the_state_file_alone() {
    let fake = Fake::new(&deployment());
    let before = identity(&fake.state);
    let (code, out, _) = fake.raw(
        "relation-get",
        &["-r", "website:7", "hostname", "haproxy/0"],
        "",
    );
    assert_eq!((code, out.as_str()), (0, "h0\n"));
    let (code, _, _) = fake.raw("relation-ids", &["website"], "");
    assert_eq!(code, 0);
    let (code, _, _) = fake.raw("juju-log", &["hello"], "");
    assert_eq!(code, 0);
    assert_eq!(identity(&fake.state), before, "a read rewrote the state");

    let calls = std::fs::read_to_string(fake.state.with_extension("json.calls")).unwrap();
    let tools: Vec<String> = calls
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap()["tool"].to_string())
        .collect();
    assert_eq!(
        tools,
        [r#""relation-get""#, r#""relation-ids""#, r#""juju-log""#]
    );
    let d = fake.load();
    assert_eq!(d.calls.len(), 3);
    assert_eq!(d.calls[0].stdout, "h0\n");
    assert_eq!(d.logs.len(), 1);
    assert_eq!(d.logs[0].message, "hello");

    // A write rewrites the state, and its call joins the others.
    let (code, _, _) = fake.raw("relation-set", &["-r", "website:7", "port=80"], "");
    assert_eq!(code, 0);
    assert_ne!(identity(&fake.state), before);
    let d = fake.load();
    assert_eq!(d.count_calls("relation-set"), 1);
    assert_eq!(d.calls.len(), 4);
    assert_eq!(d.pending.relations[&7].unit["port"], Some("80".to_owned()));
    // The state file holds no calls or logs of its own.
    let text = std::fs::read_to_string(&fake.state).unwrap();
    assert!(
        !text.contains("\"calls\"") && !text.contains("\"logs\""),
        "{text}"
    );
}

#[test]
fn clearing_the_calls_in_an_update_clears_them_on_disk() {
    let fake = Fake::new(&deployment());
    fake.raw("relation-ids", &["website"], "");
    fake.raw("relation-ids", &["cluster"], "");
    let taken = statefile::update(&fake.state, |d| core::mem::take(&mut d.calls)).unwrap();
    assert_eq!(taken.len(), 2);
    assert!(fake.load().calls.is_empty());
    fake.raw("relation-list", &["-r", "website:7"], "");
    let d = fake.load();
    assert_eq!(d.calls.len(), 1);
    assert_eq!(d.calls[0].tool, "relation-list");
}

#[test]
fn a_state_file_written_whole_with_its_calls_is_read_and_its_calls_move_out() {
    let fake = Fake::new(&deployment());
    let mut d = deployment();
    d.logs.push(iface_sim::LogEntry {
        unit: "wordpress/0".into(),
        level: "INFO".into(),
        message: "from before".into(),
    });
    // The shape of a state file that keeps everything in one JSON value.
    let mut whole = serde_json::to_value(&d).unwrap();
    whole["calls"] = json!([{"tool": "is-leader", "args": [], "code": 0, "stdout": "True\n"}]);
    std::fs::write(&fake.state, serde_json::to_vec(&whole).unwrap()).unwrap();
    std::fs::remove_file(fake.state.with_extension("json.calls")).unwrap();
    std::fs::remove_file(fake.state.with_extension("json.logs")).unwrap();

    fake.raw("juju-log", &["after"], "");
    let d = fake.load();
    let tools: Vec<&str> = d.calls.iter().map(|c| c.tool.as_str()).collect();
    assert_eq!(tools, ["is-leader", "juju-log"]);
    let messages: Vec<&str> = d.logs.iter().map(|l| l.message.as_str()).collect();
    assert_eq!(messages, ["from before", "after"]);
    let text = std::fs::read_to_string(&fake.state).unwrap();
    assert!(!text.contains("\"calls\""), "{text}");
}
