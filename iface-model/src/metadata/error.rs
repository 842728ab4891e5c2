//! What is wrong with a metadata file, and where.

use core::fmt;

use super::location::{Location, NodePath, locate};

/// One problem in a metadata file.
///
/// Displays as `line:col: message`, or as the bare message when the
/// problem has no single place (a missing key, an empty file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetadataError {
    /// What is wrong and what was expected.
    pub message: String,
    /// Where the offending key or value starts, when known.
    pub location: Option<Location>,
}

impl MetadataError {
    /// An error from the YAML parser itself: the text is not YAML, or not
    /// YAML this crate reads (more than one document, duplicate keys).
    pub(crate) fn from_yaml(error: &serde_yaml_ng::Error) -> Self {
        let location = error.location().map(Location::from);
        let mut message = error.to_string();
        if let Some(location) = location {
            // The parser's message repeats the position; say it once.
            let suffix = format!(" at line {} column {}", location.line, location.column);
            if let Some(at) = message.find(&suffix) {
                message.replace_range(at..at + suffix.len(), "");
            }
        }
        MetadataError {
            message: format!("invalid YAML: {message}"),
            location,
        }
    }
}

impl fmt::Display for MetadataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.location {
            Some(location) => write!(f, "{location}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for MetadataError {}

/// Collects every error of one parse, locating each in the text.
pub(crate) struct Sink<'t> {
    text: &'t str,
    pub(crate) errors: Vec<MetadataError>,
}

impl<'t> Sink<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        Sink {
            text,
            errors: Vec::new(),
        }
    }

    /// Where the node at `path` starts.
    pub(crate) fn locate(&self, path: &NodePath) -> Option<Location> {
        locate(self.text, path)
    }

    /// Records `message` at the node at `path`.
    pub(crate) fn error(&mut self, path: &NodePath, message: impl Into<String>) {
        let location = self.locate(path);
        self.error_at(location, message);
    }

    /// Records `message` at `location`.
    pub(crate) fn error_at(&mut self, location: Option<Location>, message: impl Into<String>) {
        self.errors.push(MetadataError {
            message: message.into(),
            location,
        });
    }
}
