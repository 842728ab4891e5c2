//! The hook context, read from the environment Juju gives a hook.
//!
//! Juju tells a hook who and where it is through environment variables
//! (`JUJU_UNIT_NAME`, `JUJU_RELATION_ID`, ...). [`HookContext::from_vars`]
//! reads them through a lookup function so tests need not touch the process
//! environment; [`HookContext::from_env`] is the same over the real one.
//! Every missing or malformed variable is a [`ContextError`] that names the
//! variable and the value; nothing here panics.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Environment variable names this module reads, as Juju spells them.
pub mod vars {
    /// `hooks/<name>`, set when Juju runs `<charm>/dispatch`.
    pub const DISPATCH_PATH: &str = "JUJU_DISPATCH_PATH";
    /// The hook name (older Juju, and some test harnesses).
    pub const HOOK_NAME: &str = "JUJU_HOOK_NAME";
    /// `app/N`, the unit running the hook.
    pub const UNIT_NAME: &str = "JUJU_UNIT_NAME";
    /// The charm directory.
    pub const CHARM_DIR: &str = "JUJU_CHARM_DIR";
    /// The legacy spelling of [`CHARM_DIR`].
    pub const LEGACY_CHARM_DIR: &str = "CHARM_DIR";
    /// The model name.
    pub const MODEL_NAME: &str = "JUJU_MODEL_NAME";
    /// The model UUID.
    pub const MODEL_UUID: &str = "JUJU_MODEL_UUID";
    /// The hook context id the hook tools pass back to the agent.
    pub const CONTEXT_ID: &str = "JUJU_CONTEXT_ID";
    /// The local endpoint name of a relation hook.
    pub const RELATION: &str = "JUJU_RELATION";
    /// `name:id` of a relation hook's relation.
    pub const RELATION_ID: &str = "JUJU_RELATION_ID";
    /// The remote unit of a relation hook; empty for `-created`, `-broken`
    /// and remote application bag changes.
    pub const REMOTE_UNIT: &str = "JUJU_REMOTE_UNIT";
    /// The remote application of a relation hook.
    pub const REMOTE_APP: &str = "JUJU_REMOTE_APP";
    /// The unit leaving the relation, in `-departed` hooks.
    pub const DEPARTING_UNIT: &str = "JUJU_DEPARTING_UNIT";
    /// The action name, when an action runs.
    pub const ACTION_NAME: &str = "JUJU_ACTION_NAME";
}

/// A relation id as the hook tools print it: `endpoint:number`.
///
/// Juju identifies a relation by the number alone; the endpoint name is for
/// humans (`relation-get -r x:7` and `-r 7` reach the same relation). This
/// type keeps both because every source that hands one out
/// (`relation-ids`, `JUJU_RELATION_ID`) gives both. Parsing follows Juju:
/// everything up to the **last** `:` is the name, the rest must be a decimal
/// integer. A bare number (`"7"`) has no name, so [`FromStr`] rejects it with
/// [`RelationIdErrorKind::MissingEndpoint`]; use [`RelationId::parse_number`]
/// where a bare number is acceptable, or [`RelationId::new`] once the
/// endpoint is known from elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RelationId {
    /// The local endpoint (relation) name, e.g. `website`.
    pub endpoint: String,
    /// The relation number Juju uses as the identity, e.g. `7`.
    pub number: u32,
}

impl RelationId {
    /// A relation id from its parts.
    pub fn new(endpoint: impl Into<String>, number: u32) -> Self {
        Self {
            endpoint: endpoint.into(),
            number,
        }
    }

    /// The relation number of `"name:7"` or `"7"`, parsed the way Juju's `-r`
    /// flag does: everything up to the last `:` is ignored.
    pub fn parse_number(s: &str) -> Result<u32, RelationIdError> {
        let digits = s.rsplit_once(':').map_or(s, |(_, n)| n);
        parse_decimal(digits).ok_or_else(|| RelationIdError {
            input: s.to_owned(),
            kind: RelationIdErrorKind::InvalidNumber,
        })
    }
}

/// Parses a non-empty run of ASCII digits that fits in a `u32`.
fn parse_decimal(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

impl FromStr for RelationId {
    type Err = RelationIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let number = Self::parse_number(s)?;
        match s.rsplit_once(':') {
            Some((endpoint, _)) if !endpoint.is_empty() => Ok(Self::new(endpoint, number)),
            _ => Err(RelationIdError {
                input: s.to_owned(),
                kind: RelationIdErrorKind::MissingEndpoint,
            }),
        }
    }
}

impl fmt::Display for RelationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.endpoint, self.number)
    }
}

/// Why a string is not a [`RelationId`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationIdError {
    /// The string that failed to parse.
    pub input: String,
    /// What is wrong with it.
    pub kind: RelationIdErrorKind,
}

/// The ways a relation id can be malformed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelationIdErrorKind {
    /// The part after the last `:` is not a decimal `u32`.
    InvalidNumber,
    /// There is no endpoint name before the number (`"7"` or `":7"`).
    MissingEndpoint,
}

impl fmt::Display for RelationIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            RelationIdErrorKind::InvalidNumber => {
                write!(
                    f,
                    "invalid relation id {:?}: expected name:number",
                    self.input
                )
            }
            RelationIdErrorKind::MissingEndpoint => write!(
                f,
                "invalid relation id {:?}: no endpoint name before the number",
                self.input
            ),
        }
    }
}

impl std::error::Error for RelationIdError {}

/// Whether `name` is a valid Juju application name: lowercase ASCII letters,
/// digits and `-`, starting with a letter, where every `-`-separated part
/// after the first holds at least one letter (so `app-2` is not valid, since
/// `app-2/0` would be ambiguous with unit numbers in older Juju).
pub fn is_valid_application_name(name: &str) -> bool {
    let mut parts = name.split('-');
    let Some(first) = parts.next() else {
        return false;
    };
    let lower_alnum = |p: &str| {
        p.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    };
    first.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && lower_alnum(first)
        && parts.all(|p| lower_alnum(p) && p.bytes().any(|b| b.is_ascii_lowercase()))
}

/// A unit name, `app/N`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnitName {
    app: String,
    number: u32,
}

impl UnitName {
    /// The application part, `app` of `app/N`.
    pub fn app(&self) -> &str {
        &self.app
    }

    /// The unit number, `N` of `app/N`.
    pub fn number(&self) -> u32 {
        self.number
    }
}

impl FromStr for UnitName {
    type Err = UnitNameError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || UnitNameError {
            input: s.to_owned(),
        };
        let (app, number) = s.split_once('/').ok_or_else(bad)?;
        if !is_valid_application_name(app) {
            return Err(bad());
        }
        // Juju writes unit numbers without leading zeros; `app/01` is not a
        // unit Juju could name, and would not round-trip through Display.
        if number.len() > 1 && number.starts_with('0') {
            return Err(bad());
        }
        let number = parse_decimal(number).ok_or_else(bad)?;
        Ok(Self {
            app: app.to_owned(),
            number,
        })
    }
}

impl fmt::Display for UnitName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.app, self.number)
    }
}

/// A string that is not a valid `app/N` unit name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitNameError {
    /// The string that failed to parse.
    pub input: String,
}

impl fmt::Display for UnitNameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid unit name {:?}: expected app/N", self.input)
    }
}

impl std::error::Error for UnitNameError {}

/// Where [`HookContext::hook_name`] came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HookNameSource {
    /// The basename of `JUJU_DISPATCH_PATH`.
    DispatchPath,
    /// `JUJU_HOOK_NAME`.
    HookNameVar,
    /// The basename of argv\[0\] (a `hooks/<name>` symlink).
    Argv0,
}

/// The relation part of a relation hook's context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationContext {
    /// The local endpoint name (`JUJU_RELATION`).
    pub endpoint: String,
    /// The relation (`JUJU_RELATION_ID`).
    pub id: RelationId,
    /// The remote unit (`JUJU_REMOTE_UNIT`); `None` when unset or empty, as
    /// in `-created`, `-broken` and remote application bag changes.
    pub remote_unit: Option<UnitName>,
    /// The remote application (`JUJU_REMOTE_APP`, else the remote unit's
    /// application); `None` when neither is known.
    pub remote_app: Option<String>,
    /// The unit leaving the relation (`JUJU_DEPARTING_UNIT`, `-departed`
    /// hooks); `None` when unset or empty.
    pub departing_unit: Option<UnitName>,
}

/// What a hook knows about itself from its environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HookContext {
    /// The hook name, e.g. `website-relation-joined`.
    pub hook_name: String,
    /// Which source gave [`Self::hook_name`].
    pub hook_name_source: HookNameSource,
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
    /// Present in relation hooks (when `JUJU_RELATION_ID` is set).
    pub relation: Option<RelationContext>,
    /// The action name (`JUJU_ACTION_NAME`) when an action runs.
    pub action_name: Option<String>,
}

/// A missing or malformed hook environment variable.
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
    /// No source names the hook: `JUJU_DISPATCH_PATH` and `JUJU_HOOK_NAME`
    /// are unset or empty, and argv\[0\] is missing or is `dispatch`.
    NoHookName,
    /// Two variables disagree, e.g. `JUJU_RELATION=db` with
    /// `JUJU_RELATION_ID=website:7`.
    Inconsistent {
        /// The variable whose value does not fit.
        var: &'static str,
        /// Its value.
        value: String,
        /// What the other variables imply.
        expected: String,
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
                "environment variable {var}={value:?} does not match the rest of the hook environment (expected {expected:?})"
            ),
        }
    }
}

impl std::error::Error for ContextError {}

impl HookContext {
    /// Reads the context from the process environment, with argv\[0\] from
    /// [`std::env::args_os`]. Non-UTF-8 values are converted lossily so a
    /// resulting error still shows them.
    pub fn from_env() -> Result<Self, ContextError> {
        let argv0 = std::env::args_os()
            .next()
            .map(|a| a.to_string_lossy().into_owned());
        Self::from_vars(
            |name| std::env::var_os(name).map(|v| v.to_string_lossy().into_owned()),
            argv0.as_deref(),
        )
    }

    /// Reads the context through `lookup` (a variable name to its value).
    ///
    /// Empty values count as unset, as Juju leaves some variables empty
    /// rather than unset (`JUJU_REMOTE_UNIT` in `-broken`).
    pub fn from_vars(
        lookup: impl Fn(&str) -> Option<String>,
        argv0: Option<&str>,
    ) -> Result<Self, ContextError> {
        let get = |name: &str| lookup(name).filter(|v| !v.is_empty());

        let (hook_name, hook_name_source) = hook_name(&get, argv0)?;

        let unit_raw = get(vars::UNIT_NAME).ok_or(ContextError::Missing {
            var: vars::UNIT_NAME,
        })?;
        let unit = parse_unit(vars::UNIT_NAME, unit_raw)?;

        let charm_dir = get(vars::CHARM_DIR)
            .or_else(|| get(vars::LEGACY_CHARM_DIR))
            .map(PathBuf::from)
            .ok_or(ContextError::Missing {
                var: vars::CHARM_DIR,
            })?;

        Ok(Self {
            hook_name,
            hook_name_source,
            unit,
            charm_dir,
            model_name: get(vars::MODEL_NAME),
            model_uuid: get(vars::MODEL_UUID),
            context_id: get(vars::CONTEXT_ID),
            relation: relation_context(&get)?,
            action_name: get(vars::ACTION_NAME),
        })
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

/// The basename of a `/`-separated path, `None` when it is empty.
fn basename(path: &str) -> Option<&str> {
    path.rsplit('/').next().filter(|b| !b.is_empty())
}

fn hook_name(
    get: &impl Fn(&str) -> Option<String>,
    argv0: Option<&str>,
) -> Result<(String, HookNameSource), ContextError> {
    if let Some(path) = get(vars::DISPATCH_PATH) {
        return match basename(&path) {
            Some(name) => Ok((name.to_owned(), HookNameSource::DispatchPath)),
            None => Err(ContextError::Malformed {
                var: vars::DISPATCH_PATH,
                reason: "the path has no file name".to_owned(),
                value: path,
            }),
        };
    }
    if let Some(name) = get(vars::HOOK_NAME) {
        return Ok((name, HookNameSource::HookNameVar));
    }
    // `dispatch` run without JUJU_DISPATCH_PATH names no hook; taking it as
    // one would route every hook to a handler for a hook called "dispatch".
    match argv0.and_then(basename) {
        Some(name) if name != "dispatch" => Ok((name.to_owned(), HookNameSource::Argv0)),
        _ => Err(ContextError::NoHookName),
    }
}

fn parse_unit(var: &'static str, value: String) -> Result<UnitName, ContextError> {
    value
        .parse()
        .map_err(|e: UnitNameError| ContextError::Malformed {
            var,
            reason: e.to_string(),
            value,
        })
}

fn relation_context(
    get: &impl Fn(&str) -> Option<String>,
) -> Result<Option<RelationContext>, ContextError> {
    let endpoint = get(vars::RELATION);
    let Some(id_raw) = get(vars::RELATION_ID) else {
        return match endpoint {
            // A relation name without an id means a broken environment, not
            // a non-relation hook.
            Some(_) => Err(ContextError::Missing {
                var: vars::RELATION_ID,
            }),
            None => Ok(None),
        };
    };
    let endpoint = endpoint.ok_or(ContextError::Missing {
        var: vars::RELATION,
    })?;
    let number = RelationId::parse_number(&id_raw).map_err(|e| ContextError::Malformed {
        var: vars::RELATION_ID,
        value: id_raw.clone(),
        reason: e.to_string(),
    })?;
    // Juju always writes `name:id`; a bare number is accepted because
    // JUJU_RELATION already names the endpoint.
    if let Some((named, _)) = id_raw.rsplit_once(':')
        && named != endpoint
    {
        return Err(ContextError::Inconsistent {
            var: vars::RELATION_ID,
            value: id_raw,
            expected: format!("{endpoint}:{number}"),
        });
    }

    let remote_unit = get(vars::REMOTE_UNIT)
        .map(|v| parse_unit(vars::REMOTE_UNIT, v))
        .transpose()?;
    let remote_app = match get(vars::REMOTE_APP) {
        Some(app) if !is_valid_application_name(&app) => {
            return Err(ContextError::Malformed {
                var: vars::REMOTE_APP,
                value: app,
                reason: "not a valid application name".to_owned(),
            });
        }
        Some(app) => {
            if let Some(unit) = &remote_unit
                && unit.app() != app
            {
                return Err(ContextError::Inconsistent {
                    var: vars::REMOTE_APP,
                    value: app,
                    expected: unit.app().to_owned(),
                });
            }
            Some(app)
        }
        None => remote_unit.as_ref().map(|u| u.app().to_owned()),
    };
    let departing_unit = get(vars::DEPARTING_UNIT)
        .map(|v| parse_unit(vars::DEPARTING_UNIT, v))
        .transpose()?;

    Ok(Some(RelationContext {
        id: RelationId::new(endpoint.clone(), number),
        endpoint,
        remote_unit,
        remote_app,
        departing_unit,
    }))
}
