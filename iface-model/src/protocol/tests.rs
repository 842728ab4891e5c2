use super::*;
use crate::metadata::parse;

fn end(metadata: &Metadata) -> End<'_> {
    End {
        charm: metadata,
        relation: &metadata.relations[0],
    }
}

const DJANGO: &str =
    "name: python-django\nprovides:\n  website:\n    interface: http\n    sets: [host, port]\n";
const HAPROXY: &str =
    "name: haproxy\nrequires:\n  reverseproxy:\n    interface: http\n    gets: [host, port]\n";
const A: &str = "name: a\nrequires:\n  ab:\n    interface: ab\n    sets:\n    - P: [X, Y]\n    - Q: [X, Y]\n    gets: [X, Y, Z]\n";
const B: &str = "name: b\nprovides:\n  ab:\n    interface: ab\n    sets:\n    - X\n    - Y\n    - Z: [P, Q]\n    gets: [P, Q]\n";

#[test]
fn seed_002_pair_is_compatible() {
    let (django, haproxy) = (parse(DJANGO).unwrap(), parse(HAPROXY).unwrap());
    let report = check(end(&django), end(&haproxy));
    assert!(report.compatible(), "{report}");
    assert_eq!(
        report.to_string(),
        "python-django:website and haproxy:reverseproxy are compatible\n\
         keys become available in this order:\n  \
         1. python-django:website sets host\n  \
         2. python-django:website sets port\n"
    );
}

#[test]
fn the_ab_handshake_completes_in_order() {
    let (a, b) = (parse(A).unwrap(), parse(B).unwrap());
    let report = check(end(&a), end(&b));
    assert!(report.compatible(), "{report}");
    let Verdict::Played { steps, .. } = &report.verdict else {
        panic!()
    };
    let order: Vec<(&str, &str)> = steps
        .iter()
        .map(|s| (s.side.as_str(), s.key.as_str()))
        .collect();
    assert_eq!(
        order,
        [
            ("b:ab", "X"),
            ("b:ab", "Y"),
            ("a:ab", "P"),
            ("a:ab", "Q"),
            ("b:ab", "Z")
        ]
    );
}

#[test]
fn a_deadlock_names_the_keys_that_wait_on_each_other() {
    // `a` now waits for Z before writing P, and `b` waits for P before Z.
    let a = parse(&A.replace("- P: [X, Y]", "- P: [X, Z]")).unwrap();
    let b = parse(B).unwrap();
    let report = check(end(&a), end(&b));
    assert!(!report.compatible());
    assert_eq!(
        report.to_string(),
        "a:ab and b:ab are not compatible\n\
         keys become available in this order:\n  \
         1. b:ab sets X\n  \
         2. b:ab sets Y\n  \
         3. a:ab sets Q (after X, Y)\n\
         b:ab never sets Z: it waits for P, which never arrives\n\
         a:ab never sets P: it waits for Z, which never arrives\n"
    );
}

#[test]
fn a_key_nobody_sets_is_named() {
    let django = parse(DJANGO).unwrap();
    let haproxy = parse(&HAPROXY.replace("[host, port]", "[host, port, tls]")).unwrap();
    let report = check(end(&django), end(&haproxy));
    assert!(!report.compatible());
    assert!(
        report
            .to_string()
            .ends_with("haproxy:reverseproxy gets tls, which python-django:website never sets\n"),
        "{report}"
    );
}

#[test]
fn endpoints_that_cannot_relate() {
    let django = parse(DJANGO).unwrap();
    let other = parse("name: x\nprovides:\n  web:\n    interface: http\n").unwrap();
    assert_eq!(
        check(end(&django), end(&other)).to_string(),
        "python-django:website and x:web are not compatible: provides cannot relate to provides: a relation joins provides with requires, or peers with peers\n"
    );
    let mysql = parse("name: y\nrequires:\n  db:\n    interface: mysql\n").unwrap();
    assert!(!check(end(&django), end(&mysql)).compatible());
}
