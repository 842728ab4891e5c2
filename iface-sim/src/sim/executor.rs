//! How a simulation runs one hook (or action) of one unit: an iface
//! charm's dispatch code in-process, or a charm as a process under the
//! fake tools: an iface charm's compiled binary, or a charm directory's
//! `dispatch` (else `hooks/<hook>`, `actions/<action>`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use iface_runtime::runner::Outcome;

use super::app_charm::{AppCharm, CharmSource};
use crate::hook::{UnitStores, run_charm_event};
use crate::model::{Deployment, HookEnd, HookState};
use crate::process::{ProcessError, ProcessModel};

/// One hook to run.
pub struct HookCall<'a> {
    /// The charm of the unit.
    pub charm: &'a AppCharm,
    /// The hook, secret hook or action, and its unit.
    pub hook: HookState,
}

/// What a hook did, beyond what the deployment recorded.
pub struct Ran {
    /// Why it failed, if it did (a failed commit included).
    pub error: Option<String>,
    /// `#[hook] method`s and flag handlers that ran (in-process only).
    pub handlers: Vec<String>,
    /// How the hook ended in the model: committed or not, the action's
    /// record.
    pub end: HookEnd,
    /// The process's exit code (0 in-process when the work succeeded, 1
    /// when it failed, as the binary would exit).
    pub code: i32,
}

impl Ran {
    fn failed(error: String) -> Ran {
        Ran {
            error: Some(error),
            handlers: Vec::new(),
            end: HookEnd::default(),
            code: 1,
        }
    }
}

/// Runs hooks for a simulation.
pub trait Executor {
    /// Runs `call` against `deployment`; Juju's commit rules apply (the
    /// deployment keeps what the hook queued only if it succeeded).
    fn run(&mut self, deployment: &Arc<Mutex<Deployment>>, call: &HookCall<'_>) -> Ran;

    /// The flag store file of `unit`.
    fn store_path(&self, unit: &str) -> PathBuf;

    /// Whether it runs charms as processes (and so can run charm
    /// directories).
    fn runs_processes(&self) -> bool;
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
        let CharmSource::Iface(charm) = call.charm.source else {
            return Ran::failed(format!(
                "charm {} is a charm directory: it runs only as processes \
                 (Simulation::in_processes)",
                call.charm.name
            ));
        };
        let (outcome, end) = run_charm_event(deployment, &self.stores, charm, call.hook.clone());
        match outcome {
            Ok(Outcome::Ran(report)) => Ran {
                error: None,
                handlers: report
                    .hooks
                    .iter()
                    .map(|m| format!("#[hook] {m}"))
                    .chain(report.events.iter().map(|h| format!("#[on] {h}")))
                    .chain(report.flags.ran().iter().map(|h| (*h).to_owned()))
                    .collect(),
                end,
                code: 0,
            },
            // A failed action exits 0: Juju keeps the unit as it was.
            Ok(Outcome::Ignored | Outcome::ActionFailed(_)) => Ran {
                error: None,
                handlers: Vec::new(),
                end,
                code: 0,
            },
            Err(error) => Ran {
                error: Some(error.to_string()),
                handlers: Vec::new(),
                // The binary exits 1; a commit failure follows exit 0.
                code: i32::from(end.commit_error.is_none()),
                end,
            },
        }
    }

    fn store_path(&self, unit: &str) -> PathBuf {
        self.stores.path(unit)
    }

    fn runs_processes(&self) -> bool {
        false
    }
}

/// Charms as processes, with the `iface-fake-tools` executables on
/// `PATH`, through a [`ProcessModel`].
pub struct Processes {
    model: ProcessModel,
    binaries: BTreeMap<String, PathBuf>,
}

impl Processes {
    /// A process model under `root` using `fake_tools`, running the binary
    /// `binaries[charm name]` for each iface charm.
    pub fn new(
        root: &Path,
        fake_tools: &Path,
        binaries: BTreeMap<String, PathBuf>,
    ) -> Result<Processes, ProcessError> {
        let model = ProcessModel::create(root, fake_tools, &Deployment::default())?;
        Ok(Processes { model, binaries })
    }

    /// The program to run for `call`: the iface charm's binary, or the
    /// unit's copy of the charm directory's `dispatch`, `hooks/<hook>` or
    /// `actions/<action>`; `None` when the directory has none (Juju then
    /// skips the hook).
    fn program(&self, call: &HookCall<'_>) -> Result<Option<PathBuf>, String> {
        match &call.charm.source {
            CharmSource::Iface(charm) => self
                .binaries
                .get(charm.name)
                .cloned()
                .map(Some)
                .ok_or_else(|| format!("no binary given for charm {}", charm.name)),
            CharmSource::Dir(dir) => {
                let unit_dir = self.model.charm_dir(&call.hook.unit);
                self.model
                    .install_charm(dir, &call.hook.unit)
                    .map_err(|e| e.to_string())?;
                let kind = if call.hook.action.is_some() {
                    "actions"
                } else {
                    "hooks"
                };
                Ok([
                    unit_dir.join("dispatch"),
                    unit_dir.join(kind).join(&call.hook.name),
                ]
                .into_iter()
                .find(|p| p.is_file()))
            }
        }
    }
}

impl Executor for Processes {
    fn run(&mut self, deployment: &Arc<Mutex<Deployment>>, call: &HookCall<'_>) -> Ran {
        let mut shared = deployment.lock().unwrap_or_else(PoisonError::into_inner);
        let program = match self.program(call) {
            Ok(program) => program,
            Err(error) => return Ran::failed(error),
        };
        let ran = self
            .model
            .update(|d| *d = shared.clone())
            .and_then(|()| match &program {
                Some(program) => self.model.run(program, &[], call.hook.clone(), &[]),
                None => self.model.skip(call.hook.clone()),
            })
            .and_then(|process| Ok((process, self.model.deployment()?)));
        match ran {
            Ok((process, after)) => {
                *shared = after;
                let error = if let Some(why) = &process.end.commit_error {
                    Some(why.clone())
                } else if program.is_none() && call.hook.action.is_some() {
                    Some(format!(
                        "action not implemented on unit {:?}",
                        call.hook.unit
                    ))
                } else {
                    (!process.exited_0()).then(|| {
                        let stderr = process.stderr();
                        let line = stderr.lines().last().unwrap_or_default();
                        format!("exit {:?}: {line}", process.code())
                    })
                };
                Ran {
                    error,
                    handlers: Vec::new(),
                    code: process.code().unwrap_or(1),
                    end: process.end,
                }
            }
            Err(error) => Ran::failed(error.to_string()),
        }
    }

    fn store_path(&self, unit: &str) -> PathBuf {
        self.model.store_path(unit)
    }

    fn runs_processes(&self) -> bool {
        true
    }
}
