//! How a simulation runs one hook of one unit: the charm's dispatch code
//! in-process, or its compiled binary as a process under the fake tools.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use iface_runtime::charm::Charm;
use iface_runtime::runner::Outcome;

use crate::hook::{UnitStores, run_charm_hook};
use crate::model::{Deployment, HookRelation};
use crate::process::ProcessModel;

/// One hook to run.
pub struct HookCall<'a> {
    /// The charm of the unit.
    pub charm: &'static Charm,
    /// The unit.
    pub unit: &'a str,
    /// The hook name.
    pub hook: &'a str,
    /// Its relation context.
    pub relation: Option<HookRelation>,
}

/// What a hook did, beyond what the deployment recorded.
pub struct Ran {
    /// Why it failed, if it did.
    pub error: Option<String>,
    /// `#[hook] method`s and flag handlers that ran (in-process only).
    pub handlers: Vec<String>,
}

/// Runs hooks for a simulation.
pub trait Executor {
    /// Runs `call` against `deployment`; Juju's commit rules apply (the
    /// deployment keeps the hook's relation writes only if it succeeded).
    fn run(&mut self, deployment: &Arc<Mutex<Deployment>>, call: &HookCall<'_>) -> Ran;

    /// The flag store file of `unit`.
    fn store_path(&self, unit: &str) -> PathBuf;
}

/// The charm's real dispatch code, in this process, over the in-memory
/// hook tools; one store file per unit.
pub struct InProcess {
    stores: UnitStores,
}

impl InProcess {
    /// Keeps unit stores under `dir`.
    pub fn new(dir: &Path) -> InProcess {
        InProcess {
            stores: UnitStores::new(dir),
        }
    }
}

impl Executor for InProcess {
    fn run(&mut self, deployment: &Arc<Mutex<Deployment>>, call: &HookCall<'_>) -> Ran {
        let relation = call.relation.clone();
        match run_charm_hook(
            deployment,
            &self.stores,
            call.charm,
            call.unit,
            call.hook,
            relation,
        ) {
            Ok(Outcome::Ran(report)) => Ran {
                error: None,
                handlers: report
                    .hooks
                    .iter()
                    .map(|m| format!("#[hook] {m}"))
                    .chain(report.events.iter().map(|h| format!("#[on] {h}")))
                    .chain(report.flags.ran().iter().map(|h| (*h).to_owned()))
                    .collect(),
            },
            // A failed action exits 0: Juju keeps the unit as it was.
            Ok(Outcome::Ignored | Outcome::ActionFailed(_)) => Ran {
                error: None,
                handlers: Vec::new(),
            },
            Err(error) => Ran {
                error: Some(error.to_string()),
                handlers: Vec::new(),
            },
        }
    }

    fn store_path(&self, unit: &str) -> PathBuf {
        self.stores.path(unit)
    }
}

/// Compiled charm binaries as processes, with the `iface-fake-tools`
/// executables on `PATH`, through a [`ProcessModel`].
pub struct Processes {
    model: ProcessModel,
    binaries: BTreeMap<String, PathBuf>,
}

impl Processes {
    /// A process model under `root` using `fake_tools`, running the binary
    /// `binaries[charm name]` for each charm.
    pub fn new(
        root: &Path,
        fake_tools: &Path,
        binaries: BTreeMap<String, PathBuf>,
    ) -> Result<Processes, crate::process::ProcessError> {
        let model = ProcessModel::create(root, fake_tools, &Deployment::default())?;
        Ok(Processes { model, binaries })
    }
}

impl Executor for Processes {
    fn run(&mut self, deployment: &Arc<Mutex<Deployment>>, call: &HookCall<'_>) -> Ran {
        let mut shared = deployment.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(binary) = self.binaries.get(call.charm.name) else {
            return Ran {
                error: Some(format!("no binary given for charm {}", call.charm.name)),
                handlers: Vec::new(),
            };
        };
        let ran = self
            .model
            .update(|d| *d = shared.clone())
            .and_then(|()| {
                self.model
                    .run_hook(binary, call.unit, call.hook, call.relation.clone(), &[])
            })
            .and_then(|process| Ok((process, self.model.deployment()?)));
        match ran {
            Ok((process, after)) => {
                *shared = after;
                Ran {
                    error: (!process.success()).then(|| {
                        let stderr = process.stderr();
                        let line = stderr.lines().last().unwrap_or_default();
                        format!("exit {:?}: {line}", process.code())
                    }),
                    handlers: Vec::new(),
                }
            }
            Err(error) => Ran {
                error: Some(error.to_string()),
                handlers: Vec::new(),
            },
        }
    }

    fn store_path(&self, unit: &str) -> PathBuf {
        self.model.store_path(unit)
    }
}
