//! Why a charm could not be packed: one error, naming the file and the
//! key (and the line and column, where the YAML parser can tell them).

use core::fmt;
use std::path::{Path, PathBuf};

use iface_model::metadata::Location;

/// What is wrong with the charm crate, its files, the binary or the
/// command line. Displays as `FILE[:LINE:COL]: ` + `` `KEY`: `` + the
/// message, each part where known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackError {
    /// The file at fault (a charm file, the binary, the output), if one is.
    pub file: Option<PathBuf>,
    /// Where in `file`, when the YAML parser can tell.
    pub location: Option<Location>,
    /// The key at fault, as a dotted path (`options.port.type`), if one is.
    pub key: Option<String>,
    /// What is wrong and, where it helps, what to do.
    pub message: String,
}

impl PackError {
    /// An error about `file` as a whole.
    pub(crate) fn file(file: &Path, message: impl Into<String>) -> Self {
        PackError {
            file: Some(file.to_owned()),
            location: None,
            key: None,
            message: message.into(),
        }
    }

    /// An error about `key` in `file`.
    pub(crate) fn key(file: &Path, key: impl Into<String>, message: impl Into<String>) -> Self {
        PackError {
            key: Some(key.into()),
            ..PackError::file(file, message)
        }
    }

    /// An error about no file: the command line, the machine.
    pub(crate) fn other(message: impl Into<String>) -> Self {
        PackError {
            file: None,
            location: None,
            key: None,
            message: message.into(),
        }
    }

    /// `file` is not the YAML it should be: the parser's message, located.
    pub(crate) fn yaml(file: &Path, error: &serde_yaml_ng::Error) -> Self {
        let location = error.location().map(Location::from);
        let mut message = error.to_string();
        if let Some(at) = location {
            // The parser's message repeats the position; say it once.
            let suffix = format!(" at line {} column {}", at.line, at.column);
            message = message.replace(&suffix, "");
        }
        PackError {
            location,
            ..PackError::file(file, format!("invalid YAML: {message}"))
        }
    }
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}", file.display())?;
            if let Some(at) = self.location {
                write!(f, ":{at}")?;
            }
            f.write_str(": ")?;
        }
        if let Some(key) = &self.key {
            write!(f, "`{key}`: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for PackError {}

/// `` `a`, `b` and `c` ``: the choices an error message offers.
pub(crate) fn quoted_list<T: fmt::Display>(items: &[T]) -> String {
    let quoted: Vec<String> = items.iter().map(|item| format!("`{item}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}
