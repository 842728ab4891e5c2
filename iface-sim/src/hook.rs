//! Running one hook of one unit in-process: the same session, store and
//! commit rules as a real hook, over the in-memory hook tools.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use iface_runtime::charm::Charm;
use iface_runtime::context::HookContext;
use iface_runtime::dispatch::FlagPhaseOptions;
use iface_runtime::error::{Error, Result};
use iface_runtime::runner::{self, Outcome};
use iface_runtime::session::Session;
use iface_runtime::tools::HookTools;

use crate::memory::InMemoryTools;
use crate::model::{Deployment, HookEnd, HookRelation, HookState};

/// Where each unit keeps its flag store: one charmhelpers file per unit,
/// as each unit has its own charm directory under Juju.
#[derive(Debug, Clone)]
pub struct UnitStores {
    dir: PathBuf,
}

impl UnitStores {
    /// Stores under `dir`, which must exist.
    pub fn new(dir: impl Into<PathBuf>) -> UnitStores {
        UnitStores { dir: dir.into() }
    }

    /// The store file of `unit` (`haproxy/0` → `haproxy-0.unit-state.db`).
    pub fn path(&self, unit: &str) -> PathBuf {
        self.dir
            .join(format!("{}.unit-state.db", unit.replace('/', "-")))
    }

    /// The directory the stores live in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// Runs hook `name` on `unit` as Juju would, with `work` as the charm:
/// builds the hook context from the environment the deployment gives the
/// hook (every well-formed hook name taken as declared), and hands `work`
/// a session over the unit's store through [`runner::run`], which commits
/// only if `work` succeeded; then ends the hook, which applies the relation
/// writes only when everything succeeded.
pub fn run_hook<T>(
    deployment: &Arc<Mutex<Deployment>>,
    stores: &UnitStores,
    unit: &str,
    name: &str,
    relation: Option<HookRelation>,
    work: impl FnOnce(&mut Session) -> Result<T>,
) -> Result<T> {
    in_hook(
        deployment,
        stores,
        HookState::hook(unit, name, relation),
        |env, tools, store| {
            let context = HookContext::from_env_any(&env, None)?;
            runner::run(context, tools, store, work)
        },
    )
    .0
}

/// Runs hook `name` on `unit` of `charm` as Juju would: the event is read
/// from the hook's environment against the charm's metadata and run with
/// [`runner::run_event`], the same function the charm binary runs.
pub fn run_charm_hook(
    deployment: &Arc<Mutex<Deployment>>,
    stores: &UnitStores,
    charm: &'static Charm,
    unit: &str,
    name: &str,
    relation: Option<HookRelation>,
) -> Result<Outcome> {
    run_charm_event(
        deployment,
        stores,
        charm,
        HookState::hook(unit, name, relation),
    )
    .0
}

/// Runs `hook` (a hook, a secret hook or an action) of `charm` as
/// [`run_charm_hook`] does, and says how it ended: a hook whose queued
/// changes could not be committed fails with the commit's error.
pub fn run_charm_event(
    deployment: &Arc<Mutex<Deployment>>,
    stores: &UnitStores,
    charm: &'static Charm,
    hook: HookState,
) -> (Result<Outcome>, HookEnd) {
    in_hook(deployment, stores, hook, |env, tools, store| {
        let context = HookContext::from_env(&env, None, charm)?;
        runner::run_event(charm, context, tools, store, &FlagPhaseOptions::default())
    })
}

/// Begins `hook` in the deployment, runs `body` with the hook's
/// environment, in-memory tools and store path, and ends the hook with
/// whether `body` succeeded; a failed commit fails it.
fn in_hook<T>(
    deployment: &Arc<Mutex<Deployment>>,
    stores: &UnitStores,
    hook: HookState,
    body: impl FnOnce(Vec<(String, String)>, Box<dyn HookTools>, &Path) -> Result<T>,
) -> (Result<T>, HookEnd) {
    let unit = hook.unit.clone();
    let env = {
        let mut model = deployment.lock().unwrap_or_else(PoisonError::into_inner);
        model.begin(hook);
        model.hook_env(&stores.dir().to_string_lossy())
    };
    let tools = Box::new(InMemoryTools::shared(Arc::clone(deployment)));
    let outcome = body(env, tools, &stores.path(&unit));
    let end = deployment
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .end_hook(outcome.is_ok());
    match &end.commit_error {
        Some(why) if outcome.is_ok() => (Err(Error::Message(why.clone())), end),
        _ => (outcome, end),
    }
}
