//! Section 1: the http hooks side by side, iface, ops and charms.reactive,
//! one relation, each hook of the lifecycle run N times from a fresh store,
//! the three interleaved round by round with spawns of `/bin/true` (the
//! process floor of the same rounds).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use iface_sim::process::ProcessModel;
use iface_sim::{DELAY_ENV, statefile};

use crate::charms::{Impl, Role, Step, pair};
use crate::hook::{Runner, Sample, ToolCost, close_hook, spawn_nothing};
use crate::python::Python;
use crate::stats::{median, ms};

/// Everything the runs need.
pub struct Setup<'a> {
    /// `target/release` (the iface binaries and `iface-fake-tools`).
    pub bin_dir: &'a Path,
    /// Scratch space for deployments.
    pub work: &'a Path,
    /// The Python charms' interpreter and packages.
    pub python: &'a Python,
}

impl Setup<'_> {
    /// `iface-fake-tools`.
    pub fn fake_tools(&self) -> PathBuf {
        self.bin_dir.join(iface_sim::process::FAKE_TOOLS_BIN)
    }

    /// The program Juju would run for `hook` of `role` in `implementation`.
    pub fn program(
        &self,
        model: &ProcessModel,
        role: Role,
        implementation: Impl,
        hook: &str,
    ) -> PathBuf {
        match implementation {
            Impl::Iface => self.bin_dir.join(role.charm()),
            // Juju runs `dispatch` when the charm has one.
            Impl::Ops => model.charm_dir(role.unit()).join("dispatch"),
            Impl::Reactive => model.charm_dir(role.unit()).join("hooks").join(hook),
        }
    }

    /// A new deployment directory `name` for `role` in `implementation`,
    /// holding `deployment`, with the Python charm laid out if needed.
    pub fn model(
        &self,
        name: &str,
        role: Role,
        implementation: Impl,
        deployment: &iface_sim::Deployment,
    ) -> Result<ProcessModel, String> {
        let root = self.work.join(name);
        if root.exists() {
            std::fs::remove_dir_all(&root).map_err(|e| e.to_string())?;
        }
        std::fs::create_dir_all(&root).map_err(|e| e.to_string())?;
        let model = ProcessModel::create(&root, &self.fake_tools(), deployment)
            .map_err(|e| e.to_string())?;
        let charm_dir = model.charm_dir(role.unit());
        match implementation {
            Impl::Iface => {}
            Impl::Ops => {
                self.python
                    .make_ops_charm(&charm_dir, &role.metadata(), role.python_charm())?;
            }
            Impl::Reactive => self.python.make_reactive_charm(
                &charm_dir,
                &role.metadata(),
                role.python_charm(),
                &role.hook_names(),
            )?,
        }
        Ok(model)
    }

    /// The extra environment of a hook process.
    pub fn env(&self, implementation: Impl, delay_ms: u64) -> Vec<(String, String)> {
        let mut env = match implementation {
            Impl::Iface => Vec::new(),
            Impl::Ops => self.python.ops_env(),
            Impl::Reactive => self.python.reactive_env(),
        };
        if delay_ms > 0 {
            env.push((DELAY_ENV.to_owned(), delay_ms.to_string()));
        }
        env
    }
}

/// The measurements of one hook of one implementation.
#[derive(Debug, Default)]
pub struct Cell {
    /// One per measured run.
    pub samples: Vec<Sample>,
    /// The hook's tool calls replayed alone, once.
    pub tools: Option<ToolCost>,
}

/// How many measured runs per implementation (after one warm-up run).
#[derive(Debug, Clone, Copy)]
pub struct Runs {
    /// The iface binaries.
    pub iface: usize,
    /// ops and charms.reactive each: their run `n` is paired with iface's
    /// run `n`, from the same round.
    pub python: usize,
}

impl Runs {
    /// The runs of `implementation`.
    pub fn of(self, implementation: Impl) -> usize {
        match implementation {
            Impl::Iface => self.iface,
            Impl::Ops | Impl::Reactive => self.python,
        }
    }
}

/// Every cell of one side-by-side run, and the process floor of its rounds.
#[derive(Debug, Default)]
pub struct Table {
    /// The measurements per charm, hook and implementation.
    pub cells: BTreeMap<(Role, Step, Impl), Cell>,
    /// Wall times of `/bin/true` through the same launcher, one before
    /// each lifecycle of each charm in the measured rounds, in ms.
    pub spawns: Vec<f64>,
}

impl Table {
    /// The cell of `role`'s `step` in `implementation`.
    pub fn get(&self, role: Role, step: Step, implementation: Impl) -> Option<&Cell> {
        self.cells.get(&(role, step, implementation))
    }

    /// The median spawn of these rounds, ms: the unit of their process
    /// floor (`None` when nothing was measured).
    pub fn spawn_ms(&self) -> Option<f64> {
        (!self.spawns.is_empty()).then(|| median(&self.spawns))
    }
}

/// Removes a unit's store (and its journal files) so a run starts fresh.
pub fn remove_store(model: &ProcessModel, unit: &str) {
    let store = model.store_path(unit);
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut path = store.as_os_str().to_owned();
        path.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(path));
    }
}

/// Runs the lifecycle `runs` times per implementation (after one warm-up
/// run that is not counted), interleaving the three round by round so
/// that load on the machine hits them alike.
pub fn run(setup: &Setup<'_>, delay_ms: u64, runs: Runs) -> Result<Table, String> {
    let mut table = Table::default();
    let limit = Duration::from_mins(2);
    let mut models = BTreeMap::new();
    for role in Role::ALL {
        for implementation in Impl::ALL {
            let (deployment, _) = pair(role);
            let name = format!("side-{delay_ms}ms-{}-{:?}", role.charm(), implementation);
            models.insert(
                (role, implementation),
                setup.model(&name, role, implementation, &deployment)?,
            );
        }
    }
    let total = runs.iface.max(runs.python);
    for round in 0..=total {
        for implementation in Impl::ALL {
            if round > runs.of(implementation) {
                continue;
            }
            for role in Role::ALL {
                let spawn = spawn_nothing(setup.work).map_err(|e| e.to_string())?;
                if round > 0 {
                    table.spawns.push(ms(spawn.wall));
                }
                let model = &models[&(role, implementation)];
                let runner = Runner {
                    model,
                    env: setup.env(implementation, delay_ms),
                    limit,
                };
                let (fresh, remote) = pair(role);
                statefile::save(&model.state_path(), &fresh).map_err(|e| e.to_string())?;
                remove_store(model, role.unit());
                for step in Step::ALL {
                    let relation = model
                        .update(|d| remote.prepare(role, step, d))
                        .map_err(|e| e.to_string())?;
                    let hook = step.hook(role);
                    let program = setup.program(model, role, implementation, &hook);
                    let sample = runner.run(&program, role.unit(), &hook, relation.clone())?;
                    if !sample.ok {
                        close_hook(model);
                        return Err(format!(
                            "{} {} {hook} failed:\n{}",
                            implementation.title(),
                            role.charm(),
                            sample.stderr_tail
                        ));
                    }
                    if round == 0 {
                        continue; // warm-up
                    }
                    let cell = table.cells.entry((role, step, implementation)).or_default();
                    if round == 1 {
                        cell.tools = Some(runner.replay_tools(
                            role.unit(),
                            &hook,
                            relation,
                            &sample.calls,
                            40,
                        )?);
                    }
                    cell.samples.push(sample);
                }
            }
        }
        eprint!(".");
    }
    eprintln!();
    Ok(table)
}
