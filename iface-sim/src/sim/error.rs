//! What can go wrong when driving a simulation.

use std::fmt;

/// A simulation refused a change, or could not settle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SimError {
    /// No application of that name is deployed.
    UnknownApplication(String),
    /// An application of that name is deployed already.
    DuplicateApplication(String),
    /// No live unit of that name.
    UnknownUnit(String),
    /// No relation with that id, or it is removed already.
    UnknownRelation(u32),
    /// An endpoint was not written `application:endpoint`, or the charm's
    /// metadata has no such relation.
    UnknownEndpoint(String),
    /// The two endpoints cannot be related; the message says why.
    Incompatible(String),
    /// Subordinate units come and go with their principals, not by
    /// deploying, adding or removing units; the message says what was
    /// refused.
    Subordinate(String),
    /// A hook kept failing; the unit is in error and runs nothing more.
    HookFailed {
        /// The unit.
        unit: String,
        /// The hook and its remote unit.
        hook: String,
        /// How often it ran.
        attempts: u32,
        /// The last error.
        error: String,
    },
    /// `settle` ran its bound of hooks and hooks were still due.
    NoSettle {
        /// How many hooks ran in this `settle`.
        hooks: usize,
        /// The hooks that ran most often, with their counts.
        busiest: Vec<(String, usize)>,
    },
    /// The stores' directory or the process model could not be set up.
    Setup(String),
    /// A unit's flag store could not be read.
    Store(String),
}

impl fmt::Display for SimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SimError::UnknownApplication(app) => write!(f, "no application {app:?} is deployed"),
            SimError::DuplicateApplication(app) => {
                write!(f, "an application {app:?} is deployed already")
            }
            SimError::UnknownUnit(unit) => write!(f, "no unit {unit:?} in the model"),
            SimError::UnknownRelation(id) => write!(f, "no relation {id} in the model"),
            SimError::UnknownEndpoint(what) => write!(f, "unknown endpoint: {what}"),
            SimError::Incompatible(why) => write!(f, "cannot relate: {why}"),
            SimError::Subordinate(why) => f.write_str(why),
            SimError::HookFailed {
                unit,
                hook,
                attempts,
                error,
            } => write!(
                f,
                "{unit}: {hook} failed {attempts} times, the unit is in error: {error}"
            ),
            SimError::NoSettle { hooks, busiest } => {
                let list: Vec<String> = busiest
                    .iter()
                    .map(|(hook, n)| format!("{hook} ({n} times)"))
                    .collect();
                write!(
                    f,
                    "not settled after {hooks} hooks; kept firing: {}",
                    list.join(", ")
                )
            }
            SimError::Setup(why) => write!(f, "cannot set up the simulation: {why}"),
            SimError::Store(why) => write!(f, "cannot read a unit's flag store: {why}"),
        }
    }
}

impl std::error::Error for SimError {}
