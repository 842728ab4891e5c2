//! Property tests: the hook-pattern parser, the metadata parser and the
//! config-file parser never panic on any input, and pattern expansion
//! agrees with a reference expansion written here from the grammar's
//! description.

use iface_model::pattern::Pattern;
use iface_model::role::Role;
use iface_model::{config_file, metadata};
use proptest::prelude::*;

/// A charm's endpoints for resolving `{role:interface}` placeholders.
const ENDPOINTS: [(&str, Role, &str); 4] = [
    ("website", Role::Provides, "http"),
    ("admin", Role::Provides, "http"),
    ("db", Role::Requires, "mysql"),
    ("cluster", Role::Peers, "django-peer"),
];

/// Characters the pattern grammar gives meaning to, and some it refuses.
fn pattern_text() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[{}<>,:a-z0-9_ \\-A\\t\u{e9}]{0,40}").unwrap()
}

/// Characters that make YAML interesting: structure, quoting, anchors,
/// tags, block scalars, and the keys metadata reads.
fn yaml_text() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("name: x\n".to_owned()),
        Just("provides:\n".to_owned()),
        Just("requires:\n".to_owned()),
        Just("peers:\n".to_owned()),
        Just("  website:\n".to_owned()),
        Just("    interface: http\n".to_owned()),
        Just("    scope: container\n".to_owned()),
        Just("    limit: -1\n".to_owned()),
        Just("    sets: [a, b]\n".to_owned()),
        Just("    gets: {a: b}\n".to_owned()),
        Just("subordinate: true\n".to_owned()),
        Just("storage: {data: {type: filesystem}}\n".to_owned()),
        Just("containers: [x]\n".to_owned()),
        Just("options:\n".to_owned()),
        Just("config:\n".to_owned()),
        Just("  port:\n".to_owned()),
        Just("    type: int\n".to_owned()),
        Just("    type: boolean\n".to_owned()),
        Just("    default: 9223372036854775808\n".to_owned()),
        Just("    default: 1.5\n".to_owned()),
        Just("    description: [x]\n".to_owned()),
        Just("&a ".to_owned()),
        Just("*a\n".to_owned()),
        Just("<<: *a\n".to_owned()),
        Just("!!binary ".to_owned()),
        Just("? ".to_owned()),
        Just("|\n".to_owned()),
        Just("---\n".to_owned()),
        Just("\t".to_owned()),
        proptest::string::string_regex("[a-z:\\-\\[\\]{},'\" \n#&*!|>%@]{0,12}").unwrap(),
    ];
    proptest::collection::vec(token, 0..16).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn the_pattern_parser_never_panics(source in pattern_text()) {
        if let Ok(pattern) = Pattern::parse(&source) {
            let _ = pattern.hook_names(&ENDPOINTS);
        }
    }

    #[test]
    fn the_pattern_parser_never_panics_on_any_string(source in any::<String>()) {
        let _ = Pattern::parse(&source);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn the_metadata_parser_never_panics(text in yaml_text()) {
        let _ = metadata::parse(&text);
    }

    #[test]
    fn the_metadata_parser_never_panics_on_any_string(text in any::<String>()) {
        let _ = metadata::parse(&text);
    }

    #[test]
    fn the_config_parser_never_panics(text in yaml_text()) {
        let _ = config_file::parse(&text);
        let _ = config_file::parse_unified(&text);
    }

    #[test]
    fn the_config_parser_never_panics_on_any_string(text in any::<String>()) {
        let _ = config_file::parse(&text);
        let _ = config_file::parse_unified(&text);
    }
}

/// One segment of a generated pattern.
#[derive(Debug, Clone)]
enum Segment {
    Text(String),
    Group(Vec<String>),
    Placeholder(Role, &'static str),
}

/// A well-formed pattern as segments, and how to write its groups.
#[derive(Debug, Clone)]
struct Generated {
    segments: Vec<Segment>,
    angle: Vec<bool>,
}

impl Generated {
    /// The pattern text, each group in `{}` or `<>` as drawn.
    fn source(&self) -> String {
        let mut out = String::new();
        for (segment, &angle) in self.segments.iter().zip(self.angle.iter().cycle()) {
            let (open, close) = if angle { ('<', '>') } else { ('{', '}') };
            match segment {
                Segment::Text(text) => out.push_str(text),
                Segment::Group(alternatives) => {
                    out.push(open);
                    out.push_str(&alternatives.join(","));
                    out.push(close);
                }
                Segment::Placeholder(role, interface) => {
                    out.extend([
                        open.to_string(),
                        format!("{role}:{interface}"),
                        close.to_string(),
                    ]);
                }
            }
        }
        out
    }

    /// The reference expansion: the cartesian product of the segments,
    /// leftmost varying slowest, placeholders kept as written.
    fn expand(&self) -> Vec<String> {
        let mut out = vec![String::new()];
        for segment in &self.segments {
            let choices: Vec<String> = match segment {
                Segment::Text(text) => vec![text.clone()],
                Segment::Group(alternatives) => alternatives.clone(),
                Segment::Placeholder(role, interface) => vec![format!("{{{role}:{interface}}}")],
            };
            out = out
                .iter()
                .flat_map(|prefix| choices.iter().map(move |c| format!("{prefix}{c}")))
                .collect();
        }
        out
    }

    /// [`Self::expand`] with each placeholder replaced by every endpoint of
    /// its role and interface, as charms.reactive matches hook names.
    fn hook_names(&self) -> Vec<String> {
        self.expand()
            .into_iter()
            .flat_map(|name| {
                for (role, interface) in [
                    (Role::Provides, "http"),
                    (Role::Requires, "mysql"),
                    (Role::Peers, "django-peer"),
                    (Role::Requires, "pgsql"),
                ] {
                    let placeholder = format!("{{{role}:{interface}}}");
                    if let Some(rest) = name.strip_prefix(&placeholder) {
                        return ENDPOINTS
                            .iter()
                            .filter(|(_, r, i)| *r == role && *i == interface)
                            .map(|(endpoint, _, _)| format!("{endpoint}{rest}"))
                            .collect();
                    }
                }
                vec![name]
            })
            .collect()
    }
}

/// Splits `text` into literal text and one-alternative groups at random
/// points, which must expand to `text` again.
fn split_text(text: &'static str) -> impl Strategy<Value = Vec<Segment>> {
    proptest::collection::vec((0..text.len(), any::<bool>()), 0..3).prop_map(move |cuts| {
        let mut points: Vec<usize> = cuts.iter().map(|&(at, _)| at).collect();
        points.extend([0, text.len()]);
        points.sort_unstable();
        points.dedup();
        points
            .windows(2)
            .zip(cuts.iter().map(|&(_, group)| group).chain([false; 3]))
            .map(|(pair, group)| {
                let piece = text[pair[0]..pair[1]].to_owned();
                if group {
                    Segment::Group(vec![piece])
                } else {
                    Segment::Text(piece)
                }
            })
            .collect()
    })
}

/// A non-empty choice of some of `names`, in a drawn order, possibly with a
/// repeat (which the parser must report as a duplicate hook).
fn group_of(names: &'static [&'static str]) -> impl Strategy<Value = Segment> {
    proptest::collection::vec(proptest::sample::select(names), 1..4)
        .prop_map(|picked| Segment::Group(picked.into_iter().map(str::to_owned).collect()))
}

const EVENTS: &[&str] = &["created", "joined", "changed", "departed", "broken"];
const CHARM_HOOKS: &[&str] = &[
    "install",
    "start",
    "stop",
    "config-changed",
    "update-status",
    "leader-elected",
    "upgrade-charm",
];

/// Well-formed patterns of every hook family: relation hooks with a
/// placeholder or literal names, charm hooks, storage and pebble hooks.
fn generated() -> impl Strategy<Value = Generated> {
    let placeholder = proptest::sample::select(vec![
        (Role::Provides, "http"),
        (Role::Requires, "mysql"),
        (Role::Peers, "django-peer"),
        (Role::Requires, "pgsql"),
    ]);
    let relation = (placeholder, split_text("-relation-"), group_of(EVENTS)).prop_map(
        |((role, interface), infix, events)| {
            let mut segments = vec![Segment::Placeholder(role, interface)];
            segments.extend(infix);
            segments.push(events);
            segments
        },
    );
    let named = (
        group_of(&["website", "db", "cache-2", "a_b"]),
        split_text("-relation-"),
        group_of(EVENTS),
    )
        .prop_map(|(names, infix, events)| {
            let mut segments = vec![names];
            segments.extend(infix);
            segments.push(events);
            segments
        });
    let charm = group_of(CHARM_HOOKS).prop_map(|group| vec![group]);
    let storage = (
        split_text("data"),
        split_text("-storage-"),
        group_of(&["attached", "detaching"]),
    )
        .prop_map(|(name, infix, events)| [name, infix, vec![events]].concat());
    let pebble = (group_of(&["web", "worker"]), split_text("-pebble-ready"))
        .prop_map(|(name, rest)| [vec![name], rest].concat());
    (
        prop_oneof![relation, named, charm, storage, pebble],
        proptest::collection::vec(any::<bool>(), 1..4),
    )
        .prop_map(|(segments, angle)| Generated { segments, angle })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn expansion_agrees_with_the_reference(generated in generated()) {
        let source = generated.source();
        let expected = generated.expand();
        let mut unique = expected.clone();
        unique.sort();
        unique.dedup();
        match Pattern::parse(&source) {
            Ok(pattern) => {
                prop_assert_eq!(unique.len(), expected.len(), "{} has duplicates", source);
                let hooks: Vec<String> = pattern.hooks().iter().map(ToString::to_string).collect();
                prop_assert_eq!(&hooks, &expected, "{}", source);
                let mut names = pattern.hook_names(&ENDPOINTS);
                let mut reference = generated.hook_names();
                names.sort();
                reference.sort();
                prop_assert_eq!(names, reference, "{}", source);
            }
            Err(errors) => {
                // Only a repeated expansion makes a well-formed pattern fail.
                prop_assert!(unique.len() < expected.len(), "{}: {:?}", source, errors);
                for error in errors {
                    prop_assert!(error.to_string().contains("more than once"), "{}: {}", source, error);
                }
            }
        }
    }
}
