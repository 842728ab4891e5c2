use super::*;
use crate::hook::UnitEvent;

/// A charm's endpoints: two `http` providers, an `http` requirer, a
/// `mysql` requirer and a peer relation.
const METADATA: [(&str, Role, &str); 5] = [
    ("website", Role::Provides, "http"),
    ("admin", Role::Provides, "http"),
    ("reverseproxy", Role::Requires, "http"),
    ("db", Role::Requires, "mysql"),
    ("cluster", Role::Peers, "django-peer"),
];

/// charms.reactive's expansion, restated: replace the first
/// `{role:interface}` with each matching relation name, repeat; then the
/// first `{a,b}` with each alternative, repeat. One match at a time, so
/// several groups give every combination.
fn reactive_expand(pattern: &str) -> Vec<String> {
    fn first_group(value: &str, want_colon: bool) -> Option<(usize, usize)> {
        let mut from = 0;
        while let Some(open) = value[from..].find('{').map(|i| i + from) {
            let close = open + value[open..].find('}')?;
            if value[open..close].contains(':') == want_colon {
                return Some((open, close));
            }
            from = close;
        }
        None
    }
    let mut values = vec![pattern.to_owned()];
    for want_colon in [true, false] {
        while values.iter().any(|v| first_group(v, want_colon).is_some()) {
            let mut next = Vec::new();
            for value in values {
                let Some((open, close)) = first_group(&value, want_colon) else {
                    next.push(value);
                    continue;
                };
                let body = &value[open + 1..close];
                let replacements: Vec<String> = if want_colon {
                    let (role, interface) = body.split_once(':').unwrap();
                    METADATA
                        .iter()
                        .filter(|(_, r, i)| r.as_str() == role && *i == interface)
                        .map(|(name, _, _)| (*name).to_owned())
                        .collect()
                } else {
                    body.split(',').map(str::to_owned).collect()
                };
                for replacement in replacements {
                    next.push(format!(
                        "{}{replacement}{}",
                        &value[..open],
                        &value[close + 1..]
                    ));
                }
            }
            values = next;
        }
    }
    values
}

fn sorted(mut names: Vec<String>) -> Vec<String> {
    names.sort();
    names
}

fn names(pattern: &str) -> Vec<String> {
    let parsed = Pattern::parse(pattern).unwrap_or_else(|errors| panic!("{pattern}: {errors:?}"));
    sorted(parsed.hook_names(&METADATA))
}

#[test]
fn matches_charms_reactive_on_well_formed_patterns() {
    let table: &[(&str, &[&str])] = &[
        ("install", &["install"]),
        ("config-changed", &["config-changed"]),
        ("{install,upgrade-charm}", &["install", "upgrade-charm"]),
        ("website-relation-joined", &["website-relation-joined"]),
        (
            "{provides:http}-relation-{joined,changed}",
            &[
                "admin-relation-changed",
                "admin-relation-joined",
                "website-relation-changed",
                "website-relation-joined",
            ],
        ),
        (
            "{provides:http}-relation-{broken,departed}",
            &[
                "admin-relation-broken",
                "admin-relation-departed",
                "website-relation-broken",
                "website-relation-departed",
            ],
        ),
        (
            "{requires:http}-relation-changed",
            &["reverseproxy-relation-changed"],
        ),
        (
            "{requires:mysql}-relation-{joined,changed,departed}",
            &[
                "db-relation-changed",
                "db-relation-departed",
                "db-relation-joined",
            ],
        ),
        (
            "{peers:django-peer}-relation-{joined,departed}",
            &["cluster-relation-departed", "cluster-relation-joined"],
        ),
        ("{requires:pgsql}-relation-joined", &[]),
        (
            "{website,admin}-relation-{joined,changed}",
            &[
                "admin-relation-changed",
                "admin-relation-joined",
                "website-relation-changed",
                "website-relation-joined",
            ],
        ),
        (
            "leader-{elected,settings-changed}",
            &["leader-elected", "leader-settings-changed"],
        ),
        (
            "{data,logs}-storage-{attached,detaching}",
            &[
                "data-storage-attached",
                "data-storage-detaching",
                "logs-storage-attached",
                "logs-storage-detaching",
            ],
        ),
        ("workload-pebble-ready", &["workload-pebble-ready"]),
        (
            "secret-{changed,rotate}",
            &["secret-changed", "secret-rotate"],
        ),
    ];
    for (pattern, expected) in table {
        let ours = names(pattern);
        assert_eq!(
            ours,
            sorted(expected.iter().map(|s| (*s).to_owned()).collect()),
            "{pattern}"
        );
        assert_eq!(
            ours,
            sorted(reactive_expand(pattern)),
            "{pattern} differs from charms.reactive"
        );
        let angled = pattern.replace('{', "<").replace('}', ">");
        assert_eq!(names(&angled), ours, "{angled}");
    }
}

#[test]
fn expansion_order_is_leftmost_slowest() {
    let pattern = Pattern::parse("{a,b}-relation-{joined,changed}").unwrap();
    let hooks: Vec<String> = pattern.hooks().iter().map(ToString::to_string).collect();
    assert_eq!(
        hooks,
        [
            "a-relation-joined",
            "a-relation-changed",
            "b-relation-joined",
            "b-relation-changed"
        ]
    );
    assert_eq!(pattern.source(), "{a,b}-relation-{joined,changed}");
}

#[test]
fn charm_hooks_classify() {
    let pattern = Pattern::parse("{install,start}").unwrap();
    assert_eq!(
        pattern.hooks(),
        [
            HookSpec::Unit(UnitEvent::Install),
            HookSpec::Unit(UnitEvent::Start)
        ]
    );
}

/// The messages of every fault in `pattern`.
fn faults(pattern: &str) -> Vec<String> {
    match Pattern::parse(pattern) {
        Ok(parsed) => panic!("{pattern} parsed as {:?}", parsed.hooks()),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn every_reactive_silent_failure_is_an_error() {
    let table: &[(&str, &str)] = &[
        (
            "{peer:x}-relation-joined",
            "unknown role `peer`; expected one of `provides`, `requires`, `peers` (did you mean `peers`?)",
        ),
        ("x-{}", "empty group `{}`: write at least one alternative"),
        (
            "x-{a",
            "unbalanced `{`: this group is never closed with `}`",
        ),
        ("x-relation-a}", "unbalanced `}`: no group is open here"),
        (
            "x-relation-{a,,b}",
            "empty alternative in `{a,,b}`: every alternative between commas needs text",
        ),
        (
            "x-relation-{a,}",
            "empty alternative in `{a,}`: every alternative between commas needs text",
        ),
        (
            "x-relation-{joined, changed}",
            "whitespace in `{joined, changed}`: hook names never contain spaces, so this would never match",
        ),
        (
            "x-relation-{a,{b,c}}",
            "nested group in `{a,{b,c}}`: groups cannot contain groups; write the alternatives side by side",
        ),
        (
            "x-relation-{joined>",
            "group opened with `{` is closed with `>`; close it with `}`",
        ),
        (
            "",
            "empty hook pattern; expected a hook name such as `install` or `{provides:http}-relation-joined`",
        ),
        (
            "{provides:http}-relation-joinde",
            "unknown relation hook `{provides:http}-relation-joinde`: `joinde` is no relation event; expected one of `created`, `joined`, `changed`, `departed`, `broken` (did you mean `joined`?)",
        ),
        (
            "instal",
            "unknown hook `instal`: expected a charm hook, `<relation>-relation-<event>`, `<storage>-storage-<event>` or `<container>-pebble-<event>` (did you mean `install`?)",
        ),
        (
            "-relation-joined",
            "`-relation-joined` has no name before the event",
        ),
        (
            "{install,install}",
            "the pattern expands to `install` more than once",
        ),
        (
            "Install",
            "unexpected `I` in hook pattern; hook names use lowercase letters, digits, `-` and `_`",
        ),
        (
            "x-{provides:http}-relation-joined",
            "`x-{provides:http}-relation-joined`: a `{role:interface}` group stands for a relation name and must begin a `-relation-<event>` hook",
        ),
        (
            "{provides:http}-storage-attached",
            "`{provides:http}-storage-attached`: a `{role:interface}` group stands for a relation name and must begin a `-relation-<event>` hook",
        ),
        (
            "{provides:}-relation-joined",
            "invalid interface name ``: expected a lowercase letter, then lowercase letters, digits, `-` or `_`",
        ),
        (
            "data-storage-attach",
            "unknown storage hook `data-storage-attach`: `attach` is no storage event; expected one of `attached`, `detaching` (did you mean `attached`?)",
        ),
    ];
    for (pattern, message) in table {
        assert_eq!(faults(pattern), [*message], "{pattern}");
    }
}

#[test]
fn reports_every_fault_of_a_pattern() {
    let errors = Pattern::parse("{peer:http}-relation-{a,,b}-{").unwrap_err();
    let kinds: Vec<_> = errors.iter().map(|e| &e.kind).collect();
    assert!(
        matches!(
            kinds[..],
            [
                PatternErrorKind::UnknownRole(_),
                PatternErrorKind::EmptyAlternative { .. },
                PatternErrorKind::Unclosed { open: '{' },
            ]
        ),
        "{kinds:?}"
    );
    assert_eq!(errors[0].span, 0..11);
    assert_eq!(errors[2].span, 28..29);
}
