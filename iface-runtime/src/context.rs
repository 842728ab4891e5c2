//! The hook context: the event and who runs it, read once from the
//! environment Juju gives a hook.
//!
//! [`HookContext::from_env`] reads `JUJU_*` variables through an [`Env`]
//! (the process environment, or the pairs the simulator gives a hook) and
//! resolves the event against the charm's metadata ([`Declares`]). Every
//! missing, malformed, non-UTF-8 or contradictory variable is a
//! [`ContextError`] that names the variable and the value; nothing here
//! panics.

use std::ffi::OsStr;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::env::{Env, vars};
use crate::event::{self, AnyName, Declares, Event, EventSource, RelationHook};
pub use crate::names::{
    RelationId, RelationIdError, RelationIdErrorKind, UnitName, UnitNameError,
    is_valid_application_name,
};
use crate::version::JujuVersion;

/// What a hook knows about itself from its environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HookContext {
    /// The event the hook runs for.
    pub event: Event,
    /// Which source named the event.
    pub event_source: EventSource,
    /// The unit running the hook (`JUJU_UNIT_NAME`).
    pub unit: UnitName,
    /// The charm directory (`JUJU_CHARM_DIR`, else `CHARM_DIR`).
    pub charm_dir: PathBuf,
    /// The model name (`JUJU_MODEL_NAME`), if set.
    pub model_name: Option<String>,
    /// The model UUID (`JUJU_MODEL_UUID`), if set.
    pub model_uuid: Option<String>,
    /// The hook context id (`JUJU_CONTEXT_ID`), if set.
    pub context_id: Option<String>,
    /// The unit agent's Juju version (`JUJU_VERSION`), if set.
    pub juju_version: Option<JujuVersion>,
}

impl HookContext {
    /// Reads the context from `env`, with argv\[0\] for Juju's oldest way
    /// of naming the hook, resolving the event against `declared`.
    pub fn from_env(
        env: &dyn Env,
        argv0: Option<&OsStr>,
        declared: &dyn Declares,
    ) -> Result<Self, ContextError> {
        let (event, event_source) = event::parse(env, argv0, declared)?;
        let unit_text = env.text(vars::UNIT_NAME)?.ok_or(ContextError::Missing {
            var: vars::UNIT_NAME,
        })?;
        let unit = unit_text
            .parse()
            .map_err(|e: UnitNameError| ContextError::Malformed {
                var: vars::UNIT_NAME,
                reason: e.to_string(),
                value: unit_text,
            })?;
        let charm_dir = match env.text(vars::CHARM_DIR)? {
            Some(dir) => dir,
            None => env
                .text(vars::LEGACY_CHARM_DIR)?
                .ok_or(ContextError::Missing {
                    var: vars::CHARM_DIR,
                })?,
        };
        Ok(Self {
            event,
            event_source,
            unit,
            charm_dir: PathBuf::from(charm_dir),
            model_name: env.text(vars::MODEL_NAME)?,
            model_uuid: env.text(vars::MODEL_UUID)?,
            context_id: env.text(vars::CONTEXT_ID)?,
            juju_version: juju_version(env)?,
        })
    }

    /// [`Self::from_env`] for code with no charm metadata at hand: every
    /// well-formed hook name is taken as declared ([`AnyName`]).
    pub fn from_env_any(env: &dyn Env, argv0: Option<&OsStr>) -> Result<Self, ContextError> {
        Self::from_env(env, argv0, &AnyName)
    }

    /// The relation hook, when the event is one.
    pub fn relation(&self) -> Option<&RelationHook> {
        self.event.relation()
    }

    /// The hook or action name, e.g. `website-relation-joined`.
    pub fn hook_name(&self) -> String {
        self.event.name()
    }

    /// The application of the running unit, `app` of `app/N`.
    pub fn app(&self) -> &str {
        self.unit.app()
    }

    /// The charm directory.
    pub fn charm_dir(&self) -> &Path {
        &self.charm_dir
    }
}

fn juju_version(env: &dyn Env) -> Result<Option<JujuVersion>, ContextError> {
    let Some(text) = env.text(vars::VERSION)? else {
        return Ok(None);
    };
    text.parse().map(Some).map_err(
        |e: crate::version::JujuVersionError| ContextError::Malformed {
            var: vars::VERSION,
            reason: e.to_string(),
            value: text,
        },
    )
}

/// A missing, malformed or contradictory hook environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContextError {
    /// A required variable is unset or empty.
    Missing {
        /// The variable name.
        var: &'static str,
    },
    /// A variable holds a value that does not parse.
    Malformed {
        /// The variable name.
        var: &'static str,
        /// Its value.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A variable (or argv\[0\]) is set but is not UTF-8.
    NotUnicode {
        /// The variable name.
        var: &'static str,
        /// Its value, with invalid bytes replaced.
        value: String,
    },
    /// No source names the event: `JUJU_DISPATCH_PATH` and `JUJU_HOOK_NAME`
    /// are unset or empty, and argv\[0\] is missing or is `dispatch`.
    NoHookName,
    /// Two sources disagree, e.g. `JUJU_RELATION=db` with
    /// `JUJU_RELATION_ID=website:7`.
    Inconsistent {
        /// The variable whose value does not fit.
        var: &'static str,
        /// Its value.
        value: String,
        /// What the rest of the environment implies.
        expected: String,
    },
    /// The hook names a relation, storage or container the charm's
    /// metadata does not declare.
    Undeclared {
        /// The hook name.
        hook: String,
        /// What it names, e.g. ``relation `db` ``.
        what: String,
    },
    /// The hook name reads two ways with the charm's metadata.
    Ambiguous {
        /// The hook name.
        hook: String,
        /// Two of its readings.
        readings: [String; 2],
    },
}

impl fmt::Display for ContextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing { var } => write!(f, "environment variable {var} is not set"),
            Self::Malformed { var, value, reason } => {
                write!(
                    f,
                    "environment variable {var}={value:?} is malformed: {reason}"
                )
            }
            Self::NotUnicode { var, value } => {
                write!(f, "{var}={value:?} is not valid UTF-8")
            }
            Self::NoHookName => write!(
                f,
                "cannot tell which hook runs: {} and {} are not set and argv[0] names no hook",
                vars::DISPATCH_PATH,
                vars::HOOK_NAME
            ),
            Self::Inconsistent {
                var,
                value,
                expected,
            } => write!(
                f,
                "environment variable {var}={value:?} does not match the rest of the hook environment (expected {expected})"
            ),
            Self::Undeclared { hook, what } => write!(
                f,
                "hook `{hook}` names {what}, which the charm's metadata does not declare"
            ),
            Self::Ambiguous { hook, readings } => write!(
                f,
                "hook `{hook}` could name {} or {}",
                readings[0], readings[1]
            ),
        }
    }
}

impl std::error::Error for ContextError {}
