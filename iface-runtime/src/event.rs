//! The event a hook process runs for, typed once from its environment.
//!
//! Juju names the event in `JUJU_DISPATCH_PATH` (`hooks/<name>` for a
//! hook, `actions/<name>` for an action), else in `JUJU_HOOK_NAME`, else in
//! the basename of argv\[0\] (a `hooks/<name>` link). [`parse`] reads that
//! name once, resolves it against the names the charm's metadata declares
//! ([`Declares`]: endpoints, storage, containers), and reads the variables
//! that event brings (`JUJU_RELATION_ID`, `JUJU_SECRET_ID`, ...) into one
//! [`Event`]. From then on nothing parses a hook name again: dispatch
//! matches on the event's fields.
//!
//! A name that no Juju 3.6 or 4.0 sends (a newer Juju's event, or
//! `collect-metrics` of an old one) is [`Event::Unknown`]: the runtime
//! runs nothing for it and commits nothing. A name that has the shape of a
//! relation, storage or workload hook but names something the metadata does
//! not declare, or variables that contradict the name, are errors: the
//! environment is broken, and the hook must fail before any tool runs.

use std::ffi::OsStr;
use std::fmt;
use std::path::PathBuf;

use iface_model::hook::{
    HookSpec, RELATION_INFIX, RelationEvent, STORAGE_INFIX, SecretEvent, StorageEvent, UnitEvent,
    WORKLOAD_INFIX, WorkloadEvent, is_name,
};

use crate::context::ContextError;
use crate::env::{Env, vars};
use crate::names::{RelationId, UnitName, UnitNameError, is_valid_application_name};
use crate::secret::{SecretUri, SecretUriError};

/// One event Juju runs a charm for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A hook of the unit as a whole: `install`, `config-changed`, ...
    Unit(UnitEvent),
    /// `<endpoint>-relation-<event>`.
    Relation(RelationHook),
    /// `secret-changed`, `secret-expired`, `secret-remove`, `secret-rotate`.
    Secret(SecretHook),
    /// `<storage>-storage-attached`, `<storage>-storage-detaching`.
    Storage(StorageHook),
    /// `<container>-pebble-<event>` (Kubernetes sidecar charms).
    Workload(WorkloadHook),
    /// `actions/<name>`.
    Action(ActionRun),
    /// A name no Juju 3.6 or 4.0 sends; nothing runs for it.
    Unknown(String),
}

/// A relation hook and the remote side it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationHook {
    /// The local endpoint (`JUJU_RELATION`), e.g. `website`.
    pub endpoint: String,
    /// Which relation event.
    pub kind: RelationEvent,
    /// The relation (`JUJU_RELATION_ID`).
    pub id: RelationId,
    /// The remote unit (`JUJU_REMOTE_UNIT`); `None` in `-created`,
    /// `-broken` and for a change of the remote application's bag.
    pub remote_unit: Option<UnitName>,
    /// The remote application (`JUJU_REMOTE_APP`, else the remote unit's).
    pub remote_app: Option<String>,
    /// The unit leaving the relation (`JUJU_DEPARTING_UNIT`, `-departed`).
    pub departing_unit: Option<UnitName>,
}

/// A secret hook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretHook {
    /// Which secret event.
    pub kind: SecretEvent,
    /// The secret (`JUJU_SECRET_ID`).
    pub id: SecretUri,
    /// The label this unit gave the secret (`JUJU_SECRET_LABEL`), if any.
    pub label: Option<String>,
    /// The revision concerned (`JUJU_SECRET_REVISION`), where Juju names
    /// one (`secret-expired`, `secret-remove`).
    pub revision: Option<u32>,
}

/// A storage hook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorageHook {
    /// The storage name from metadata.
    pub storage: String,
    /// Which storage event.
    pub kind: StorageEvent,
    /// The storage instance (`JUJU_STORAGE_ID`), e.g. `data/0`.
    pub id: Option<String>,
    /// Where it is mounted (`JUJU_STORAGE_LOCATION`).
    pub location: Option<PathBuf>,
    /// `block` or `filesystem` (`JUJU_STORAGE_KIND`).
    pub storage_kind: Option<String>,
}

/// A Pebble hook of a workload container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkloadHook {
    /// The container name from metadata (`JUJU_WORKLOAD_NAME`).
    pub container: String,
    /// Which Pebble event.
    pub kind: WorkloadEvent,
    /// The notice of `-pebble-custom-notice`.
    pub notice: Option<Notice>,
    /// The check of `-pebble-check-failed` / `-recovered`
    /// (`JUJU_PEBBLE_CHECK_NAME`).
    pub check: Option<String>,
}

/// A Pebble notice (`JUJU_NOTICE_ID`, `JUJU_NOTICE_TYPE`, `JUJU_NOTICE_KEY`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The notice id.
    pub id: String,
    /// Its type, e.g. `custom`.
    pub notice_type: String,
    /// Its key, e.g. `example.com/reload`.
    pub key: String,
}

/// An action run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionRun {
    /// The action name from `actions.yaml`.
    pub name: String,
    /// The action's id (`JUJU_ACTION_UUID`).
    pub uuid: Option<String>,
}

/// Where the event's name came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventSource {
    /// `JUJU_DISPATCH_PATH` (Juju ran `dispatch`).
    DispatchPath,
    /// `JUJU_HOOK_NAME`.
    HookNameVar,
    /// The basename of argv\[0\] (Juju ran a `hooks/<name>` link).
    Argv0,
}

/// The names a charm's metadata declares, which hook names are resolved
/// against: `db-relation-changed` is a relation hook only for a charm with
/// an endpoint `db`.
pub trait Declares {
    /// Whether `name` is an endpoint (Juju's implicit `juju-info` counts).
    fn endpoint(&self, name: &str) -> bool;
    /// Whether `name` is a storage.
    fn storage(&self, name: &str) -> bool;
    /// Whether `name` is a workload container.
    fn container(&self, name: &str) -> bool;
}

/// Every well-formed name, for code that runs hooks with no charm
/// metadata at hand (tests of the runtime itself, tools).
#[derive(Debug, Clone, Copy, Default)]
pub struct AnyName;

impl Declares for AnyName {
    fn endpoint(&self, _: &str) -> bool {
        true
    }
    fn storage(&self, _: &str) -> bool {
        true
    }
    fn container(&self, _: &str) -> bool {
        true
    }
}

impl Event {
    /// The hook or action name, as Juju spells it: `website-relation-joined`,
    /// `install`, `backup` (for `actions/backup`).
    pub fn name(&self) -> String {
        match self {
            Event::Unit(event) => event.as_str().to_owned(),
            Event::Secret(hook) => hook.kind.as_str().to_owned(),
            Event::Relation(hook) => format!("{}{RELATION_INFIX}{}", hook.endpoint, hook.kind),
            Event::Storage(hook) => format!("{}{STORAGE_INFIX}{}", hook.storage, hook.kind),
            Event::Workload(hook) => format!("{}{WORKLOAD_INFIX}{}", hook.container, hook.kind),
            Event::Action(run) => run.name.clone(),
            Event::Unknown(name) => name.clone(),
        }
    }

    /// What tells this hook apart from every other hook Juju could run
    /// next on this unit: its name and the relation, remote unit, secret
    /// revision, storage or notice it concerns. `None` for an action (and an
    /// unknown event): actions are never retried.
    ///
    /// Juju retries a failed hook with the same occurrence and runs no other
    /// hook on the unit until it succeeds, unless the operator skips it with
    /// `juju resolved --no-retry`. So a hook whose occurrence differs from
    /// the last hook that wrote relation data may take that write as kept.
    pub fn occurrence(&self) -> Option<String> {
        fn or_dash(part: Option<String>) -> String {
            part.unwrap_or_else(|| "-".to_owned())
        }
        let name = self.name();
        Some(match self {
            Event::Unit(_) => name,
            Event::Relation(hook) => {
                let remote = hook
                    .remote_unit
                    .as_ref()
                    .map(ToString::to_string)
                    .or_else(|| hook.remote_app.clone());
                let departing = hook.departing_unit.as_ref().map(ToString::to_string);
                format!(
                    "{name} {} {} {}",
                    hook.id,
                    or_dash(remote),
                    or_dash(departing)
                )
            }
            Event::Secret(hook) => {
                let revision = hook.revision.map(|r| r.to_string());
                format!("{name} {} {}", hook.id, or_dash(revision))
            }
            Event::Storage(hook) => format!("{name} {}", or_dash(hook.id.clone())),
            Event::Workload(hook) => {
                let which = hook
                    .notice
                    .as_ref()
                    .map(|notice| notice.id.clone())
                    .or_else(|| hook.check.clone());
                format!("{name} {}", or_dash(which))
            }
            Event::Action(_) | Event::Unknown(_) => return None,
        })
    }

    /// `action` for an action, `hook` for everything else: how error lines
    /// name what failed.
    pub fn noun(&self) -> &'static str {
        match self {
            Event::Action(_) => "action",
            _ => "hook",
        }
    }

    /// The relation hook, if this is one.
    pub fn relation(&self) -> Option<&RelationHook> {
        match self {
            Event::Relation(hook) => Some(hook),
            _ => None,
        }
    }

    /// The action run, if this is one.
    pub fn action(&self) -> Option<&ActionRun> {
        match self {
            Event::Action(run) => Some(run),
            _ => None,
        }
    }

    /// Whether this is the unit or secret hook `spec` (what `#[on(...)]`
    /// binds a charm's handler to).
    pub fn is(&self, spec: &HookSpec) -> bool {
        match (self, spec) {
            (Event::Unit(event), HookSpec::Unit(wanted)) => event == wanted,
            (Event::Secret(hook), HookSpec::Secret(wanted)) => hook.kind == *wanted,
            _ => false,
        }
    }

    /// Whether this is event `kind` of a relation.
    pub fn is_relation(&self, kind: RelationEvent) -> bool {
        self.relation().is_some_and(|hook| hook.kind == kind)
    }
}

impl fmt::Display for Event {
    /// `JUJU_DISPATCH_PATH`'s form: `hooks/install`, `actions/backup`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dir = match self {
            Event::Action(_) => "actions",
            _ => "hooks",
        };
        write!(f, "{dir}/{}", self.name())
    }
}

/// The event named by `env` (and argv\[0\]), resolved against `declared`.
pub fn parse(
    env: &dyn Env,
    argv0: Option<&OsStr>,
    declared: &dyn Declares,
) -> Result<(Event, EventSource), ContextError> {
    let (named, source) = event_name(env, argv0)?;
    let event = match named {
        Named::Action(name) => Event::Action(action(env, name)?),
        Named::Hook(name) => hook(env, name, declared)?,
    };
    if event.relation().is_none() {
        for var in [vars::RELATION, vars::RELATION_ID] {
            if let Some(value) = env.text(var)? {
                return Err(ContextError::Inconsistent {
                    var,
                    value,
                    expected: format!("unset: {event} is not a relation hook"),
                });
            }
        }
    }
    Ok((event, source))
}

/// An event name before it is resolved.
enum Named {
    Hook(String),
    Action(String),
}

fn event_name(env: &dyn Env, argv0: Option<&OsStr>) -> Result<(Named, EventSource), ContextError> {
    if let Some(path) = env.text(vars::DISPATCH_PATH)? {
        let named = match path.split_once('/') {
            Some(("hooks", name)) if is_segment(name) => Named::Hook(name.to_owned()),
            Some(("actions", name)) if is_segment(name) => Named::Action(name.to_owned()),
            _ => {
                return Err(ContextError::Malformed {
                    var: vars::DISPATCH_PATH,
                    value: path,
                    reason: "expected hooks/<name> or actions/<name>".to_owned(),
                });
            }
        };
        return Ok((named, EventSource::DispatchPath));
    }
    if let Some(name) = env.text(vars::HOOK_NAME)? {
        return Ok((Named::Hook(name), EventSource::HookNameVar));
    }
    let Some(argv0) = argv0 else {
        return Err(ContextError::NoHookName);
    };
    let Some(path) = argv0.to_str() else {
        return Err(ContextError::NotUnicode {
            var: vars::ARGV0,
            value: argv0.to_string_lossy().into_owned(),
        });
    };
    let mut parts = path.rsplit('/');
    let name = parts.next().unwrap_or_default();
    // `dispatch` run without JUJU_DISPATCH_PATH names no event; taking it
    // as one would route every hook to a handler for a hook "dispatch".
    if name.is_empty() || name == "dispatch" {
        return Err(ContextError::NoHookName);
    }
    // Before `dispatch`, Juju ran `actions/<name>` executables.
    let named = if parts.next() == Some("actions") || env.text(vars::ACTION_NAME)?.is_some() {
        Named::Action(name.to_owned())
    } else {
        Named::Hook(name.to_owned())
    };
    Ok((named, EventSource::Argv0))
}

/// One non-empty path segment.
fn is_segment(name: &str) -> bool {
    !name.is_empty() && !name.contains('/')
}

fn action(env: &dyn Env, name: String) -> Result<ActionRun, ContextError> {
    if let Some(named) = env.text(vars::ACTION_NAME)?
        && named != name
    {
        return Err(ContextError::Inconsistent {
            var: vars::ACTION_NAME,
            value: named,
            expected: name,
        });
    }
    Ok(ActionRun {
        name,
        uuid: env.text(vars::ACTION_UUID)?,
    })
}

/// What a prefixed hook name can be.
#[derive(Clone, Copy)]
enum Prefixed<'n> {
    Relation(&'n str, RelationEvent),
    Storage(&'n str, StorageEvent),
    Workload(&'n str, WorkloadEvent),
}

impl Prefixed<'_> {
    fn declared(self, declared: &dyn Declares) -> bool {
        match self {
            Prefixed::Relation(name, _) => declared.endpoint(name),
            Prefixed::Storage(name, _) => declared.storage(name),
            Prefixed::Workload(name, _) => declared.container(name),
        }
    }

    fn describe(self) -> String {
        match self {
            Prefixed::Relation(name, _) => format!("relation `{name}`"),
            Prefixed::Storage(name, _) => format!("storage `{name}`"),
            Prefixed::Workload(name, _) => format!("container `{name}`"),
        }
    }
}

/// Every way to read `name` as `<name><infix><event>`: at each place an
/// infix stands, with a valid name before it and an event of its kind
/// after it.
fn readings(name: &str) -> Vec<Prefixed<'_>> {
    let mut found = Vec::new();
    for infix in [RELATION_INFIX, STORAGE_INFIX, WORKLOAD_INFIX] {
        for (at, _) in name.match_indices(infix) {
            let (prefix, event) = (&name[..at], &name[at + infix.len()..]);
            if !is_name(prefix) {
                continue;
            }
            let reading = match infix {
                RELATION_INFIX => {
                    RelationEvent::from_name(event).map(|e| Prefixed::Relation(prefix, e))
                }
                STORAGE_INFIX => {
                    StorageEvent::from_name(event).map(|e| Prefixed::Storage(prefix, e))
                }
                _ => WorkloadEvent::from_name(event).map(|e| Prefixed::Workload(prefix, e)),
            };
            found.extend(reading);
        }
    }
    found
}

fn hook(env: &dyn Env, name: String, declared: &dyn Declares) -> Result<Event, ContextError> {
    if let Some(event) = UnitEvent::from_name(&name) {
        return Ok(Event::Unit(event));
    }
    if let Some(kind) = SecretEvent::from_name(&name) {
        return secret(env, kind).map(Event::Secret);
    }
    let readings = readings(&name);
    let mut matching = readings.iter().filter(|r| r.declared(declared));
    let reading = match (matching.next(), matching.next()) {
        (Some(one), None) => *one,
        (Some(first), Some(second)) => {
            return Err(ContextError::Ambiguous {
                hook: name.clone(),
                readings: [first.describe(), second.describe()],
            });
        }
        (None, _) => {
            return match readings.first() {
                Some(reading) => Err(ContextError::Undeclared {
                    hook: name.clone(),
                    what: reading.describe(),
                }),
                None => Ok(Event::Unknown(name)),
            };
        }
    };
    match reading {
        Prefixed::Relation(endpoint, kind) => relation(env, endpoint, kind).map(Event::Relation),
        Prefixed::Storage(storage, kind) => Ok(Event::Storage(StorageHook {
            storage: storage.to_owned(),
            kind,
            id: storage_id(env, storage)?,
            location: env.text(vars::STORAGE_LOCATION)?.map(PathBuf::from),
            storage_kind: env.text(vars::STORAGE_KIND)?,
        })),
        Prefixed::Workload(container, kind) => workload(env, container, kind).map(Event::Workload),
    }
}

fn secret(env: &dyn Env, kind: SecretEvent) -> Result<SecretHook, ContextError> {
    let text = env.text(vars::SECRET_ID)?.ok_or(ContextError::Missing {
        var: vars::SECRET_ID,
    })?;
    let id = text
        .parse()
        .map_err(|e: SecretUriError| ContextError::Malformed {
            var: vars::SECRET_ID,
            value: text.clone(),
            reason: e.to_string(),
        })?;
    let revision = match env.text(vars::SECRET_REVISION)? {
        None => None,
        Some(text) => Some(text.parse::<u32>().map_err(|_| ContextError::Malformed {
            var: vars::SECRET_REVISION,
            value: text,
            reason: "expected a revision number".to_owned(),
        })?),
    };
    Ok(SecretHook {
        kind,
        id,
        label: env.text(vars::SECRET_LABEL)?,
        revision,
    })
}

fn storage_id(env: &dyn Env, storage: &str) -> Result<Option<String>, ContextError> {
    let Some(id) = env.text(vars::STORAGE_ID)? else {
        return Ok(None);
    };
    match id.rsplit_once('/') {
        Some((name, number)) if name == storage && number.parse::<u32>().is_ok() => Ok(Some(id)),
        _ => Err(ContextError::Inconsistent {
            var: vars::STORAGE_ID,
            value: id,
            expected: format!("{storage}/<number>"),
        }),
    }
}

fn workload(
    env: &dyn Env,
    container: &str,
    kind: WorkloadEvent,
) -> Result<WorkloadHook, ContextError> {
    if let Some(named) = env.text(vars::WORKLOAD_NAME)?
        && named != container
    {
        return Err(ContextError::Inconsistent {
            var: vars::WORKLOAD_NAME,
            value: named,
            expected: container.to_owned(),
        });
    }
    let notice = match env.text(vars::NOTICE_ID)? {
        Some(id) => Some(Notice {
            id,
            notice_type: env.text(vars::NOTICE_TYPE)?.unwrap_or_default(),
            key: env.text(vars::NOTICE_KEY)?.unwrap_or_default(),
        }),
        None => None,
    };
    Ok(WorkloadHook {
        container: container.to_owned(),
        kind,
        notice,
        check: env.text(vars::PEBBLE_CHECK_NAME)?,
    })
}

fn unit(env: &dyn Env, var: &'static str) -> Result<Option<UnitName>, ContextError> {
    env.text(var)?
        .map(|value| {
            value
                .parse()
                .map_err(|e: UnitNameError| ContextError::Malformed {
                    var,
                    reason: e.to_string(),
                    value,
                })
        })
        .transpose()
}

fn relation(
    env: &dyn Env,
    endpoint: &str,
    kind: RelationEvent,
) -> Result<RelationHook, ContextError> {
    match env.text(vars::RELATION)? {
        None => {
            return Err(ContextError::Missing {
                var: vars::RELATION,
            });
        }
        Some(named) if named != endpoint => {
            return Err(ContextError::Inconsistent {
                var: vars::RELATION,
                value: named,
                expected: endpoint.to_owned(),
            });
        }
        Some(_) => {}
    }
    let id_text = env.text(vars::RELATION_ID)?.ok_or(ContextError::Missing {
        var: vars::RELATION_ID,
    })?;
    let id: RelationId = id_text
        .parse()
        .map_err(|e: crate::names::RelationIdError| ContextError::Malformed {
            var: vars::RELATION_ID,
            value: id_text.clone(),
            reason: e.to_string(),
        })?;
    if id.endpoint != endpoint {
        return Err(ContextError::Inconsistent {
            var: vars::RELATION_ID,
            value: id_text,
            expected: format!("{endpoint}:{}", id.number),
        });
    }
    let remote_unit = unit(env, vars::REMOTE_UNIT)?;
    let remote_app = match env.text(vars::REMOTE_APP)? {
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
    Ok(RelationHook {
        endpoint: endpoint.to_owned(),
        kind,
        id,
        remote_unit,
        remote_app,
        departing_unit: unit(env, vars::DEPARTING_UNIT)?,
    })
}
