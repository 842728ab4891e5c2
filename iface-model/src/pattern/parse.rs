//! From pattern text to segments: literal text, alternation groups and
//! `{role:interface}` placeholders. Every fault is collected, not just the
//! first, so one build reports them all.

use core::ops::Range;

use super::error::{PatternError, PatternErrorKind, closer};
use crate::hook::is_name;
use crate::role::Role;

/// A piece of a parsed pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Segment {
    /// Text copied into every expansion.
    Text(String),
    /// `{a,b,c}`: one expansion per alternative.
    Choice(Vec<String>),
    /// `{provides:http}`: every relation declared with that role and interface.
    Placeholder { role: Role, interface: String },
}

fn is_opener(c: char) -> bool {
    c == '{' || c == '<'
}

fn is_closer(c: char) -> bool {
    c == '}' || c == '>'
}

fn is_hook_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_'
}

/// Splits `source` into segments, or returns every fault found.
pub(crate) fn segments(source: &str) -> Result<Vec<Segment>, Vec<PatternError>> {
    let mut parser = Parser {
        source,
        errors: Vec::new(),
        segments: Vec::new(),
        text: String::new(),
    };
    if source.is_empty() {
        parser.fail(PatternErrorKind::Empty, 0..0);
    }
    parser.run();
    if parser.errors.is_empty() {
        Ok(parser.segments)
    } else {
        Err(parser.errors)
    }
}

struct Parser<'a> {
    source: &'a str,
    errors: Vec<PatternError>,
    segments: Vec<Segment>,
    /// Literal text not yet pushed as a segment.
    text: String,
}

impl Parser<'_> {
    fn fail(&mut self, kind: PatternErrorKind, span: Range<usize>) {
        self.errors.push(PatternError { kind, span });
    }

    fn run(&mut self) {
        let mut chars = self.source.char_indices().peekable();
        let mut whitespace_reported = false;
        while let Some((at, c)) = chars.next() {
            if is_opener(c) {
                let end = self.group(at, c);
                // Skip what the group consumed.
                while chars.next_if(|&(i, _)| i < end).is_some() {}
            } else if is_closer(c) {
                self.fail(PatternErrorKind::Unopened { close: c }, at..at + 1);
            } else if c.is_whitespace() {
                if !whitespace_reported {
                    whitespace_reported = true;
                    self.fail(
                        PatternErrorKind::Whitespace {
                            context: self.source.to_owned(),
                        },
                        at..at + c.len_utf8(),
                    );
                }
            } else if is_hook_char(c) {
                self.text.push(c);
            } else {
                self.fail(
                    PatternErrorKind::InvalidChar { found: c },
                    at..at + c.len_utf8(),
                );
            }
        }
        self.flush_text();
    }

    fn flush_text(&mut self) {
        if !self.text.is_empty() {
            self.segments
                .push(Segment::Text(core::mem::take(&mut self.text)));
        }
    }

    /// Parses the group opened at `start`; returns the byte offset just past it.
    fn group(&mut self, start: usize, open: char) -> usize {
        let body_start = start + open.len_utf8();
        let mut depth = 0usize;
        for (offset, c) in self.source[body_start..].char_indices() {
            let at = body_start + offset;
            if is_opener(c) {
                depth += 1;
            } else if is_closer(c) {
                if depth > 0 {
                    depth -= 1;
                    continue;
                }
                let end = at + c.len_utf8();
                let group = &self.source[start..end];
                if group[open.len_utf8()..group.len() - c.len_utf8()]
                    .chars()
                    .any(is_opener)
                {
                    self.fail(
                        PatternErrorKind::Nested {
                            group: group.to_owned(),
                        },
                        start..end,
                    );
                } else if c != closer(open) {
                    self.fail(PatternErrorKind::Mismatched { open, close: c }, start..end);
                } else {
                    self.body(&self.source[body_start..at], start..end);
                }
                return end;
            }
        }
        self.fail(
            PatternErrorKind::Unclosed { open },
            start..self.source.len(),
        );
        self.source.len()
    }

    /// Parses the text between a group's brackets.
    fn body(&mut self, body: &str, span: Range<usize>) {
        let group = &self.source[span.clone()];
        if body.chars().any(char::is_whitespace) {
            self.fail(
                PatternErrorKind::Whitespace {
                    context: group.to_owned(),
                },
                span,
            );
            return;
        }
        if let Some(bad) = body
            .chars()
            .find(|&c| !is_hook_char(c) && c != ',' && c != ':')
        {
            self.fail(PatternErrorKind::InvalidChar { found: bad }, span);
            return;
        }
        if let Some((role, interface)) = body.split_once(':') {
            self.placeholder(role, interface, span);
            return;
        }
        if body.is_empty() {
            self.fail(PatternErrorKind::EmptyGroup, span);
            return;
        }
        let alternatives: Vec<String> = body.split(',').map(str::to_owned).collect();
        if alternatives.iter().any(String::is_empty) {
            self.fail(
                PatternErrorKind::EmptyAlternative {
                    group: group.to_owned(),
                },
                span,
            );
            return;
        }
        self.flush_text();
        self.segments.push(Segment::Choice(alternatives));
    }

    fn placeholder(&mut self, role: &str, interface: &str, span: Range<usize>) {
        let role = match role.parse::<Role>() {
            Ok(role) => Some(role),
            Err(unknown) => {
                self.fail(PatternErrorKind::UnknownRole(unknown), span.clone());
                None
            }
        };
        if !is_name(interface) {
            self.fail(
                PatternErrorKind::BadInterface {
                    interface: interface.to_owned(),
                },
                span,
            );
            return;
        }
        if let Some(role) = role {
            self.flush_text();
            self.segments.push(Segment::Placeholder {
                role,
                interface: interface.to_owned(),
            });
        }
    }
}
