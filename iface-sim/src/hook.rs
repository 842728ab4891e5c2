//! Running one hook of one unit in-process: the same session, store and
//! commit rules as a real hook, over the in-memory hook tools.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use iface_runtime::context::HookContext;
use iface_runtime::error::Result;
use iface_runtime::session::Session;
use iface_runtime::store::Store;

use crate::memory::InMemoryTools;
use crate::model::{Deployment, HookRelation};

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

/// Runs hook `name` on `unit` as Juju would: builds the hook context from
/// the environment the deployment gives the hook, opens the unit's store,
/// calls `handlers` with a fresh session, commits the session if they
/// succeed, and then ends the hook, which applies the relation writes only
/// when everything succeeded.
pub fn run_hook<T>(
    deployment: &Arc<Mutex<Deployment>>,
    stores: &UnitStores,
    unit: &str,
    name: &str,
    relation: Option<HookRelation>,
    handlers: impl FnOnce(&mut Session) -> Result<T>,
) -> Result<T> {
    let env = {
        let mut model = deployment.lock().unwrap_or_else(PoisonError::into_inner);
        model.begin_hook(unit, name, relation);
        model.hook_env(&stores.dir().to_string_lossy())
    };
    let outcome = (|| {
        let context = HookContext::from_vars(
            |var| env.iter().find(|(k, _)| k == var).map(|(_, v)| v.clone()),
            None,
        )?;
        let store = Store::open(&stores.path(unit))?;
        let mut session = Session::new(
            context,
            Box::new(InMemoryTools::shared(Arc::clone(deployment))),
            store,
        );
        let value = handlers(&mut session)?;
        session.commit()?;
        Ok(value)
    })();
    deployment
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .end_hook(outcome.is_ok());
    outcome
}
