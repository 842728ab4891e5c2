//! The environment a hook process reads, behind one trait.
//!
//! Juju passes a hook everything it knows about itself in `JUJU_*`
//! variables. Values arrive as bytes: [`Env::text`] gives each as UTF-8
//! text or a [`ContextError`] naming the variable, so a value that is not
//! UTF-8 is an error, never silently "not set". The process environment
//! ([`ProcessEnv`]), a list of pairs (what the simulator gives a hook) and
//! any lookup closure are all an [`Env`], so tests and the simulator never
//! touch the process environment.

use std::collections::BTreeMap;
use std::ffi::OsString;

use crate::context::ContextError;

/// Where hook environment variables come from.
pub trait Env {
    /// The raw value of `name`, `None` when unset.
    fn var_os(&self, name: &str) -> Option<OsString>;

    /// The value of `name` as text; `None` when unset or empty (Juju
    /// leaves some variables empty rather than unset, such as
    /// `JUJU_REMOTE_UNIT` in `-broken`), an error naming the variable when
    /// it is not UTF-8.
    fn text(&self, name: &'static str) -> Result<Option<String>, ContextError> {
        match self.var_os(name) {
            None => Ok(None),
            Some(raw) => match raw.into_string() {
                Ok(text) if text.is_empty() => Ok(None),
                Ok(text) => Ok(Some(text)),
                Err(raw) => Err(ContextError::NotUnicode {
                    var: name,
                    value: raw.to_string_lossy().into_owned(),
                }),
            },
        }
    }
}

/// The environment of this process.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProcessEnv;

impl Env for ProcessEnv {
    fn var_os(&self, name: &str) -> Option<OsString> {
        std::env::var_os(name)
    }
}

impl<F: Fn(&str) -> Option<OsString>> Env for F {
    fn var_os(&self, name: &str) -> Option<OsString> {
        self(name)
    }
}

impl Env for [(String, String)] {
    fn var_os(&self, name: &str) -> Option<OsString> {
        self.iter()
            .rev()
            .find(|(key, _)| key == name)
            .map(|(_, value)| OsString::from(value))
    }
}

impl Env for Vec<(String, String)> {
    fn var_os(&self, name: &str) -> Option<OsString> {
        self.as_slice().var_os(name)
    }
}

impl Env for BTreeMap<String, String> {
    fn var_os(&self, name: &str) -> Option<OsString> {
        self.get(name).map(OsString::from)
    }
}

/// Environment variable names, as Juju spells them.
pub mod vars {
    /// `hooks/<name>` or `actions/<name>`, set when Juju runs `dispatch`.
    pub const DISPATCH_PATH: &str = "JUJU_DISPATCH_PATH";
    /// The hook name (older Juju, and some test harnesses).
    pub const HOOK_NAME: &str = "JUJU_HOOK_NAME";
    /// Not a variable: how errors name the program path the hook name may
    /// come from.
    pub const ARGV0: &str = "argv[0]";
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
    /// The Juju version of the unit agent, e.g. `3.6.4`.
    pub const VERSION: &str = "JUJU_VERSION";
    /// The principal unit of a subordinate (empty for a principal).
    pub const PRINCIPAL_UNIT: &str = "JUJU_PRINCIPAL_UNIT";
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
    /// The action's id, when an action runs.
    pub const ACTION_UUID: &str = "JUJU_ACTION_UUID";
    /// The secret of a secret hook, `secret:...`.
    pub const SECRET_ID: &str = "JUJU_SECRET_ID";
    /// The label of the secret of a secret hook.
    pub const SECRET_LABEL: &str = "JUJU_SECRET_LABEL";
    /// The revision a secret hook concerns.
    pub const SECRET_REVISION: &str = "JUJU_SECRET_REVISION";
    /// The storage instance of a storage hook, `name/N`.
    pub const STORAGE_ID: &str = "JUJU_STORAGE_ID";
    /// Where the storage of a storage hook is mounted.
    pub const STORAGE_LOCATION: &str = "JUJU_STORAGE_LOCATION";
    /// `block` or `filesystem`.
    pub const STORAGE_KIND: &str = "JUJU_STORAGE_KIND";
    /// The container of a Pebble hook.
    pub const WORKLOAD_NAME: &str = "JUJU_WORKLOAD_NAME";
    /// The notice id of `-pebble-custom-notice`.
    pub const NOTICE_ID: &str = "JUJU_NOTICE_ID";
    /// The notice type of `-pebble-custom-notice`.
    pub const NOTICE_TYPE: &str = "JUJU_NOTICE_TYPE";
    /// The notice key of `-pebble-custom-notice`.
    pub const NOTICE_KEY: &str = "JUJU_NOTICE_KEY";
    /// The check of `-pebble-check-failed` and `-recovered`.
    pub const PEBBLE_CHECK_NAME: &str = "JUJU_PEBBLE_CHECK_NAME";
}
