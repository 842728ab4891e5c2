//! Actions: operations an operator runs on a unit (`juju run unit/0
//! backends`), typed at both ends.
//!
//! `charm!` reads the charm's actions (`actions.yaml`, or `actions:` of a
//! unified `charmcraft.yaml`) when the crate compiles and generates one
//! parameter type per action, implementing [`ActionParams`]; each action is
//! bound to one handler, which returns the results. At run time the action
//! arrives as `JUJU_DISPATCH_PATH=actions/<name>` and runs through the one
//! runner:
//!
//! - the parameters are read with one `action-get --format=json` and decoded
//!   into the action's type; a missing, unknown or ill-typed parameter fails
//!   the action with a message naming it;
//! - the handler runs, then the flag phase, as for any event;
//! - its results are flattened into Juju's dotted keys (`a.b=c`), each key
//!   checked against Juju's rules before any tool runs, and sent with one
//!   `action-set`; progress goes through [`Action::log`] (`action-log`);
//! - any failure is reported with `action-fail` and the process exits 0, as
//!   Juju expects (a non-zero exit would replace the message with
//!   `exit status 1`); nothing of a failed action is committed.

use std::collections::BTreeMap;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::flag::Flag;
use crate::relation::{FromSession, SessionCell};
use crate::session::Session;

/// The results of an action, as `action-set` takes them: dotted keys to
/// text.
pub type ActionResults = BTreeMap<String, String>;

/// The parameter values `action-get --format=json` printed.
pub type ParamValues = Map<String, Value>;

/// A JSON-schema type of an action parameter (the compile-time parser's
/// own, so both ends agree).
pub use iface_model::actions_file::ParamType;

/// Whether `value`, as `action-get` printed it, is of type `kind` (an
/// integer is a number too, and a float with no fraction an integer, as
/// Juju carries numbers as floats).
pub fn admits(kind: ParamType, value: &Value) -> bool {
    match kind {
        ParamType::String => value.is_string(),
        ParamType::Integer => {
            value.is_i64()
                || value.is_u64()
                || value
                    .as_f64()
                    .is_some_and(|f| f.fract() == 0.0 && f.abs() < 2f64.powi(63))
        }
        ParamType::Number => value.is_number(),
        ParamType::Boolean => value.is_boolean(),
        ParamType::Array => value.is_array(),
        ParamType::Object => value.is_object(),
    }
}

/// One parameter, as `actions.yaml` declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamDecl {
    /// Its name, e.g. `backup-dir`.
    pub name: &'static str,
    /// Its type; `None` for any JSON value.
    pub kind: Option<ParamType>,
    /// Whether it is listed in `required`.
    pub required: bool,
    /// Its description.
    pub description: &'static str,
}

/// An action's parameters: what `charm!` generates for each action.
pub trait ActionParams: Sized {
    /// The action's name in `actions.yaml`.
    const ACTION: &'static str;
    /// Every parameter, in file order.
    const PARAMS: &'static [ParamDecl];
    /// Whether parameters the file does not declare are refused
    /// (`additionalProperties: false`).
    const CLOSED: bool;

    /// The parameters from `action-get` output.
    fn from_values(values: &ParamValues) -> Result<Self>;
}

/// A [`Error::ActionParam`] for parameter `param`.
fn param_error(param: &str, reason: String) -> Error {
    Error::ActionParam {
        param: param.to_owned(),
        reason,
    }
}

/// The value of parameter `name` as `T`, `None` when it was not given.
pub fn param<T: DeserializeOwned>(
    values: &ParamValues,
    name: &str,
    kind: Option<ParamType>,
) -> Result<Option<T>> {
    let Some(value) = values.get(name).filter(|v| !v.is_null()) else {
        return Ok(None);
    };
    if let Some(kind) = kind
        && !admits(kind, value)
    {
        return Err(param_error(
            name,
            format!("expected {}, found {}", kind.as_str(), shown(value)),
        ));
    }
    // Juju carries numbers as floats: a whole one is an integer.
    let value = match (kind, value.as_f64()) {
        (Some(ParamType::Integer), Some(float)) if !value.is_i64() && !value.is_u64() => {
            #[expect(
                clippy::cast_possible_truncation,
                reason = "admits() checked it is whole"
            )]
            let whole = float as i64;
            Value::from(whole)
        }
        _ => value.clone(),
    };
    serde_json::from_value(value)
        .map(Some)
        .map_err(|e| param_error(name, e.to_string()))
}

/// The value of the required parameter `name` as `T`.
pub fn required_param<T: DeserializeOwned>(
    values: &ParamValues,
    name: &str,
    kind: Option<ParamType>,
) -> Result<T> {
    param(values, name, kind)?
        .ok_or_else(|| param_error(name, "is required and was not given".to_owned()))
}

/// The value of parameter `name` as `T`, else its `default` (JSON text the
/// actions file gave, checked against its type at compile time).
pub fn param_or<T: DeserializeOwned>(
    values: &ParamValues,
    name: &str,
    kind: Option<ParamType>,
    default: &str,
) -> Result<T> {
    match param(values, name, kind)? {
        Some(value) => Ok(value),
        None => serde_json::from_str(default)
            .map_err(|e| param_error(name, format!("its default does not fit its type: {e}"))),
    }
}

/// Refuses a parameter `values` holds that is not one of `known`
/// (`additionalProperties: false`).
pub fn no_other_params(values: &ParamValues, known: &[&str]) -> Result<()> {
    match values.keys().find(|key| !known.contains(&key.as_str())) {
        Some(key) => Err(param_error(
            key,
            format!(
                "is not a parameter of this action; expected one of {}",
                known
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
        None => Ok(()),
    }
}

/// `value` as text for an error, cut after 64 characters.
fn shown(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(64) {
        None => text,
        Some((cut, _)) => format!("{}... ({} bytes)", &text[..cut], text.len()),
    }
}

/// Keys `action-set` refuses: Juju keeps the process's output under them.
const RESERVED: [&str; 4] = ["stdout", "stdout-encoding", "stderr", "stderr-encoding"];

/// Whether `segment` is one part of a result key Juju accepts: lowercase
/// letters and digits, with inner hyphens.
fn is_key_segment(segment: &str) -> bool {
    let bytes = segment.as_bytes();
    let inner = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) => {
            inner(first) && inner(last) && bytes.iter().all(|b| inner(b) || *b == b'-')
        }
        _ => false,
    }
}

/// `results` as `action-set` takes them: nested maps become dotted keys
/// (`{"a": {"b": 1}}` → `a.b=1`), strings stay as they are, other values
/// are their JSON text. Every key is checked against Juju's rules (each
/// dot-separated part lowercase alphanumeric with inner hyphens, none of
/// `stdout`, `stderr` and their `-encoding`s) before any tool runs.
pub fn results<T: Serialize + ?Sized>(results: &T) -> Result<ActionResults> {
    let value = serde_json::to_value(results)
        .map_err(|e| Error::msg(format!("cannot encode the action's results: {e}")))?;
    let mut flat = ActionResults::new();
    match value {
        Value::Null => {}
        Value::Object(map) => flatten("", &map, &mut flat)?,
        other => {
            return Err(Error::msg(format!(
                "an action's results are a map of keys to values, not {}",
                shown(&other)
            )));
        }
    }
    Ok(flat)
}

fn flatten(prefix: &str, map: &Map<String, Value>, out: &mut ActionResults) -> Result<()> {
    for (key, value) in map {
        if !is_key_segment(key) {
            return Err(Error::msg(format!(
                "result key {key:?} must be lowercase letters and digits, with inner hyphens"
            )));
        }
        if RESERVED.contains(&key.as_str()) {
            return Err(Error::msg(format!(
                "result key `{key}` is reserved by Juju for the action's output"
            )));
        }
        let full = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            Value::Object(inner) => flatten(&full, inner, out)?,
            Value::Null => {}
            Value::String(text) => {
                out.insert(full, text.clone());
            }
            other => {
                out.insert(full, other.to_string());
            }
        }
    }
    Ok(())
}

/// The running action, as a handler argument: its name and id, and a way
/// to report progress.
#[derive(Debug)]
pub struct Action<'h> {
    cell: &'h SessionCell<'h>,
}

impl<'h> FromSession<'h> for Action<'h> {
    fn from_session(cell: &'h SessionCell<'h>, _when: &[Flag]) -> Result<Self> {
        if cell.borrow().context().event.action().is_none() {
            return Err(Error::msg(
                "an `&Action` parameter is only available while an action runs",
            ));
        }
        Ok(Action { cell })
    }
}

impl Action<'_> {
    /// The action's name, e.g. `backends`.
    pub fn name(&self) -> String {
        self.session_action().0
    }

    /// The action's id (`JUJU_ACTION_UUID`), when Juju gives one.
    pub fn id(&self) -> Option<String> {
        self.session_action().1
    }

    fn session_action(&self) -> (String, Option<String>) {
        let session = self.cell.borrow();
        let run = session.context().event.action();
        (
            run.map(|run| run.name.clone()).unwrap_or_default(),
            run.and_then(|run| run.uuid.clone()),
        )
    }

    /// Reports progress to the operator at once (`action-log`), whatever
    /// becomes of the action.
    pub fn log(&self, message: &str) -> Result<()> {
        Ok(self.cell.borrow().tools().action_log(message)?)
    }
}

/// What an action handler may return: nothing, or a `Result` whose value
/// serializes to the action's results (see [`results`]).
pub trait ActionReturn {
    /// The results, flattened and checked.
    fn into_results(self) -> Result<ActionResults>;
}

impl ActionReturn for () {
    fn into_results(self) -> Result<ActionResults> {
        Ok(ActionResults::new())
    }
}

impl<T: Serialize, E: Into<Error>> ActionReturn for core::result::Result<T, E> {
    fn into_results(self) -> Result<ActionResults> {
        results(&self.map_err(Into::into)?)
    }
}

/// An action handler as `#[action]` declares it.
pub struct ActionDecl {
    /// The handler's name.
    pub name: &'static str,
    /// The last segment of each parameter's type as written, so `charm!`
    /// can tell a handler that takes another action's parameters.
    pub param_types: &'static [&'static str],
    /// Whether it runs only on the leader (a `&Leader` parameter); on any
    /// other unit the action fails saying so.
    pub needs_leader: fn() -> bool,
    /// Decodes the parameters, builds the handler's arguments, calls it and
    /// flattens what it returned.
    pub run: fn(&mut Session) -> Result<ActionResults>,
}

impl core::fmt::Debug for ActionDecl {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ActionDecl")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// An action of the charm bound to its handler, as `charm!` lists it.
#[derive(Debug)]
pub struct BoundAction {
    /// The action's name in `actions.yaml`.
    pub action: &'static str,
    /// Its parameters.
    pub params: &'static [ParamDecl],
    /// Its description.
    pub description: &'static str,
    /// Its handler.
    pub handler: &'static ActionDecl,
}

/// Runs `bound`'s handler in `session` and sends its results with
/// `action-set` (keys checked first). Does not commit.
pub fn run(session: &mut Session, bound: &BoundAction) -> Result<()> {
    if (bound.handler.needs_leader)() {
        session.require_leader(|| format!("run action `{}`", bound.action))?;
    }
    let results =
        crate::panic::catch(|| (bound.handler.run)(session)).map_err(|source| Error::Handler {
            handler: bound.handler.name.to_owned(),
            source: Box::new(source),
        })?;
    if !results.is_empty() {
        session.tools().action_set(&results)?;
    }
    Ok(())
}
