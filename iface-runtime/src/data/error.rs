//! The codec's errors. Each names the relation key it is about, so a
//! caller can tell which remote unit sent the bad value.

use core::fmt;

use serde::{de, ser};

/// How many characters of a value an error message quotes before cutting
/// it short: a 1 MiB value must not become a 1 MiB log line.
const QUOTE_CHARS: usize = 64;

/// Writes `text` as a Rust-escaped string literal, so newlines and control
/// characters stay visible, cut after [`QUOTE_CHARS`] characters. Also
/// quotes hook-tool output and arguments in [`ToolError`](crate::tools::ToolError)s.
pub(crate) fn quote(text: &str) -> String {
    match text.char_indices().nth(QUOTE_CHARS) {
        None => format!("{text:?}"),
        Some((cut, _)) => format!("{:?}... ({} bytes)", &text[..cut], text.len()),
    }
}

/// Writes the `` key `name`: `` prefix, escaping the key so that one with
/// a newline in it cannot forge a second log line.
fn write_key(f: &mut fmt::Formatter<'_>, key: Option<&str>) -> fmt::Result {
    match key {
        Some(key) => write!(f, "key `{}`: ", key.escape_debug()),
        None => Ok(()),
    }
}

/// Why relation data could not be decoded into the requested type.
///
/// The message names the key, what the type expected and the text that was
/// found, e.g. ``key `port`: expected u16, found "eighty"``. A required key
/// that is absent reads as serde's usual ``missing field `port` ``.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError(Box<DecodeDetails>);

/// Boxed so that results carrying a [`DecodeError`] stay small.
#[derive(Debug, Clone, PartialEq, Eq)]
struct DecodeDetails {
    key: Option<String>,
    /// The offending text, already quoted and cut short for messages.
    found: Option<String>,
    kind: DecodeKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum DecodeKind {
    /// The key is absent and the field has no default.
    Missing,
    /// The text does not read as what the type asked for.
    Mismatch {
        expected: String,
        detail: Option<String>,
    },
    /// Anything the target's own `Deserialize` impl reported.
    Message(String),
}

impl DecodeError {
    /// A value whose text does not read as `expected`; `detail` is the
    /// parser's own explanation, if it has a useful one.
    pub(crate) fn mismatch(
        key: &str,
        expected: impl Into<String>,
        text: &str,
        detail: Option<String>,
    ) -> Self {
        DecodeError(Box::new(DecodeDetails {
            key: Some(key.to_owned()),
            found: Some(quote(text)),
            kind: DecodeKind::Mismatch {
                expected: expected.into(),
                detail,
            },
        }))
    }

    /// Fills in the key and the offending text where the error was raised
    /// without them (by a visitor or a user's `Deserialize` impl). An error
    /// that already names a key keeps it.
    pub(crate) fn at(mut self, key: &str, text: &str) -> Self {
        if self.0.key.is_none() {
            self.0.key = Some(key.to_owned());
            if self.0.found.is_none() && !matches!(self.0.kind, DecodeKind::Missing) {
                self.0.found = Some(quote(text));
            }
        }
        self
    }

    /// Fills in the key only: for errors about the key itself.
    pub(crate) fn at_key(mut self, key: &str) -> Self {
        self.0.key.get_or_insert_with(|| key.to_owned());
        self
    }

    /// The relation key the error is about: the bag key whose value failed,
    /// or the name of a missing field. `None` for errors about the bag as a
    /// whole, such as asking for a number at the top level.
    pub fn key(&self) -> Option<&str> {
        self.0.key.as_deref()
    }

    /// Whether the error is a required key that the bag does not have.
    pub fn is_missing(&self) -> bool {
        matches!(self.0.kind, DecodeKind::Missing)
    }

    /// What the target type expected, e.g. `u16`, when the text did not
    /// parse as that.
    pub fn expected(&self) -> Option<&str> {
        match &self.0.kind {
            DecodeKind::Mismatch { expected, .. } => Some(expected),
            _ => None,
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0.kind {
            DecodeKind::Missing => {
                write!(
                    f,
                    "missing field `{}`",
                    self.0.key.as_deref().unwrap_or_default().escape_debug()
                )
            }
            DecodeKind::Mismatch { expected, detail } => {
                write_key(f, self.0.key.as_deref())?;
                write!(f, "expected {expected}")?;
                if let Some(found) = &self.0.found {
                    write!(f, ", found {found}")?;
                }
                match detail {
                    Some(detail) => write!(f, " ({detail})"),
                    None => Ok(()),
                }
            }
            DecodeKind::Message(message) => {
                write_key(f, self.0.key.as_deref())?;
                f.write_str(message)?;
                match &self.0.found {
                    Some(found) => write!(f, " (value {found})"),
                    None => Ok(()),
                }
            }
        }
    }
}

impl std::error::Error for DecodeError {}

impl de::Error for DecodeError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        DecodeError(Box::new(DecodeDetails {
            key: None,
            found: None,
            kind: DecodeKind::Message(message.to_string()),
        }))
    }

    fn missing_field(field: &'static str) -> Self {
        DecodeError(Box::new(DecodeDetails {
            key: Some(field.to_owned()),
            found: None,
            kind: DecodeKind::Missing,
        }))
    }
}

/// Why a value could not be encoded as relation data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodeError(Box<EncodeDetails>);

/// Boxed so that results carrying an [`EncodeError`] stay small.
#[derive(Debug, Clone, PartialEq, Eq)]
struct EncodeDetails {
    key: Option<String>,
    kind: EncodeKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum EncodeKind {
    /// [`to_bag`](super::to_bag) was given something that has no keys.
    NotAMap(&'static str),
    /// A map key that is a sequence, a map or the like.
    KeyNotText,
    /// A key that Juju's `relation-set` would mangle.
    InvalidKey,
    /// Two fields (e.g. through `#[serde(flatten)]`) wrote the same key.
    DuplicateKey,
    /// `serde_json` refused a nested value.
    Json(String),
    /// A `Serialize` impl's own error.
    Message(String),
}

impl EncodeError {
    pub(crate) fn not_a_map(found: &'static str) -> Self {
        EncodeError(Box::new(EncodeDetails {
            key: None,
            kind: EncodeKind::NotAMap(found),
        }))
    }

    pub(crate) fn key_not_text() -> Self {
        EncodeError(Box::new(EncodeDetails {
            key: None,
            kind: EncodeKind::KeyNotText,
        }))
    }

    pub(crate) fn invalid_key(key: &str) -> Self {
        EncodeError(Box::new(EncodeDetails {
            key: Some(key.to_owned()),
            kind: EncodeKind::InvalidKey,
        }))
    }

    pub(crate) fn duplicate_key(key: &str) -> Self {
        EncodeError(Box::new(EncodeDetails {
            key: Some(key.to_owned()),
            kind: EncodeKind::DuplicateKey,
        }))
    }

    pub(crate) fn json(key: &str, error: &serde_json::Error) -> Self {
        EncodeError(Box::new(EncodeDetails {
            key: Some(key.to_owned()),
            kind: EncodeKind::Json(error.to_string()),
        }))
    }

    /// Fills in the key where the error was raised without one.
    pub(crate) fn at_key(mut self, key: &str) -> Self {
        self.0.key.get_or_insert_with(|| key.to_owned());
        self
    }

    /// The relation key the error is about, if it is about one.
    pub fn key(&self) -> Option<&str> {
        self.0.key.as_deref()
    }
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_key(f, self.0.key.as_deref())?;
        match &self.0.kind {
            EncodeKind::NotAMap(found) => {
                write!(f, "relation data must be a struct or a map, found {found}")
            }
            EncodeKind::KeyNotText => f.write_str(
                "a map key must be a string, number, bool or unit variant to be a relation key",
            ),
            EncodeKind::InvalidKey => f.write_str(
                "not a valid relation key: it must be non-empty and contain no `=` or whitespace",
            ),
            EncodeKind::DuplicateKey => f.write_str("written twice"),
            EncodeKind::Json(message) => write!(f, "cannot encode as JSON: {message}"),
            EncodeKind::Message(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for EncodeError {}

impl ser::Error for EncodeError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        EncodeError(Box::new(EncodeDetails {
            key: None,
            kind: EncodeKind::Message(message.to_string()),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_escapes_and_cuts() {
        assert_eq!(quote("a\nb\"c"), r#""a\nb\"c""#);
        let long = "é".repeat(100);
        let quoted = quote(&long);
        assert!(
            quoted.starts_with(&format!("\"{}\"...", "é".repeat(QUOTE_CHARS))),
            "{quoted}"
        );
        assert!(quoted.ends_with("(200 bytes)"), "{quoted}");
    }

    #[test]
    fn keys_are_escaped_in_messages() {
        let error = EncodeError::invalid_key("a\nb");
        assert_eq!(
            error.to_string(),
            "key `a\\nb`: not a valid relation key: it must be non-empty and contain no `=` or whitespace"
        );
    }

    #[test]
    fn an_error_keeps_the_first_key_it_was_given() {
        let error = DecodeError::mismatch("inner", "u8", "x", None).at("outer", "y");
        assert_eq!(error.key(), Some("inner"));
        assert_eq!(error.to_string(), r#"key `inner`: expected u8, found "x""#);
    }
}
