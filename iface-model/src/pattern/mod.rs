//! Hook patterns: `{provides:http}-relation-{joined,changed}`.
//!
//! The grammar is charms.reactive's, made strict:
//!
//! - literal text: lowercase letters, digits, `-` and `_`;
//! - `{a,b,...}`: one expansion per alternative; several groups give their
//!   cartesian product;
//! - `{role:interface}` with role `provides`, `requires` or `peers`: every
//!   relation the charm declares with that role and interface; it must
//!   begin a `-relation-<event>` hook.
//!
//! `<` and `>` may stand for `{` and `}` (`<provides:http>-relation-<joined,changed>`);
//! they never occur in hook names. Where charms.reactive silently never
//! matched a malformed pattern, [`Pattern::parse`] names every fault.

mod error;
mod parse;

use std::borrow::Cow;

pub use self::error::{PatternError, PatternErrorKind};
use self::parse::Segment;
use crate::hook::{Endpoint, HookSpec, RELATION_INFIX, RelationEvent, is_name, split_prefixed};
use crate::role::Role;

/// A parsed, fully expanded hook pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    source: String,
    hooks: Vec<HookSpec>,
}

/// One expansion before classification: text with at most a placeholder.
#[derive(Debug, Clone)]
enum Piece {
    Text(String),
    Placeholder(Role, String),
}

impl Pattern {
    /// Parses and expands `source`, reporting every fault it finds.
    ///
    /// ```
    /// use iface_model::pattern::Pattern;
    /// let pattern = Pattern::parse("{provides:http}-relation-{joined,changed}").unwrap();
    /// let hooks: Vec<String> = pattern.hooks().iter().map(ToString::to_string).collect();
    /// assert_eq!(hooks, ["{provides:http}-relation-joined", "{provides:http}-relation-changed"]);
    ///
    /// let errors = Pattern::parse("{peer:http}-relation-joinde").unwrap_err();
    /// assert!(errors[0].to_string().contains("did you mean `peers`?"));
    /// ```
    pub fn parse(source: &str) -> Result<Pattern, Vec<PatternError>> {
        let segments = parse::segments(source)?;
        let whole = 0..source.len();
        let mut errors = Vec::new();
        let mut hooks: Vec<HookSpec> = Vec::new();
        for pieces in expand(&segments) {
            match classify(&pieces) {
                Ok(hook) if hooks.contains(&hook) => errors.push(PatternError {
                    kind: PatternErrorKind::Duplicate {
                        hook: hook.to_string(),
                    },
                    span: whole.clone(),
                }),
                Ok(hook) => hooks.push(hook),
                Err(kind) => errors.push(PatternError {
                    kind,
                    span: whole.clone(),
                }),
            }
        }
        if errors.is_empty() {
            Ok(Pattern {
                source: source.to_owned(),
                hooks,
            })
        } else {
            Err(errors)
        }
    }

    /// The pattern as written.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Every hook the pattern stands for, in expansion order (leftmost
    /// group varying slowest), relation placeholders unresolved.
    pub fn hooks(&self) -> &[HookSpec] {
        &self.hooks
    }

    /// The concrete hook names the pattern matches for a charm whose
    /// metadata declares `endpoints` as `(relation name, role, interface)`,
    /// in metadata order. This is the list charms.reactive compares hook
    /// names against, up to order.
    pub fn hook_names(&self, endpoints: &[(&str, Role, &str)]) -> Vec<String> {
        self.hooks
            .iter()
            .flat_map(|hook| hook.names(endpoints))
            .collect()
    }
}

/// The cartesian product of the segments, leftmost varying slowest.
fn expand(segments: &[Segment]) -> Vec<Vec<Piece>> {
    let mut expansions: Vec<Vec<Piece>> = vec![Vec::new()];
    for segment in segments {
        expansions = match segment {
            Segment::Text(text) => extend_all(expansions, core::slice::from_ref(text)),
            Segment::Choice(alternatives) => extend_all(expansions, alternatives),
            Segment::Placeholder { role, interface } => {
                for pieces in &mut expansions {
                    pieces.push(Piece::Placeholder(*role, interface.clone()));
                }
                expansions
            }
        };
    }
    expansions
}

/// Appends each of `texts` to each expansion, merging adjacent text.
fn extend_all(expansions: Vec<Vec<Piece>>, texts: &[String]) -> Vec<Vec<Piece>> {
    let mut out = Vec::with_capacity(expansions.len() * texts.len());
    for pieces in expansions {
        for text in texts {
            let mut next = pieces.clone();
            match next.last_mut() {
                Some(Piece::Text(last)) => last.push_str(text),
                _ => next.push(Piece::Text(text.clone())),
            }
            out.push(next);
        }
    }
    out
}

fn render(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .map(|piece| match piece {
            Piece::Text(text) => text.clone(),
            Piece::Placeholder(role, interface) => format!("{{{role}:{interface}}}"),
        })
        .collect()
}

/// Decides which hook one expansion is, or why it is none.
fn classify(pieces: &[Piece]) -> Result<HookSpec, PatternErrorKind> {
    match pieces {
        [Piece::Placeholder(role, interface), Piece::Text(rest)] => {
            let hook = || render(pieces);
            let Some(event) = rest.strip_prefix(RELATION_INFIX) else {
                return Err(PatternErrorKind::MisplacedPlaceholder { hook: hook() });
            };
            match RelationEvent::from_name(event) {
                Some(event) => Ok(HookSpec::Relation {
                    endpoint: Endpoint::Placeholder {
                        role: *role,
                        interface: Cow::Owned(interface.clone()),
                    },
                    event,
                }),
                None => Err(PatternErrorKind::UnknownEvent {
                    hook: hook(),
                    family: "relation",
                    event: event.to_owned(),
                }),
            }
        }
        [Piece::Text(name)] => HookSpec::from_name(name).ok_or_else(|| diagnose(name)),
        _ => Err(PatternErrorKind::MisplacedPlaceholder {
            hook: render(pieces),
        }),
    }
}

/// Why `name` is no hook Juju sends.
fn diagnose(name: &str) -> PatternErrorKind {
    let hook = name.to_owned();
    match split_prefixed(name) {
        Some(("", _, _)) => PatternErrorKind::MissingName { hook },
        Some((prefix, infix, event)) if is_name(prefix) => PatternErrorKind::UnknownEvent {
            hook,
            family: infix.trim_matches('-'),
            event: event.to_owned(),
        },
        _ => PatternErrorKind::UnknownHook { hook },
    }
}

#[cfg(test)]
mod tests;
