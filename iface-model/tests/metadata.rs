//! The charm metadata model: seed 002's files, charmcraft.yaml, every
//! error with its message and location, and garbage that must not panic.

use iface_model::metadata::{Location, Metadata, MetadataError, RelationScope, SetDecl, parse};
use iface_model::role::Role;

fn ok(text: &str) -> Metadata {
    match parse(text) {
        Ok(metadata) => metadata,
        Err(errors) => panic!("unexpected errors: {errors:#?}"),
    }
}

/// Every error as `line:col: message` (or the bare message).
fn errors(text: &str) -> Vec<String> {
    match parse(text) {
        Ok(metadata) => panic!("expected errors, parsed {metadata:#?}"),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

/// The only error of `text`.
fn error(text: &str) -> String {
    let mut all = errors(text);
    assert_eq!(all.len(), 1, "expected one error, got {all:#?}");
    all.remove(0)
}

fn at(line: usize, column: usize) -> Location {
    Location { line, column }
}

fn set(key: &str, after: &[&str]) -> SetDecl {
    SetDecl {
        key: key.to_owned(),
        after: after.iter().map(|&k| k.to_owned()).collect(),
        ..SetDecl::default()
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|&s| s.to_owned()).collect()
}

const PYTHON_DJANGO: &str = "\
name: python-django
summary: A Django application
provides:
  website:
    interface: http
    sets: [host, port]
";

const HAPROXY: &str = "\
name: haproxy
requires:
  reverseproxy:
    interface: http
    gets: [host, port]
";

const A: &str = "\
name: a
requires:
  ab:
    interface: ab
    sets:
    - P: [X, Y]
    - Q: [X, Y]
    gets: [X, Y, Z]
";

const B: &str = "\
name: b
provides:
  ab:
    interface: ab
    sets:
    - X
    - Y
    - Z: [P, Q]
    gets: [P, Q]
";

#[test]
fn python_django_sets_host_and_port() {
    let metadata = ok(PYTHON_DJANGO);
    assert_eq!(metadata.name, "python-django");
    assert!(!metadata.subordinate);
    let website = metadata.relation("website").unwrap();
    assert_eq!(website.role, Role::Provides);
    assert_eq!(website.interface, "http");
    assert_eq!(website.scope, RelationScope::Global);
    assert_eq!(website.limit, None);
    assert!(!website.optional);
    assert_eq!(website.sets, vec![set("host", &[]), set("port", &[])]);
    assert!(website.gets.is_empty());
    assert_eq!(website.location, at(4, 3));
    assert_eq!(
        metadata.endpoint_of("website"),
        Some((Role::Provides, "http"))
    );
    assert_eq!(metadata.endpoint_of("juju-info"), None);
    assert_eq!(
        metadata.endpoints(),
        vec![("website", Role::Provides, "http")]
    );
}

#[test]
fn haproxy_gets_host_and_port() {
    let metadata = ok(HAPROXY);
    let proxy = metadata.relation("reverseproxy").unwrap();
    assert_eq!(proxy.role, Role::Requires);
    assert_eq!(proxy.gets, strings(&["host", "port"]));
    assert!(proxy.sets.is_empty());
    assert_eq!(proxy.location, at(3, 3));
    // The simple form's promise: what one side sets, the other gets.
    let django = ok(PYTHON_DJANGO);
    let sets: Vec<&str> = django.relations[0]
        .sets
        .iter()
        .map(|s| s.key.as_str())
        .collect();
    assert_eq!(sets, proxy.gets);
}

#[test]
fn handshake_charms_use_the_complex_form() {
    let a = ok(A);
    let ab = a.relation("ab").unwrap();
    assert_eq!(ab.role, Role::Requires);
    assert_eq!(ab.sets, vec![set("P", &["X", "Y"]), set("Q", &["X", "Y"])]);
    assert_eq!(ab.gets, strings(&["X", "Y", "Z"]));

    let b = ok(B);
    let ba = b.relation("ab").unwrap();
    assert_eq!(ba.role, Role::Provides);
    assert_eq!(
        ba.sets,
        vec![set("X", &[]), set("Y", &[]), set("Z", &["P", "Q"])]
    );
    assert_eq!(ba.gets, strings(&["P", "Q"]));

    // Each side waits only for keys the other side writes.
    for (waiter, writer) in [(ab, ba), (ba, ab)] {
        for key in waiter
            .sets
            .iter()
            .flat_map(|s| &s.after)
            .chain(&waiter.gets)
        {
            assert!(writer.sets.iter().any(|s| &s.key == key), "{key}");
        }
    }
}

#[test]
fn flow_style_gives_the_same_model() {
    let flow = "name: a\nrequires: {ab: {interface: ab, sets: [{P: [X, Y]}, {Q: [X, Y]}], gets: [X, Y, Z]}}\n";
    let mut from_flow = ok(flow);
    let mut from_block = ok(A);
    assert_eq!(from_flow.relations[0].location, at(2, 12));
    from_flow.relations[0].location = at(0, 0);
    from_block.relations[0].location = at(0, 0);
    assert_eq!(from_flow, from_block);
}

#[test]
fn charmcraft_yaml_with_peers_and_containers() {
    let text = r#"# charmcraft.yaml, unified format
type: charm
name: web-app
title: Web app
summary: serves
description: |
  provides:
    fake: {interface: nope}

bases:
  - build-on: [{name: ubuntu, channel: "22.04"}]
parts:
  charm:
    plugin: charm
config:
  options:
    port: {type: int, default: 80}
containers:
  workload:
    resource: image
  sidecar: {}
resources:
  image: {type: oci-image}
storage:
  data:
    type: filesystem
    location: /data
peers:
  # the units of web-app talk here
  cluster:
    interface: web-app-peer
requires:
  'db': {interface: postgresql_client, limit: 1, optional: true}
provides:

  "metrics-endpoint":
    interface: prometheus_scrape
"#;
    let metadata = ok(text);
    assert_eq!(metadata.name, "web-app");
    assert_eq!(metadata.containers, strings(&["workload", "sidecar"]));
    assert_eq!(metadata.storage, strings(&["data"]));
    assert_eq!(
        metadata.endpoints(),
        vec![
            ("metrics-endpoint", Role::Provides, "prometheus_scrape"),
            ("db", Role::Requires, "postgresql_client"),
            ("cluster", Role::Peers, "web-app-peer"),
        ]
    );
    let db = metadata.relation("db").unwrap();
    assert_eq!((db.limit, db.optional), (Some(1), true));
    assert_eq!(db.location, at(33, 3));
    assert_eq!(
        metadata.relation("metrics-endpoint").unwrap().location,
        at(36, 3)
    );
    assert_eq!(metadata.relation("cluster").unwrap().location, at(30, 3));
    assert_eq!(metadata.relation("fake"), None);
}

#[test]
fn subordinate_with_container_scope() {
    let text = "\
name: logger
subordinate: true
requires:
  juju-info:
    interface: juju-info
    scope: container
provides:
  logs: {interface: syslog, scope: global}
";
    let metadata = ok(text);
    assert!(metadata.subordinate);
    let info = metadata.relation("juju-info").unwrap();
    assert_eq!(info.scope, RelationScope::Container);
    assert_eq!(
        metadata.relation("logs").unwrap().scope,
        RelationScope::Global
    );
    // Juju's implicit juju-info provides relation is not added.
    assert_eq!(metadata.relations.len(), 2);
}

#[test]
fn juju_shorthand_and_empty_sections() {
    let metadata = ok("name: x\nprovides:\n  website: http\nrequires:\npeers: {}\n");
    assert_eq!(
        metadata.endpoints(),
        vec![("website", Role::Provides, "http")]
    );
    assert_eq!(metadata.relations[0].location, at(3, 3));
}

#[test]
fn relation_order_is_role_then_file_order() {
    let text = "name: x\npeers:\n  p: {interface: q}\nrequires:\n  r2: {interface: i}\n  r1: {interface: i}\nprovides:\n  z: {interface: i}\n";
    let metadata = ok(text);
    let names: Vec<_> = metadata
        .endpoints()
        .into_iter()
        .map(|(n, _, _)| n)
        .collect();
    assert_eq!(names, ["z", "r2", "r1", "p"]);
}

#[test]
fn quoted_keys_comments_and_blank_lines_are_located() {
    let text = "\
# leading comment

name: x   # trailing
provides:   # a comment with website: in it

  # website: {interface: nope}
  \"website\" :
    interface: http
  'admin':  {interface: http}
requires: {   db  : {interface: mysql}, 'cache': mysql}
";
    let metadata = ok(text);
    assert_eq!(metadata.relation("website").unwrap().location, at(7, 3));
    assert_eq!(metadata.relation("admin").unwrap().location, at(9, 3));
    assert_eq!(metadata.relation("db").unwrap().location, at(10, 15));
    assert_eq!(metadata.relation("cache").unwrap().location, at(10, 41));
}

#[test]
fn yaml_syntax_errors_are_located() {
    assert_eq!(
        error("name: x\nprovides:\n  website: {interface: http\n"),
        "4:1: invalid YAML: did not find expected ',' or '}', while parsing a flow mapping at line 3 column 12"
    );
    assert_eq!(
        error("name: x\n\tprovides: {}\n"),
        "2:1: invalid YAML: found a tab character that violates indentation, while scanning a plain scalar at line 1 column 7"
    );
    assert_eq!(
        error("name: x\nname: y\n"),
        "2:1: invalid YAML: duplicate key `name`; a key may appear only once in a map"
    );
    assert_eq!(
        error("name: x\nprovides:\n  db: {interface: a}\n  # again\n  \"db\": {interface: b}\n"),
        "5:3: invalid YAML: duplicate key `db`; a key may appear only once in a map"
    );
    assert_eq!(
        error("name: x\nrequires: {db: {interface: a, gets: [], interface: b}}\n"),
        "2:41: invalid YAML: duplicate key `interface`; a key may appear only once in a map"
    );
    assert_eq!(
        error("name: x\nrequires: !t {1: a, 1: b}\n"),
        "2:21: invalid YAML: duplicate key `1`; a key may appear only once in a map"
    );
    let documents = error("name: x\n---\nname: y\n");
    assert!(documents.contains("more than one document"), "{documents}");
}

#[test]
fn top_level_must_be_a_map_with_a_name() {
    assert_eq!(
        error(""),
        "the charm metadata must be a map with keys such as `name` and `provides`; found an empty value"
    );
    assert_eq!(
        error("# just a comment\n- name: x\n"),
        "2:1: the charm metadata must be a map with keys such as `name` and `provides`; found a list"
    );
    assert_eq!(
        error("summary: no name\nprovides: {}\n"),
        "missing `name`: the charm metadata must name the charm"
    );
    assert_eq!(
        error("name: [a, b]\n"),
        "1:7: `name` must be the charm's name, a non-empty string; found a list"
    );
    assert_eq!(
        error("name:\n"),
        "1:1: `name` must be the charm's name, a non-empty string; found an empty value"
    );
    assert_eq!(
        error("name: x\nsubordinate: yes please\n"),
        "2:14: `subordinate` must be `true` or `false`; found the string `yes please`"
    );
}

#[test]
fn sections_must_be_maps() {
    assert_eq!(
        errors("name: x\nprovides: [website]\nrequires: db\nstorage: 3\ncontainers: [a]\n"),
        [
            "2:11: `provides` must be a map from relation names to relations; found a list",
            "3:11: `requires` must be a map from relation names to relations; found the string `db`",
            "4:10: `storage` must be a map from storage names to their definitions; found the number `3`",
            "5:13: `containers` must be a map from container names to their definitions; found a list",
        ]
    );
}

#[test]
fn relations_must_be_maps_with_an_interface() {
    assert_eq!(
        errors(
            "name: x\nprovides:\n  website:\n  admin: [http]\n  api:\n    scope: global\n  api2:\n    interfce: http\n"
        ),
        [
            "3:3: relation `website` must be a map with at least `interface` (or just the interface name); found an empty value",
            "4:10: relation `admin` must be a map with at least `interface` (or just the interface name); found a list",
            "5:3: relation `api` lacks `interface`",
            "7:3: relation `api2` lacks `interface` (`interfce` is not `interface`)",
        ]
    );
    assert_eq!(
        errors("name: x\nprovides:\n  a: {interface: 3}\n  b: ''\n  c: {interface: }\n"),
        [
            "3:18: the interface of relation `a` must be a non-empty string, such as `http`; found the number `3`",
            "4:6: the interface of relation `b` must be a non-empty string, such as `http`; found an empty string",
            "5:7: the interface of relation `c` must be a non-empty string, such as `http`; found an empty value",
        ]
    );
}

#[test]
fn relation_names_must_be_hook_prefixes() {
    assert_eq!(
        errors(
            "name: x\nprovides:\n  Website: {interface: http}\n  '': {interface: http}\n  1db: {interface: mysql}\n  7: {interface: mysql}\n"
        ),
        [
            "3:3: invalid relation name `Website` under `provides`: expected a lowercase letter followed by lowercase letters, digits, `-` or `_`",
            "4:3: empty relation name under `provides`",
            "5:3: invalid relation name `1db` under `provides`: expected a lowercase letter followed by lowercase letters, digits, `-` or `_`",
            "6:3: relation names under `provides` must be strings; found the number `7`",
        ]
    );
    // A misnamed relation's body is still checked.
    assert_eq!(
        errors("name: x\nrequires:\n  My_DB: {interface: mysql, scope: box}\n"),
        [
            "3:3: invalid relation name `My_DB` under `requires`: expected a lowercase letter followed by lowercase letters, digits, `-` or `_`",
            "3:36: unknown scope `box` for relation `My_DB`; expected `global` or `container`",
        ]
    );
    assert_eq!(
        errors(
            "name: x\nstorage:\n  Data: {type: filesystem}\n  '': {}\ncontainers:\n  ok: {}\n  bad name: {}\n"
        ),
        [
            "3:3: invalid storage name `Data` under `storage`: expected a lowercase letter followed by lowercase letters, digits, `-` or `_`",
            "4:3: empty storage name under `storage`",
            "7:3: invalid container name `bad name` under `containers`: expected a lowercase letter followed by lowercase letters, digits, `-` or `_`",
        ]
    );
}

#[test]
fn relation_names_are_unique_across_sections() {
    assert_eq!(
        errors(
            "name: x\nprovides:\n  db: {interface: mysql}\nrequires:\n  db: {interface: mysql}\npeers:\n  db: {interface: mysql-peer}\n"
        ),
        [
            "5:3: relation `db` is declared twice, under `provides` at 3:3 and under `requires`; relation names must be unique across `provides`, `requires` and `peers`",
            "7:3: relation `db` is declared twice, under `provides` at 3:3 and under `peers`; relation names must be unique across `provides`, `requires` and `peers`",
        ]
    );
}

#[test]
fn scope_is_global_or_container() {
    assert_eq!(
        error("name: x\nrequires:\n  db:\n    interface: mysql\n    scope: contianer\n"),
        "5:12: unknown scope `contianer` for relation `db`; expected `global` or `container` (did you mean `container`?)"
    );
    assert_eq!(
        error("name: x\nrequires:\n  db:\n    interface: mysql\n    scope: Global\n"),
        "5:12: unknown scope `Global` for relation `db`; expected `global` or `container` (did you mean `global`?)"
    );
    assert_eq!(
        error("name: x\nrequires:\n  db: {interface: mysql, scope: [global]}\n"),
        "3:33: the scope of relation `db` must be `global` or `container`; found a list"
    );
}

#[test]
fn limit_is_a_positive_integer() {
    assert_eq!(
        errors(
            "name: x\nrequires:\n  a: {interface: i, limit: 0}\n  b: {interface: i, limit: -2}\n  c: {interface: i, limit: one}\n  d: {interface: i, limit: 1.5}\n  e: {interface: i, limit: 1, optional: maybe}\n"
        ),
        [
            "3:28: the limit of relation `a` must be a positive integer; found the number `0`",
            "4:28: the limit of relation `b` must be a positive integer; found the number `-2`",
            "5:28: the limit of relation `c` must be a positive integer; found the string `one`",
            "6:28: the limit of relation `d` must be a positive integer; found the number `1.5`",
            "7:41: `optional` of relation `e` must be `true` or `false`; found the string `maybe`",
        ]
    );
    let metadata = ok("name: x\nrequires:\n  a: {interface: i, limit: }\n");
    assert_eq!(metadata.relations[0].limit, None);
}

#[test]
fn gets_is_a_list_of_keys() {
    assert_eq!(
        errors(
            "name: x\nrequires:\n  a:\n    interface: i\n    gets: host\n  b:\n    interface: i\n    gets:\n    - host\n    - 80\n    - ''\n    - {port: [x]}\n    - host\n"
        ),
        [
            "5:11: `gets` of relation `a` must be a list of relation-data keys, such as `[host, port]`; found the string `host`",
            "10:7: keys in `gets` of relation `b` must be strings; found the number `80`",
            "11:7: empty key in `gets` of relation `b`",
            "12:7: keys in `gets` of relation `b` must be strings; found a map",
            "13:7: key `host` appears twice in `gets` of relation `b`",
        ]
    );
}

#[test]
fn sets_entries_are_keys_or_single_key_maps() {
    let text = "\
name: a
requires:
  ab:
    interface: ab
    sets:
    - P: [X, Y]
      Q: [X, Y]
    - 7
    - R: X
    - S: [X, 3, '']
    - ''
    - {}
    - T: [Y]
    - T
  cd:
    interface: cd
    sets: {P: [X]}
";
    assert_eq!(
        errors(text),
        [
            "6:7: an entry of `sets` of relation `ab` maps 2 keys; each entry maps a single key to the remote keys it waits for, so give every key its own entry (`- P: [X, Y]`)",
            "8:7: an entry of `sets` of relation `ab` must be a key (`host`) or a single-key map to the remote keys it waits for (`P: [X, Y]`); found the number `7`",
            "9:10: the keys `R` waits for in `sets` of relation `ab` must be a list, such as `[X, Y]`; found the string `X`",
            "10:14: keys in the keys `S` waits for in `sets` of relation `ab` must be strings; found the number `3`",
            "10:17: empty key in the keys `S` waits for in `sets` of relation `ab`",
            "11:7: empty key in `sets` of relation `ab`",
            "12:7: an entry of `sets` of relation `ab` must be a key (`host`) or a single-key map to the remote keys it waits for (`P: [X, Y]`); found an empty map",
            "14:7: key `T` appears twice in `sets` of relation `ab`",
            "17:11: `sets` of relation `cd` must be a list of relation-data keys, each a plain key (`host`) or a single-key map to the remote keys it waits for (`P: [X, Y]`); found a map",
        ]
    );
    assert_eq!(
        error("name: a\nprovides:\n  ab:\n    interface: ab\n    sets:\n    - '': [X]\n"),
        "6:7: empty key in `sets` of relation `ab`"
    );
}

#[test]
fn juju_reserved_names_and_subordinates() {
    assert_eq!(
        errors(
            "name: x\nprovides:\n  juju-info: {interface: juju-info}\n  site: {interface: juju}\nrequires:\n  juju: {interface: juju-info}\n"
        ),
        [
            "3:3: relation name `juju-info` is reserved by Juju (`juju` and `juju-*` are, except for the container-scoped `requires` of a subordinate charm)",
            "3:3: interface `juju-info` of relation `juju-info` is reserved by Juju; only `requires` may use `juju` and `juju-*` interfaces",
            "4:3: interface `juju` of relation `site` is reserved by Juju; only `requires` may use `juju` and `juju-*` interfaces",
            "6:3: relation name `juju` is reserved by Juju (`juju` and `juju-*` are, except for the container-scoped `requires` of a subordinate charm)",
        ]
    );
    // Charms named juju-* are exempt, as in Juju.
    ok("name: juju-thing\nprovides:\n  juju-info: {interface: juju-info}\n");
    assert_eq!(
        error("name: logger\nsubordinate: true\nrequires:\n  host: {interface: juju-info}\n"),
        "2:14: a subordinate charm needs a `requires` relation with `scope: container` to attach to its principal"
    );
}

#[test]
fn collects_every_error_at_once() {
    let text = "\
name: 12
subordinate: 1
provides:
  Web: {interface: http}
requires:
  db: {interface: mysql, scope: local, limit: 0}
peers: nope
";
    let all = parse(text).unwrap_err();
    let lines: Vec<_> = all.iter().map(|e| e.location.map(|l| l.line)).collect();
    assert_eq!(
        lines,
        [Some(1), Some(2), Some(4), Some(6), Some(6), Some(7)]
    );
    let display: Vec<String> = all.iter().map(ToString::to_string).collect();
    assert_eq!(
        display[4],
        "6:47: the limit of relation `db` must be a positive integer; found the number `0`"
    );
}

#[test]
fn unknown_keys_are_ignored_everywhere() {
    let text = "\
name: x
maintainer: someone
series: [jammy]
provides:
  website:
    interface: http
    description: the site
    versions: [1, 2]
";
    ok(text);
}

#[test]
fn aliases_and_tags_do_not_confuse_locations() {
    let text = "\
name: x
provides:
  website: &site
    interface: http
  admin: *site
requires:
  db: !custom {interface: mysql}
";
    assert_eq!(
        errors(text),
        [
            "7:7: relation `db` must be a map with at least `interface` (or just the interface name); found a value tagged `!custom`"
        ]
    );
    let metadata =
        ok("name: x\nprovides:\n  website: &site\n    interface: http\n  admin: *site\n");
    assert_eq!(metadata.relation("admin").unwrap().location, at(5, 3));
    assert_eq!(metadata.relation("admin").unwrap().interface, "http");
}

#[test]
fn merge_keys_are_refused_not_misread() {
    assert_eq!(
        error("name: x\nprovides:\n  <<: {website: {interface: http}}\n"),
        "3:3: YAML merge keys (`<<`) are not supported under `provides`; write each relation out"
    );
}

#[test]
fn errors_display_with_and_without_location() {
    let located = MetadataError {
        message: "bad".to_owned(),
        location: Some(at(3, 4)),
    };
    assert_eq!(located.to_string(), "3:4: bad");
    let bare = MetadataError {
        message: "bad".to_owned(),
        location: None,
    };
    assert_eq!(bare.to_string(), "bad");
}

/// Every error has a location inside the text, or none.
fn check_no_panic(text: &str) {
    let lines = text.split('\n').count();
    if let Err(errors) = parse(text) {
        assert!(!errors.is_empty());
        for error in errors {
            if let Some(location) = error.location {
                assert!(
                    location.line >= 1 && location.line <= lines + 1,
                    "{error} in {text:?}"
                );
                assert!(location.column >= 1, "{error} in {text:?}");
            }
        }
    }
}

#[test]
fn garbage_never_panics() {
    let sources = [PYTHON_DJANGO, HAPROXY, A, B];
    let mut inputs = Vec::new();
    for source in sources {
        for end in 0..=source.len() {
            if source.is_char_boundary(end) {
                inputs.push(source[..end].to_owned());
                inputs.push(source[end..].to_owned());
            }
        }
    }
    for depth in [10, 100, 127, 128, 129, 1_000, 10_000] {
        inputs.push(format!(
            "name: x\nprovides: {}{}",
            "[".repeat(depth),
            "]".repeat(depth)
        ));
        inputs.push(format!(
            "name: x\nprovides:\n  a: {}1{}",
            "{a: ".repeat(depth),
            "}".repeat(depth)
        ));
        inputs.push("- ".repeat(depth));
        let mut nested = String::from("name: x\nrequires:\n");
        for level in 0..depth.min(300) {
            nested.push_str(&"  ".repeat(level + 1));
            nested.push_str("k:\n");
        }
        inputs.push(nested);
    }
    inputs.push("a: &a [*a]".to_owned());
    inputs.push("x: &x\n  y: *x\n".to_owned());
    inputs.push("name: x\nprovides:\n  w: &w {interface: i, sets: [*w]}\n".to_owned());
    inputs.push("\u{feff}name: x\n".to_owned());
    inputs.push("name: x\r\nprovides:\r\n  w: {interface: i}\r\n".to_owned());
    assert!(inputs.len() > 100);
    for input in &inputs {
        check_no_panic(input);
    }
}

/// YAML's syntax characters, for garbage that reaches the parser's corners.
const YAML_GARBAGE: &str = "[ab :\\-\\[\\]{},'\"\n\t#&*!|>?%@`\\\\0é]{0,60}";

proptest::proptest! {
    #[test]
    fn garbage_of_yaml_syntax_never_panics(text in YAML_GARBAGE) {
        check_no_panic(&text);
    }

    #[test]
    fn a_valid_file_changed_in_one_place_never_panics(
        at in 0..B.chars().count(),
        with in proptest::char::any(),
    ) {
        let mut chars: Vec<char> = B.chars().collect();
        chars[at] = with;
        check_no_panic(&chars.into_iter().collect::<String>());
    }
}

#[test]
fn a_set_may_document_its_bag_and_encoding() {
    let text = "name: ca\nsummary: s\ndescription: d\nprovides:\n  certificates:\n    interface: tls-certificates\n    sets:\n      - certificates: {bag: app, encoding: json}\n      - request_errors: {after: [certificate_signing_requests], bag: app}\n";
    let metadata = iface_model::metadata::parse(text).unwrap();
    let sets = &metadata.relations[0].sets;
    assert_eq!(
        sets[0],
        SetDecl {
            key: "certificates".into(),
            bag: Some("app".into()),
            encoding: Some("json".into()),
            ..SetDecl::default()
        }
    );
    assert_eq!(sets[1].after, ["certificate_signing_requests"]);
    assert_eq!(sets[1].bag.as_deref(), Some("app"));

    let bad = "name: ca\nsummary: s\ndescription: d\nprovides:\n  certificates:\n    interface: tls-certificates\n    sets:\n      - certificates: {bagg: app, encoding: yaml}\n";
    let errors = iface_model::metadata::parse(bad).unwrap_err();
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "8:24: unknown option `bagg` of `certificates` in `sets` of relation `certificates`; expected `after`, `bag` or `encoding` (did you mean `bag`?)",
            "8:45: `encoding` of `certificates` in `sets` of relation `certificates` must be `raw` or `json`; found the string `yaml`",
        ]
    );
}
