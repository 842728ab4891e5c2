//! The runtime's error type.

use core::fmt;

use crate::context::{ContextError, RelationId};
use crate::data::{DecodeError, EncodeError};
use crate::store::StoreError;
use crate::tools::ToolError;

/// Why a hook, a handler or a CLI call failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The hook environment is missing or malformed.
    Context(ContextError),
    /// A hook tool failed.
    Tool(ToolError),
    /// The flag store failed.
    Store(StoreError),
    /// A value in the store is not of the type asked for.
    StoredValue {
        /// The store key.
        key: String,
        /// What serde said.
        source: serde_json::Error,
    },
    /// Relation data a remote unit sent does not parse.
    Data {
        /// The relation it came from.
        relation: RelationId,
        /// The unit (or application) that wrote it.
        unit: String,
        /// What is wrong, naming the key.
        source: DecodeError,
    },
    /// A value cannot be written as relation data.
    Encode(EncodeError),
    /// A configuration value from Juju is not of its option's type.
    Config {
        /// The option.
        option: String,
        /// What is wrong.
        reason: String,
    },
    /// An action parameter is missing, unknown or of the wrong type.
    ActionParam {
        /// The parameter.
        param: String,
        /// What is wrong.
        reason: String,
    },
    /// A capability the unit agent's Juju is too old for.
    JujuTooOld {
        /// What was asked for.
        capability: &'static str,
        /// The first Juju that has it.
        since: String,
        /// The agent's version.
        version: String,
    },
    /// Something only the application's leader may do, asked of a unit
    /// that does not lead; refused before any tool runs.
    NotLeader {
        /// What was asked, e.g. "write the application bag of website:1".
        action: String,
    },
    /// Text that should have been a secret URI is not one.
    SecretUri(crate::secret::SecretUriError),
    /// Juju knows no such secret (removed, or never created): a secret
    /// tool said `not found`.
    SecretNotFound {
        /// The secret as it was named: its URI, or `label "..."`.
        secret: String,
    },
    /// A change to a secret this unit does not own (nor leads the
    /// application that owns it); refused before the change is queued,
    /// where Juju would accept it and fail the hook at commit.
    SecretNotOwned {
        /// The secret's URI.
        secret: String,
        /// What was asked, e.g. "set a new revision of".
        action: &'static str,
    },
    /// A handler's own error, as text.
    Message(String),
    /// A handler's own error, kept whole.
    Custom(Box<dyn std::error::Error + Send + Sync>),
    /// A command-line argument does not fit the method's parameters.
    Argument {
        /// The parameter's name and type, when one argument is at fault.
        param: Option<(&'static str, &'static str)>,
        /// What is wrong.
        reason: String,
    },
    /// Code panicked; caught so the hook fails cleanly.
    Panic {
        /// The panic message.
        message: String,
        /// `file:line:column`, when known.
        location: Option<String>,
    },
    /// A flag-driven handler failed; the hook fails with it.
    Handler {
        /// The handler's name.
        handler: String,
        /// Its error.
        source: Box<Error>,
    },
    /// Flag-driven handlers kept changing flags and the flag phase stopped.
    FlagOscillation {
        /// The rounds that had run handlers when it stopped.
        rounds: usize,
        /// `(earlier, later)` when round `later` started in the same state
        /// (flags, pending handlers) as round `earlier`.
        repeat: Option<(usize, usize)>,
        /// The handlers that ran in the last rounds (the cycle, when a
        /// repeat was seen), in table order.
        handlers: Vec<String>,
        /// The flags they set or cleared there, sorted.
        flags: Vec<String>,
    },
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
            Error::Context(error) => write!(f, "hook environment: {error}"),
            Error::Tool(error) => error.fmt(f),
            Error::Store(error) => error.fmt(f),
            Error::StoredValue { key, source } => {
                write!(f, "stored value `{key}` has an unexpected type: {source}")
            }
            Error::Data {
                relation,
                unit,
                source,
            } => {
                write!(f, "relation {relation}, unit {unit}: {source}")
            }
            Error::Encode(error) => error.fmt(f),
            Error::Config { option, reason } => write!(f, "config option `{option}`: {reason}"),
            Error::ActionParam { param, reason } => write!(f, "parameter `{param}`: {reason}"),
            Error::JujuTooOld {
                capability,
                since,
                version,
            } => write!(
                f,
                "{capability} need Juju {since} or later, and this unit runs Juju {version}"
            ),
            Error::NotLeader { action } => {
                write!(
                    f,
                    "only the leader may {action}, and this unit is not the leader"
                )
            }
            Error::SecretUri(error) => error.fmt(f),
            Error::SecretNotFound { secret } => write!(f, "secret {secret} not found"),
            Error::SecretNotOwned { secret, action } => write!(
                f,
                "cannot {action} secret {secret}: this unit does not own it, nor lead the application that owns it"
            ),
            Error::Message(message) => f.write_str(message),
            Error::Custom(error) => error.fmt(f),
            Error::Handler { handler, source } => write!(f, "handler `{handler}`: {source}"),
            Error::Argument {
                param: Some((name, ty)),
                reason,
            } => {
                write!(f, "argument `{name}` ({ty}): {reason}")
            }
            Error::Argument {
                param: None,
                reason,
            } => f.write_str(reason),
            Error::Panic {
                message,
                location: Some(location),
            } => {
                write!(f, "panicked at {location}: {message}")
            }
            Error::Panic {
                message,
                location: None,
            } => write!(f, "panicked: {message}"),
            Error::FlagOscillation {
                rounds,
                repeat,
                handlers,
                flags,
            } => {
                write!(
                    f,
                    "flags did not settle after {rounds} rounds: handlers {} kept running and flags {} kept flipping",
                    crate::dispatch::NameList(handlers),
                    crate::dispatch::NameList(flags)
                )?;
                if let Some((earlier, later)) = repeat {
                    write!(f, " (round {later} started as round {earlier} did)")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Context(error) => Some(error),
            Error::Tool(error) => Some(error),
            Error::Store(error) => Some(error),
            Error::StoredValue { source, .. } => Some(source),
            Error::Data { source, .. } => Some(source),
            Error::Encode(error) => Some(error),
            Error::SecretUri(error) => Some(error),
            Error::Message(_)
            | Error::SecretNotFound { .. }
            | Error::SecretNotOwned { .. }
            | Error::Config { .. }
            | Error::ActionParam { .. }
            | Error::JujuTooOld { .. }
            | Error::NotLeader { .. }
            | Error::FlagOscillation { .. }
            | Error::Argument { .. }
            | Error::Panic { .. } => None,
            Error::Custom(error) => Some(error.as_ref()),
            Error::Handler { source, .. } => Some(source.as_ref()),
        }
    }
}

macro_rules! from_error {
    ($($source:ty => $variant:ident,)*) => {$(
        impl From<$source> for Error {
            fn from(error: $source) -> Error {
                Error::$variant(error)
            }
        }
    )*};
}

from_error! {
    ContextError => Context,
    ToolError => Tool,
    StoreError => Store,
    EncodeError => Encode,
    crate::secret::SecretUriError => SecretUri,
}

/// The result type of hooks, handlers and interface methods.
pub type Result<T, E = Error> = core::result::Result<T, E>;
