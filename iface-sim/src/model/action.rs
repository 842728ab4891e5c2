//! A running action and how it ended, as Juju's uniter reports it.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The action a unit runs now (instead of a hook).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RunningAction {
    /// The action name (`JUJU_ACTION_NAME`).
    pub name: String,
    /// Its id (`JUJU_ACTION_UUID`): a number, as Juju 3 gives it.
    pub id: String,
    /// Its parameters, as `action-get` prints them.
    pub params: Map<String, Value>,
    /// Its results so far, nested as `action-set a.b=v` builds them.
    pub results: Map<String, Value>,
    /// The `action-fail` message, if it was called.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failed: Option<String>,
    /// `action-log` messages, oldest first.
    pub log: Vec<String>,
}

/// How an action ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActionStatus {
    /// It exited 0 and did not call `action-fail`.
    Completed,
    /// It exited non-zero, called `action-fail`, or its changes could not
    /// be committed.
    Failed,
}

/// What running an action gave, as `juju show-task` shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionOutcome {
    /// Completed or failed.
    pub status: ActionStatus,
    /// Empty when completed; the `action-fail` message, or the process
    /// error (`exit status 1`), which replaces it, when failed.
    pub message: String,
    /// The results `action-set` built.
    pub results: Map<String, Value>,
    /// The `action-log` messages.
    pub log: Vec<String>,
    /// The process's exit code (Juju's `return-code` result).
    pub return_code: i32,
}

/// The message Juju gives an action whose process exited 0 but whose
/// queued changes could not be committed, when it did not call
/// `action-fail`.
pub const COMMIT_FAILED: &str = "committing requested changes failed";

impl ActionOutcome {
    /// The outcome of `action` whose process exited with `code`, its
    /// queued changes committed or not (`commit_error`), by Juju's rules:
    /// a non-zero exit fails it with `exit status N`; `action-fail` with
    /// exit 0 fails it with that message; a failed commit fails it.
    pub fn of(action: RunningAction, code: i32, commit_error: Option<&str>) -> ActionOutcome {
        let (status, message) = if code != 0 {
            (ActionStatus::Failed, format!("exit status {code}"))
        } else if let Some(message) = action.failed {
            (ActionStatus::Failed, message)
        } else if commit_error.is_some() {
            (ActionStatus::Failed, COMMIT_FAILED.to_owned())
        } else {
            (ActionStatus::Completed, String::new())
        };
        ActionOutcome {
            status,
            message,
            results: action.results,
            log: action.log,
            return_code: if code == 0 && commit_error.is_some() {
                1
            } else {
                code
            },
        }
    }
}
