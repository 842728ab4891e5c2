//! A hook's environment as Juju would give it, built in one line for tests
//! that need a [`HookContext`] without a whole [`Deployment`](crate::Deployment).

use std::path::Path;

use iface_runtime::context::{ContextError, HookContext};
use iface_runtime::names::RelationId;

/// The `JUJU_*` variables of one hook.
///
/// ```
/// use iface_sim::HookEnv;
/// let context = HookEnv::new("django/0", "/charm", "website-relation-joined")
///     .relation("website:7", Some("haproxy/0"))
///     .context()
///     .unwrap();
/// assert_eq!(context.relation().unwrap().id.to_string(), "website:7");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HookEnv {
    vars: Vec<(String, String)>,
}

impl HookEnv {
    /// Hook `hook` (`JUJU_DISPATCH_PATH=hooks/<hook>`) of `unit`, with
    /// `charm_dir` as its charm directory, in model `test`.
    pub fn new(unit: &str, charm_dir: impl AsRef<Path>, hook: &str) -> HookEnv {
        let dir = charm_dir.as_ref().to_string_lossy().into_owned();
        HookEnv {
            vars: vec![
                ("JUJU_UNIT_NAME".to_owned(), unit.to_owned()),
                ("JUJU_CHARM_DIR".to_owned(), dir.clone()),
                ("CHARM_DIR".to_owned(), dir),
                ("JUJU_DISPATCH_PATH".to_owned(), format!("hooks/{hook}")),
                ("JUJU_HOOK_NAME".to_owned(), hook.to_owned()),
                ("JUJU_MODEL_NAME".to_owned(), "test".to_owned()),
            ],
        }
    }

    /// Action `name` (`JUJU_DISPATCH_PATH=actions/<name>`) of `unit`.
    pub fn action(unit: &str, charm_dir: impl AsRef<Path>, name: &str) -> HookEnv {
        HookEnv::new(unit, charm_dir, name)
            .set("JUJU_DISPATCH_PATH", &format!("actions/{name}"))
            .unset("JUJU_HOOK_NAME")
            .set("JUJU_ACTION_NAME", name)
    }

    /// Makes it a hook of relation `id` (`website:7`), with `remote_unit`
    /// as `JUJU_REMOTE_UNIT` (and its application as `JUJU_REMOTE_APP`).
    ///
    /// # Panics
    ///
    /// If `id` is not `name:number` or `remote_unit` has no `/`: these are
    /// the test's own literals.
    #[must_use]
    pub fn relation(self, id: &str, remote_unit: Option<&str>) -> HookEnv {
        let parsed: RelationId = id
            .parse()
            .unwrap_or_else(|e| panic!("fixture relation id: {e}"));
        let env = self
            .set("JUJU_RELATION", &parsed.endpoint)
            .set("JUJU_RELATION_ID", id);
        match remote_unit {
            Some(unit) => {
                let (app, _) = unit
                    .split_once('/')
                    .unwrap_or_else(|| panic!("fixture unit name {unit:?} has no `/`"));
                env.set("JUJU_REMOTE_UNIT", unit)
                    .set("JUJU_REMOTE_APP", app)
            }
            None => env.set("JUJU_REMOTE_UNIT", ""),
        }
    }

    /// Sets `var` to `value`, replacing what it held.
    #[must_use]
    pub fn set(mut self, var: &str, value: &str) -> HookEnv {
        self = self.unset(var);
        self.vars.push((var.to_owned(), value.to_owned()));
        self
    }

    /// Removes `var`.
    #[must_use]
    pub fn unset(mut self, var: &str) -> HookEnv {
        self.vars.retain(|(name, _)| name != var);
        self
    }

    /// The variables, in the order they were set.
    pub fn vars(&self) -> &[(String, String)] {
        &self.vars
    }

    /// The hook context a hook with this environment reads, every
    /// well-formed hook name taken as declared.
    pub fn context(&self) -> Result<HookContext, ContextError> {
        HookContext::from_env_any(&self.vars, None)
    }
}
