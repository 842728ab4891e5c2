//! The runtime's error type.

use core::fmt;

/// Why a hook, a handler or a CLI call failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// A handler's own error, as text.
    Message(String),
    /// A handler's own error, kept whole.
    Custom(Box<dyn std::error::Error + Send + Sync>),
}

impl Error {
    /// An error that is just a message.
    pub fn msg(message: impl fmt::Display) -> Error {
        Error::Message(message.to_string())
    }

    /// Wraps any error a handler hit.
    pub fn custom(error: impl std::error::Error + Send + Sync + 'static) -> Error {
        Error::Custom(Box::new(error))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Message(message) => f.write_str(message),
            Error::Custom(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Message(_) => None,
            Error::Custom(error) => Some(error.as_ref()),
        }
    }
}

/// The result type of hooks, handlers and interface methods.
pub type Result<T, E = Error> = core::result::Result<T, E>;
