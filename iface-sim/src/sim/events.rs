//! The hooks a simulated unit can be due to run, before they are named.

use crate::model::app_of;

/// Why a unit runs a hook: a hook of its own, or a relation event.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Event {
    /// A unit hook: `install`, `leader-elected`, `leader-settings-changed`,
    /// `config-changed`, `start`, `update-status`, `stop`, `remove`.
    Unit(&'static str),
    /// `-relation-created` of a relation.
    Created(u32),
    /// `-relation-joined` for a remote unit.
    Joined(u32, String),
    /// `-relation-changed` for a remote unit.
    Changed(u32, String),
    /// `-relation-changed` for a remote application's bag (no remote unit).
    AppChanged(u32, String),
    /// `-relation-departed` for a remote unit that left.
    Departed(u32, String),
    /// `-relation-broken`: the last hook of a relation for this unit.
    Broken(u32),
    /// `secret-changed` of a secret (bare id) the unit consumes: its owner
    /// made a revision newer than the one the unit tracks.
    SecretChanged(String),
    /// `secret-remove` of a revision of a secret (bare id) the unit
    /// manages that no consumer tracks any more.
    SecretRemove(String, u32),
}

impl Event {
    /// The relation the event is about, if any.
    pub fn relation(&self) -> Option<u32> {
        match self {
            Event::Unit(_) | Event::SecretChanged(_) | Event::SecretRemove(..) => None,
            Event::Created(id)
            | Event::Joined(id, _)
            | Event::Changed(id, _)
            | Event::AppChanged(id, _)
            | Event::Departed(id, _)
            | Event::Broken(id) => Some(*id),
        }
    }

    /// The remote unit of the event (`JUJU_REMOTE_UNIT`), if any.
    pub fn remote_unit(&self) -> Option<&str> {
        match self {
            Event::Joined(_, unit) | Event::Changed(_, unit) | Event::Departed(_, unit) => {
                Some(unit)
            }
            _ => None,
        }
    }

    /// The remote application the event names, if the event itself names
    /// one (relation-wide events take it from the relation instead).
    pub fn remote_app(&self) -> Option<&str> {
        match self {
            Event::AppChanged(_, app) => Some(app),
            other => other.remote_unit().map(app_of),
        }
    }

    /// The hook name, with `endpoint` the unit's side of the relation.
    pub fn hook_name(&self, endpoint: &str) -> String {
        let kind = match self {
            Event::Unit(name) => return (*name).to_owned(),
            Event::SecretChanged(_) => return "secret-changed".to_owned(),
            Event::SecretRemove(..) => return "secret-remove".to_owned(),
            Event::Created(_) => "created",
            Event::Joined(..) => "joined",
            Event::Changed(..) | Event::AppChanged(..) => "changed",
            Event::Departed(..) => "departed",
            Event::Broken(_) => "broken",
        };
        format!("{endpoint}-relation-{kind}")
    }
}

/// One hook a unit is due to run.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Job {
    /// The unit.
    pub unit: String,
    /// What the hook is for.
    pub event: Event,
}
