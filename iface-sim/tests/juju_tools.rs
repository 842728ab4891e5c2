//! The hook tools ops 3.x calls beyond relation data, with jujuc's argv,
//! output and exact errors, each call run through the `iface-fake-tools`
//! executable and in-process and checked to agree: `status-get`,
//! `state-*`, ports, the action tools, `goal-state` and the secret tools;
//! and Juju's rule that what a hook queues is committed only when it
//! succeeds.

mod support;

use iface_sim::{
    ActionOutcome, ActionStatus, Deployment, HookRelation, HookSecret, HookState, StatusEntry,
    statefile,
};
use serde_json::{Value, json};
use support::{Fake, both};

/// wordpress (2 units, wordpress/0 leads, active "ready") provides
/// `website` to haproxy (relation 7); peer relation 2 is `cluster`.
/// wordpress/0 runs `website-relation-changed` for haproxy/0.
fn deployment() -> Deployment {
    let mut d = Deployment::new("test");
    d.without_juju_addresses = true;
    for (unit, address) in [
        ("wordpress/0", "10.0.0.1"),
        ("wordpress/1", "10.0.0.2"),
        ("haproxy/0", "10.0.0.9"),
    ] {
        d.add_unit(unit, address);
    }
    d.set_leader("wordpress/0");
    d.set_leader("haproxy/0");
    d.units.get_mut("wordpress/0").unwrap().status = Some(StatusEntry {
        status: "active".into(),
        message: "ready".into(),
    });
    d.applications.get_mut("wordpress").unwrap().status = Some(StatusEntry {
        status: "active".into(),
        message: "all good".into(),
    });
    d.add_relation(7, ("wordpress", "website"), ("haproxy", "reverseproxy"))
        .members = ["wordpress/0", "wordpress/1", "haproxy/0"]
        .map(String::from)
        .into();
    d.add_peer_relation(2, "wordpress", "cluster").members =
        ["wordpress/0", "wordpress/1"].map(String::from).into();
    d.begin_hook(
        "wordpress/0",
        "website-relation-changed",
        Some(HookRelation::unit(7, "haproxy/0")),
    );
    d
}

/// Runs `cases` in order against one deployment through both backends:
/// (tool, args, (exit code, stdout, stderr)).
/// A raw call and what it prints: (tool, args, (exit code, stdout,
/// stderr)).
type Case<'a> = (&'a str, &'a [&'a str], (i32, &'a str, &'a str));

fn check(d: &mut Deployment, cases: &[Case<'_>]) {
    let fake = Fake::new(d);
    for (tool, args, (code, stdout, stderr)) in cases {
        let got = both(&fake, d, tool, args, "");
        assert_eq!(
            got,
            ((*code), (*stdout).to_owned(), (*stderr).to_owned()),
            "{tool} {args:?}"
        );
    }
}

#[test]
fn status_get_prints_both_shapes() {
    let mut d = deployment();
    check(
        &mut d,
        &[
            ("status-get", &[], (0, "active\n", "")),
            (
                "status-get",
                &["--format=json"],
                (0, "{\"status\":\"active\"}\n", ""),
            ),
            (
                "status-get",
                &["--include-data", "--format=json", "--application=false"],
                (
                    0,
                    "{\"message\":\"ready\",\"status\":\"active\",\"status-data\":{}}\n",
                    "",
                ),
            ),
            (
                "status-get",
                &["--include-data", "--format=json", "--application=True"],
                (
                    0,
                    "{\"application-status\":{\"message\":\"all good\",\"status\":\"active\",\
                     \"status-data\":{},\"units\":{\"wordpress/0\":{\"message\":\"ready\",\
                     \"status\":\"active\",\"status-data\":{}},\"wordpress/1\":{\"message\":\"\",\
                     \"status\":\"unknown\",\"status-data\":{}}}}}\n",
                    "",
                ),
            ),
            (
                "status-get",
                &["x"],
                (2, "", "ERROR unrecognized args: [\"x\"]\n"),
            ),
            (
                "status-set",
                &["--application=False", "maintenance", "--", "-busy-"],
                (0, "", ""),
            ),
            (
                "status-get",
                &["--format=yaml"],
                (0, "status: maintenance\n", ""),
            ),
        ],
    );
    d.begin_hook("wordpress/1", "update-status", None);
    check(
        &mut d,
        &[(
            "status-get",
            &["--application", "--format=json"],
            (
                1,
                "",
                "ERROR finding application status: this unit is not the leader\n",
            ),
        )],
    );
}

#[test]
fn state_is_queued_read_back_and_committed_only_on_success() {
    let mut d = deployment();
    let long_key = format!("{}=v", "k".repeat(257));
    check(
        &mut d,
        &[
            ("state-get", &["--format=json"], (0, "null\n", "")),
            ("state-get", &[], (0, "{}\n", "")),
            ("state-get", &["--format=json", "k"], (0, "\"\"\n", "")),
            (
                "state-get",
                &["--strict", "k"],
                (1, "", "ERROR \"k\" not found\n"),
            ),
            ("state-set", &["a=1", "b=", "c=3"], (0, "", "")),
            ("state-delete", &["c"], (0, "", "")),
            ("state-delete", &[], (0, "", "")),
            (
                "state-get",
                &["--format=json"],
                (0, "{\"a\":\"1\",\"b\":\"\"}\n", ""),
            ),
            ("state-get", &["a"], (0, "1\n", "")),
            (
                "state-set",
                &["x"],
                (2, "", "ERROR expected \"key=value\", got \"x\"\n"),
            ),
            (
                "state-set",
                &[long_key.as_str()],
                (1, "", "ERROR max allowed key length (256) exceeded\n"),
            ),
            (
                "state-delete",
                &["a", "b"],
                (2, "", "ERROR unrecognized args: [\"b\"]\n"),
            ),
        ],
    );
    let mut failed = d.clone();
    failed.end_hook(false);
    assert!(failed.units["wordpress/0"].state.is_empty());
    let end = d.end_hook(true);
    assert!(end.committed);
    assert_eq!(
        d.units["wordpress/0"].state,
        [("a".into(), "1".into()), ("b".into(), String::new())].into()
    );
}

/// Port calls in order, on one hook: opens, the listing with this hook's
/// changes, a close, and every argument error.
const PORT_CASES: &[Case<'static>] = &[
    ("opened-ports", &["--format=json"], (0, "[]\n", "")),
    ("open-port", &["80"], (0, "", "")),
    ("open-port", &["8000-8100/UDP"], (0, "", "")),
    ("open-port", &["icmp"], (0, "", "")),
    (
        "open-port",
        &["8080", "--endpoints", "website, cluster"],
        (0, "", ""),
    ),
    ("open-port", &["80"], (0, "", "")),
    (
        "opened-ports",
        &["--format=json"],
        (
            0,
            "[\"icmp\",\"80/tcp\",\"8080/tcp\",\"8000-8100/udp\"]\n",
            "",
        ),
    ),
    (
        "opened-ports",
        &["--endpoints"],
        (
            0,
            "icmp (*)\n80/tcp (*)\n8080/tcp (cluster, website)\n8000-8100/udp (*)\n",
            "",
        ),
    ),
    ("close-port", &["80/tcp"], (0, "", "")),
    (
        "opened-ports",
        &["--format=json"],
        (0, "[\"icmp\",\"8080/tcp\",\"8000-8100/udp\"]\n", ""),
    ),
    (
        "open-port",
        &["8050/udp"],
        (
            1,
            "",
            "ERROR cannot open 8050/udp (unit \"wordpress/0\"): port range conflicts \
                     with 8000-8100/udp (unit \"wordpress/0\") requested earlier\n",
        ),
    ),
    (
        "open-port",
        &[],
        (2, "", "ERROR no port or range specified\n"),
    ),
    (
        "open-port",
        &["abc"],
        (
            2,
            "",
            "ERROR invalid port \"abc\": strconv.Atoi: parsing \"abc\": invalid syntax\n",
        ),
    ),
    (
        "open-port",
        &["1-2-3"],
        (2, "", "ERROR invalid port range \"1-2-3\"\n"),
    ),
    (
        "open-port",
        &["80/sctp"],
        (
            2,
            "",
            "ERROR invalid protocol \"sctp\", expected \"tcp\", \"udp\", or \"icmp\"\n",
        ),
    ),
    (
        "open-port",
        &["80/icmp"],
        (
            2,
            "",
            "ERROR protocol \"icmp\" doesn't support any ports; got \"80\"\n",
        ),
    ),
    (
        "open-port",
        &["200-100"],
        (2, "", "ERROR invalid port range 200-100/tcp\n"),
    ),
    (
        "close-port",
        &["0-70000"],
        (
            2,
            "",
            "ERROR port range bounds must be between 0 and 65535, got 0-70000\n",
        ),
    ),
    (
        "open-port",
        &["443", "--format=json"],
        (0, "", "--format flag deprecated for command \"open-port\""),
    ),
];

#[test]
fn ports_parse_as_juju_does_and_list_with_pending_changes() {
    let mut d = deployment();
    check(&mut d, PORT_CASES);
    d.end_hook(true);
    let opened: Vec<(String, Vec<String>)> = d.units["wordpress/0"]
        .opened_ports
        .iter()
        .map(|(e, r)| (e.clone(), r.iter().map(ToString::to_string).collect()))
        .collect();
    assert_eq!(
        opened,
        [
            (
                "*".to_owned(),
                vec!["icmp".to_owned(), "443/tcp".into(), "8000-8100/udp".into()]
            ),
            ("cluster".to_owned(), vec!["8080/tcp".to_owned()]),
            ("website".to_owned(), vec!["8080/tcp".to_owned()]),
        ]
    );
    // Another unit on the same machine may not take an overlapping range.
    d.units.get_mut("haproxy/0").unwrap().machine = d.units["wordpress/0"].machine.clone();
    d.begin_hook("haproxy/0", "start", None);
    check(
        &mut d,
        &[(
            "open-port",
            &["8000/udp"],
            (
                1,
                "",
                "ERROR cannot open 8000/udp (unit \"haproxy/0\"): port range conflicts with \
                 8000-8100/udp (unit \"wordpress/0\")\n",
            ),
        )],
    );
}

#[test]
fn action_tools_read_params_and_build_results() {
    let mut d = deployment();
    check(
        &mut d,
        &[
            ("action-get", &[], (1, "", "ERROR not running an action\n")),
            ("action-log", &[], (2, "", "ERROR no message specified\n")),
            (
                "action-fail",
                &["a", "b"],
                (2, "", "ERROR unrecognized args: [\"b\"]\n"),
            ),
        ],
    );
    let params = json!({"backup": {"dest": "/srv/backup", "compress": true}, "count": 3});
    let Value::Object(params) = params else {
        unreachable!()
    };
    d.begin(HookState::action("wordpress/0", "do-backup", params));
    check(
        &mut d,
        &[
            (
                "action-get",
                &["--format=json"],
                (
                    0,
                    "{\"backup\":{\"compress\":true,\"dest\":\"/srv/backup\"},\"count\":3}\n",
                    "",
                ),
            ),
            (
                "action-get",
                &["backup.dest", "--format=json"],
                (0, "\"/srv/backup\"\n", ""),
            ),
            (
                "action-get",
                &["backup.nope", "--format=json"],
                (0, "null\n", ""),
            ),
            ("action-get", &["backup.nope"], (0, "", "")),
            ("action-get", &["count"], (0, "3\n", "")),
            (
                "action-set",
                &["out.path=/srv/x", "out.size=10", "ok=yes"],
                (0, "", ""),
            ),
            ("action-set", &["ok.really=yes"], (0, "", "")),
            (
                "action-set",
                &["novalue"],
                (
                    2,
                    "",
                    "ERROR argument \"novalue\" must be of the form key...=value\n",
                ),
            ),
            (
                "action-set",
                &["Bad.key=1"],
                (
                    2,
                    "",
                    "ERROR key \"Bad\" must start and end with lowercase alphanumeric, and \
                     contain only lowercase alphanumeric, hyphens and periods\n",
                ),
            ),
            (
                "action-set",
                &["a.stdout=1"],
                (2, "", "ERROR cannot set reserved action key \"stdout\"\n"),
            ),
            ("action-log", &["half", "way"], (0, "", "")),
            ("action-fail", &[], (0, "", "")),
            ("state-set", &["done=yes"], (0, "", "")),
        ],
    );
    let end = d.end_hook(true);
    let outcome = ActionOutcome::of(end.action.unwrap(), 0, end.commit_error.as_deref());
    assert_eq!(outcome.status, ActionStatus::Failed);
    assert_eq!(
        outcome.message,
        "action failed without reason given, check action for errors"
    );
    assert_eq!(
        Value::Object(outcome.results),
        json!({"out": {"path": "/srv/x", "size": "10"}, "ok": {"really": "yes"}})
    );
    assert_eq!(outcome.log, ["half way"]);
    // action-fail with exit 0 commits what the action queued.
    assert_eq!(d.units["wordpress/0"].state["done"], "yes");
}

#[test]
fn goal_state_lists_units_and_related_applications() {
    let mut d = deployment();
    check(
        &mut d,
        &[
            (
                "goal-state",
                &["--format=json"],
                (
                    0,
                    "{\"relations\":{\"website\":{\"haproxy\":{\"since\":\"2024-07-15 10:00:00Z\",\
                     \"status\":\"joined\"},\"haproxy/0\":{\"since\":\"2024-07-15 10:00:00Z\",\
                     \"status\":\"waiting\"}}},\"units\":{\"wordpress/0\":{\"since\":\
                     \"2024-07-15 10:00:00Z\",\"status\":\"active\"},\"wordpress/1\":{\"since\":\
                     \"2024-07-15 10:00:00Z\",\"status\":\"waiting\"}}}\n",
                    "",
                ),
            ),
            (
                "goal-state",
                &["--format=smart"],
                (
                    2,
                    "",
                    "ERROR invalid value \"smart\" for option --format: unknown format \"smart\"\n",
                ),
            ),
        ],
    );
}

/// The URI `secret-add` printed, and its bare id.
fn added(out: &str) -> (String, String) {
    let uri = out.trim_end().to_owned();
    let id = uri.rsplit('/').next().unwrap().to_owned();
    (uri, id)
}

#[test]
fn secret_add_refuses_bad_arguments() {
    let mut d = deployment();
    let fake = Fake::new(&d);
    let call = |d: &mut Deployment, tool: &str, args: &[&str]| both(&fake, d, tool, args, "");
    // Argument errors.
    for (args, error) in [
        (&[][..], "missing secret value or filename"),
        (&["pa=x"][..], "key \"pa\" not valid"),
        (&["k="][..], "key value \"k=\" not valid"),
        (
            &["--rotate", "often", "pass=x"][..],
            "rotate policy \"often\" not valid",
        ),
        (
            &["--owner", "model", "pass=x"][..],
            "secret owner \"model\" not valid",
        ),
        (
            &["--expire", "soon", "pass=x"][..],
            "expire time or duration \"soon\" not valid",
        ),
        (
            &["--expire", "-1h", "pass=x"][..],
            "negative expire duration \"-1h\" not valid",
        ),
    ] {
        assert_eq!(
            call(&mut d, "secret-add", args),
            (2, String::new(), format!("ERROR {error}\n")),
            "{args:?}"
        );
    }
    let big = format!("pass={}", "x".repeat(8 * 1024 + 1));
    assert_eq!(
        call(&mut d, "secret-add", &[big.as_str()]).2,
        "ERROR secret content for key \"pass\" too large: 8193 bytes\n"
    );
}

/// Secret-tool calls jujuc refuses, with its exact errors, on a hook
/// that added the secret `uri`.
fn refused_as_juju_refuses(d: &mut Deployment, fake: &Fake, uri: &str) {
    let call = |d: &mut Deployment, tool: &str, args: &[&str]| both(fake, d, tool, args, "");
    for (tool, args, code, error) in [
        (
            "secret-get",
            &[][..],
            2,
            "require either a secret URI or label".to_owned(),
        ),
        (
            "secret-get",
            &[uri, "--peek", "--refresh"][..],
            2,
            "specify one of --peek or --refresh but not both".to_owned(),
        ),
        (
            "secret-get",
            &["secret:nope"][..],
            2,
            "secret URI \"secret:nope\" not valid".to_owned(),
        ),
        (
            "secret-get",
            &["secret:aaaaaaaaaaaaaaaaaaaa"][..],
            1,
            "secret \"secret:aaaaaaaaaaaaaaaaaaaa\" not found".to_owned(),
        ),
        (
            "secret-get",
            &["--label", "nope"][..],
            1,
            "consumer label \"nope\" not found".to_owned(),
        ),
        (
            "secret-get",
            &[uri, "nope"][..],
            1,
            "secret key value \"nope\" not found".to_owned(),
        ),
        (
            "secret-info-get",
            &[][..],
            2,
            "require either a secret URI or label".to_owned(),
        ),
        (
            "secret-info-get",
            &[uri, "--label", "db"][..],
            2,
            "specify either a secret URI or label but not both".to_owned(),
        ),
        ("secret-set", &[][..], 2, "missing secret URI".to_owned()),
        (
            "secret-grant",
            &[uri, "-r", "7", "--unit", "nginx/0"][..],
            2,
            "cannot specify unit \"nginx/0\" in relation to application \"haproxy\"".to_owned(),
        ),
        (
            "secret-revoke",
            &[uri, "--app", "haproxy", "--unit", "haproxy/0"][..],
            2,
            "specify only one of application or unit".to_owned(),
        ),
        (
            "secret-revoke",
            &[uri, "-r", "7", "--app", "haproxy"][..],
            2,
            "do not specify both relation and app".to_owned(),
        ),
        ("secret-remove", &[][..], 2, "missing secret URI".to_owned()),
    ] {
        assert_eq!(
            call(d, tool, args),
            (code, String::new(), format!("ERROR {error}\n")),
            "{tool} {args:?}"
        );
    }
}

/// The leader of wordpress adds an application secret (password, user)
/// and grants it over relation 7, and the hook commits; returns its URI
/// and bare id.
fn leader_adds_and_grants(d: &mut Deployment) -> (String, String) {
    let fake = Fake::new(d);
    let call = |d: &mut Deployment, tool: &str, args: &[&str]| both(&fake, d, tool, args, "");
    // The leader adds an application secret; within the hook it is there.
    let (code, out, _) = call(
        d,
        "secret-add",
        &[
            "--label",
            "db",
            "--description",
            "my db",
            "password=s3cret",
            "user#base64=Ym9i",
        ],
    );
    assert_eq!(code, 0);
    let (uri, id) = added(&out);
    assert!(
        uri.starts_with(&format!("secret://{}/", d.model_uuid)),
        "{uri}"
    );
    assert_eq!(id.len(), 20);
    assert_eq!(
        call(d, "secret-get", &[&uri, "--format=json"]),
        (
            0,
            "{\"password\":\"s3cret\",\"user\":\"bob\"}\n".into(),
            String::new()
        )
    );
    assert_eq!(
        call(d, "secret-get", &["--label", "db", "user#base64"]),
        (0, "Ym9i\n".into(), String::new())
    );
    assert_eq!(
        call(d, "secret-ids", &["--format=json"]),
        (0, format!("[\"{id}\"]\n"), String::new())
    );
    assert_eq!(
        call(d, "secret-info-get", &["--format=json", "--label", "db"]),
        (
            0,
            format!(
                "{{\"{id}\":{{\"description\":\"my db\",\"label\":\"db\",\"owner\":\"application\",\
                 \"revision\":1}}}}\n"
            ),
            String::new()
        )
    );
    assert_eq!(
        call(d, "secret-grant", &[&uri, "--relation", "7"]),
        (0, String::new(), String::new())
    );
    refused_as_juju_refuses(d, &fake, &uri);
    // Content never reaches the calls log.
    let logged = serde_json::to_string(&d.calls).unwrap();
    assert!(
        !logged.contains("s3cret") && !logged.contains("Ym9i"),
        "{logged}"
    );
    assert!(logged.contains("password=<redacted>"), "{logged}");
    d.end_hook(true);
    assert_eq!(
        fake.load().calls.len(),
        d.calls.len(),
        "both backends logged every call"
    );

    (uri, id)
}

#[test]
fn secrets_follow_jujus_rules() {
    let mut d = deployment();
    let (uri, id) = leader_adds_and_grants(&mut d);

    // haproxy/0 reads it through the grant, and tracks revision 1.
    d.begin_hook(
        "haproxy/0",
        "reverseproxy-relation-changed",
        Some(HookRelation::app(7, "wordpress")),
    );
    let fake = Fake::new(&d);
    let call = |d: &mut Deployment, tool: &str, args: &[&str]| both(&fake, d, tool, args, "");
    assert_eq!(
        call(
            &mut d,
            "secret-get",
            &[&uri, "password", "--label", "theirs"]
        )
        .1,
        "s3cret\n"
    );
    assert_eq!(
        call(&mut d, "secret-info-get", &[&uri]),
        (
            1,
            String::new(),
            format!("ERROR secret \"{id}\" not found\n")
        )
    );
    assert_eq!(call(&mut d, "secret-ids", &["--format=json"]).1, "null\n");
    // An observer's change fails at commit, and the hook with it.
    assert_eq!(call(&mut d, "secret-set", &[&uri, "password=mine"]).0, 0);
    let end = d.end_hook(true);
    assert_eq!(
        end.commit_error.as_deref(),
        Some("committing requested changes failed: permission denied")
    );
    assert_eq!(d.secrets[&id].latest(), 1);
    assert_eq!(
        d.secrets[&id].consumers["haproxy/0"].label.as_deref(),
        Some("theirs")
    );

    // The owner's new revision: the consumer keeps revision 1 until it
    // refreshes; --peek looks without tracking.
    d.begin_hook("wordpress/0", "config-changed", None);
    run(&mut d, "secret-set", &[&uri, "password=n3w"]);
    assert_eq!(d.end_hook(true).commit_error, None);
    assert_eq!(d.secrets[&id].latest(), 2);
    d.begin(HookState::secret(
        "haproxy/0",
        "secret-changed",
        HookSecret {
            id: format!("secret:{id}"),
            label: "theirs".into(),
            revision: None,
        },
    ));
    assert_eq!(
        run(&mut d, "secret-get", &["--label", "theirs", "password"]),
        "s3cret\n"
    );
    assert_eq!(
        run(&mut d, "secret-get", &[&uri, "--peek", "password"]),
        "n3w\n"
    );
    assert_eq!(run(&mut d, "secret-get", &[&uri, "password"]), "s3cret\n");
    assert_eq!(
        run(&mut d, "secret-get", &[&uri, "--refresh", "password"]),
        "n3w\n"
    );
    d.end_hook(true);
    assert_eq!(d.secrets[&id].consumers["haproxy/0"].revision, 2);

    // Revoked, the consumer may no longer read it; removed, it is gone.
    d.begin_hook("wordpress/0", "config-changed", None);
    run(&mut d, "secret-revoke", &[&uri, "--app", "haproxy"]);
    d.end_hook(true);
    d.begin_hook("haproxy/0", "update-status", None);
    let out = iface_sim::run_tool(
        &mut d,
        "secret-get",
        std::slice::from_ref(&uri),
        &mut "".as_bytes(),
    );
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (Some(1), "ERROR permission denied\n")
    );
    d.end_hook(true);
    d.begin_hook("wordpress/0", "config-changed", None);
    run(&mut d, "secret-remove", &[&uri, "--revision", "1"]);
    d.end_hook(true);
    assert_eq!(
        d.secrets[&id].revisions.keys().copied().collect::<Vec<_>>(),
        [2]
    );
    d.begin_hook("wordpress/0", "config-changed", None);
    run(&mut d, "secret-remove", &[&uri]);
    d.end_hook(true);
    assert!(d.secrets.is_empty());
}

/// Runs a call that must succeed in-process; its stdout.
fn run(d: &mut Deployment, tool: &str, args: &[&str]) -> String {
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    let out = iface_sim::run_tool(d, tool, &args, &mut "".as_bytes());
    assert_eq!(out.code, Some(0), "{tool} {args:?}: {}", out.stderr);
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_non_leader_may_not_add_an_application_secret() {
    let mut d = deployment();
    d.begin_hook("wordpress/1", "install", None);
    check(
        &mut d,
        &[(
            "secret-add",
            &["password=x"],
            (1, "", "ERROR this unit is not the leader\n"),
        )],
    );
    let out = run(&mut d, "secret-add", &["--owner", "unit", "password=x"]);
    assert!(out.starts_with("secret://"), "{out}");
}

#[test]
fn the_hook_environment_is_jujus() {
    let mut d = deployment();
    let env = |d: &Deployment| -> std::collections::BTreeMap<String, String> {
        d.hook_env("/charm").into_iter().collect()
    };
    let relation = env(&d);
    for (var, value) in [
        ("JUJU_UNIT_NAME", "wordpress/0"),
        ("JUJU_HOOK_NAME", "website-relation-changed"),
        ("JUJU_DISPATCH_PATH", "hooks/website-relation-changed"),
        ("JUJU_CHARM_DIR", "/charm"),
        ("CHARM_DIR", "/charm"),
        ("JUJU_MODEL_NAME", "test"),
        ("JUJU_MODEL_UUID", iface_sim::DEFAULT_MODEL_UUID),
        ("JUJU_VERSION", iface_sim::DEFAULT_JUJU_VERSION),
        ("JUJU_MACHINE_ID", "0"),
        ("JUJU_PRINCIPAL_UNIT", ""),
        (
            "JUJU_AGENT_SOCKET_ADDRESS",
            "@/var/lib/juju/agents/unit-wordpress-0/agent.socket",
        ),
        ("JUJU_AGENT_SOCKET_NETWORK", "unix"),
        ("JUJU_API_ADDRESSES", "127.0.0.1:17070"),
        ("JUJU_SLA", "unsupported"),
        ("JUJU_RELATION", "website"),
        ("JUJU_RELATION_ID", "website:7"),
        ("JUJU_REMOTE_UNIT", "haproxy/0"),
        ("JUJU_REMOTE_APP", "haproxy"),
    ] {
        assert_eq!(relation.get(var).map(String::as_str), Some(value), "{var}");
    }
    assert!(relation["JUJU_CONTEXT_ID"].starts_with("wordpress/0-website-relation-changed-"));
    assert!(d.units["wordpress/0"].availability_zone.is_empty());
    assert!(!relation.contains_key("JUJU_AVAILABILITY_ZONE"));

    d.juju_version = "4.0.1".into();
    d.units.get_mut("wordpress/0").unwrap().availability_zone = "zone-a".into();
    d.begin(HookState::action(
        "wordpress/0",
        "do-backup",
        serde_json::Map::new(),
    ));
    let action = env(&d);
    assert_eq!(action["JUJU_HOOK_NAME"], "");
    assert_eq!(action["JUJU_DISPATCH_PATH"], "actions/do-backup");
    assert_eq!(action["JUJU_ACTION_NAME"], "do-backup");
    let id = &d.hook.as_ref().unwrap().action.as_ref().unwrap().id;
    assert_eq!(&action["JUJU_ACTION_UUID"], id);
    assert_eq!(action["JUJU_ACTION_TAG"], format!("action-{id}"));
    assert_eq!(action["JUJU_VERSION"], "4.0.1");
    assert_eq!(action["JUJU_AVAILABILITY_ZONE"], "zone-a");
    assert!(!action.contains_key("JUJU_SLA"));
    assert!(!action.contains_key("JUJU_RELATION_ID"));

    d.begin(HookState::secret(
        "wordpress/0",
        "secret-remove",
        HookSecret {
            id: "secret:cqeho039cphl2j80000g".into(),
            label: String::new(),
            revision: Some(3),
        },
    ));
    let secret = env(&d);
    assert_eq!(secret["JUJU_SECRET_ID"], "secret:cqeho039cphl2j80000g");
    assert_eq!(secret["JUJU_SECRET_LABEL"], "");
    assert_eq!(secret["JUJU_SECRET_REVISION"], "3");
    assert_eq!(secret["JUJU_HOOK_NAME"], "secret-remove");

    // The state file carries all of it to the executable.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    statefile::save(&path, &d).unwrap();
    assert_eq!(statefile::load(&path).unwrap(), d);
}
