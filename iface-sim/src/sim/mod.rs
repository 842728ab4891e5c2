//! The simulator: real charms deployed as applications in a modelled Juju,
//! with the hooks Juju would send delivered in an order Juju could choose.
//!
//! ```text
//! let mut sim = Simulation::with_seed(7);
//! sim.deploy("django", &django_charm::CHARM, 1)?;
//! sim.deploy("haproxy", &haproxy_charm::CHARM, 2)?;
//! sim.relate("django:website", "haproxy:reverseproxy")?;
//! sim.settle()?;
//! print!("{}", sim.transcript());
//! ```
//!
//! Each unit runs its charm's real dispatch code ([`Charm::dispatch`]) in a hook
//! session over the in-memory hook tools, with its own store file in a
//! temporary directory ([`Simulation::with_seed`]); or the compiled charm
//! binary as a process under the fake hook-tool executables
//! ([`Simulation::in_processes`]). Either way hooks run one at a time. A
//! simulation of processes also deploys any charm directory
//! ([`Simulation::deploy_dir`]: a bash charm, a Python ops charm, with a
//! `dispatch` or `hooks/<name>` executables) and packed `.charm` archives
//! ([`Simulation::deploy_archive`]), each unit getting its own copy as its
//! charm directory, with Juju's hook environment and the fake tools.
//!
//! [`Simulation::run_action`] runs an action between hooks, through the
//! same executor, and says how it ended as Juju would ([`ActionOutcome`]).
//! Secrets live in the model: when an owner makes a new revision, each
//! consumer unit tracking an older one gets `secret-changed` (once per
//! revision, `JUJU_SECRET_ID` and `JUJU_SECRET_LABEL` set), and the unit
//! that manages it gets `secret-remove` (with `JUJU_SECRET_REVISION`) for
//! each revision no consumer tracks any more.
//!
//! # Ordering
//!
//! Every unit has an agent ([`agent`]) that knows which hooks it may run
//! next, as Juju's uniter does:
//!
//! - a new unit runs `install`, the `-created` hooks of the relations it is
//!   in, `leader-elected` (the leader) or `leader-settings-changed` (the
//!   others, on Juju 3 only), `config-changed` and `start`; relation hooks
//!   other than `-created`
//!   only after `start`;
//! - per relation: `-created` first, after which the unit enters the
//!   relation's scope and its bag gets `private-address`,
//!   `ingress-address` and `egress-subnets`; per remote unit in scope
//!   `-joined`, followed within that relation by its `-changed` (other
//!   relations' and unit hooks may come between);
//! - later `-changed` hooks only when a remote unit's or the remote
//!   application's bag changed, found by comparing bags after each
//!   successful hook; a unit's own writes never give it a `-changed` (the
//!   leader's writes to a peer application bag give the other peers one);
//! - a leaving unit (removed, or its relation removed) is out of
//!   `relation-list` at once; each unit that knew it runs `-departed` for
//!   it with `JUJU_DEPARTING_UNIT` set (the remote unit, or the local unit
//!   when the local unit is being removed, as Juju does); `-broken` comes
//!   after the last `-departed` and never for peer relations; a removed
//!   unit then runs `stop` and `remove`;
//! - relation writes and flags are committed only for successful hooks; a
//!   failed hook is retried before any other hook of its unit, after hooks
//!   of other units, up to [`Simulation::with_max_attempts`] runs, then
//!   the unit is in error;
//! - `relation-list` shows what the running unit knows: the units it saw
//!   join and not depart, the joining unit included.
//!
//! Subordinates and container scope, as Juju has them:
//!
//! - a subordinate charm (`subordinate: true`) is deployed with no units,
//!   and units are never added to or removed from it directly; a relation
//!   is container-scoped when either endpoint says `scope: container`,
//!   and then joins a subordinate application to a principal one (every
//!   charm provides Juju's implicit `juju-info` endpoint for this);
//! - a principal unit entering a container-scoped relation (after its
//!   `-created`) gets a unit of the subordinate in its container, unless
//!   it has one: the next number, the principal's address, leadership if
//!   the subordinate has no leader, `JUJU_PRINCIPAL_UNIT` in its hooks;
//!   it then starts as any new unit does;
//! - in a container-scoped relation a unit's remote units are those in its
//!   own container: a principal sees its subordinate, a subordinate its
//!   principal, in `-joined`, `-changed`, `-departed` and `relation-list`;
//!   a subordinate unit takes part only in the container-scoped relations
//!   with its own principal's application; application bags, global
//!   relations and the subordinate's peer relations are as for any unit;
//! - removing a principal unit removes the subordinates in its container
//!   with it, each departing, breaking, stopping and removing as a removed
//!   unit does (neither waits for the other's hooks); removing a
//!   container-scoped relation removes each subordinate unit it leaves
//!   with none to its principal, after the unit's `-broken` for it (the
//!   principal, not the subordinate, is then the departing unit).
//!
//! Units progress independently: the scheduler ([`scheduler`]) picks the
//! next hook among every hook any unit may run now, first-due first for
//! seed 0, at random from a seeded generator otherwise.
//!
//! Not modelled: machines beyond one per principal unit (a container is
//! its principal unit), so neither container-scoped relations between two
//! principals nor between two subordinates; `-changed` for leader
//! settings other than `leader-settings-changed`, storage, secret
//! rotation and expiry, and Juju's own retry timing. As in Juju, container scope decides which units a unit is
//! told about, not which bags it may read: `relation-get` of a named unit
//! of the related application works across containers.

pub mod agent;
pub mod app_charm;
pub mod error;
pub mod events;
pub mod executor;
pub mod scheduler;
pub mod transcript;
pub mod world;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use iface_model::role::Role;
use iface_runtime::charm::{Charm, RelationScope};

use self::app_charm::AppCharm;
use iface_runtime::store::{CONVERSATION_PREFIX, FLAG_PREFIX, Store, flag_name};
use serde_json::Value;

use self::agent::{Agent, Failed, RelationView};
pub use self::error::SimError;
use self::events::{Event, Job};
use self::executor::{Executor, HookCall, InProcess, Processes, Ran};
use self::scheduler::Scheduler;
pub use self::transcript::{DataCall, HookRecord, Outcome, RelationGet, RelationSet, Transcript};
use self::world::{RelationInfo, SecretView, World};
use crate::model::{
    ActionOutcome, ActionStatus, Bag, Deployment, HookRelation, HookSecret, HookState, StatusEntry,
    app_of,
};

/// Every relation's unit bags and application bags, by relation id.
type Snapshot = BTreeMap<u32, (BTreeMap<String, Bag>, BTreeMap<String, Bag>)>;

/// The endpoint Juju gives every charm implicitly: `provides: juju-info`
/// (interface `juju-info`), which subordinates commonly attach to.
pub const JUJU_INFO: &str = "juju-info";

/// How many hooks one [`Simulation::settle`] may run by default.
pub const DEFAULT_HOOK_BOUND: usize = 10_000;

/// How often a failing hook runs by default before its unit is in error.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;

/// A modelled Juju deployment running real charms.
pub struct Simulation {
    model: Arc<Mutex<Deployment>>,
    executor: Box<dyn Executor>,
    // Holds the store files (or the process model) until the end.
    _dir: tempfile::TempDir,
    charms: BTreeMap<String, AppCharm>,
    dir: std::path::PathBuf,
    next_machine: u32,
    agents: BTreeMap<String, Agent>,
    world: World,
    next_unit: BTreeMap<String, u32>,
    next_address: u32,
    next_relation: u32,
    scheduler: Scheduler,
    stamps: BTreeMap<Job, u64>,
    next_stamp: u64,
    transcript: Transcript,
    hook_bound: usize,
    max_attempts: u32,
}

impl core::fmt::Debug for Simulation {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Simulation")
            .field("applications", &self.charms.keys())
            .field("units", &self.agents.keys())
            .field("hooks_run", &self.transcript.len())
            .finish_non_exhaustive()
    }
}

/// A fresh directory for the unit stores. A simulation commits thousands
/// of small `SQLite` transactions, each synced to disk, so the stores go to
/// memory-backed storage where the system has it (`/dev/shm` on Linux),
/// else to the usual temporary directory.
fn temp_dir() -> Result<tempfile::TempDir, SimError> {
    let shm = Path::new("/dev/shm");
    let base = if shm.is_dir() {
        shm.to_owned()
    } else {
        std::env::temp_dir()
    };
    tempfile::Builder::new()
        .prefix("iface-sim-")
        .tempdir_in(&base)
        .or_else(|_| tempfile::Builder::new().prefix("iface-sim-").tempdir())
        .map_err(|e| SimError::Setup(format!("cannot create a temporary directory: {e}")))
}

impl Simulation {
    /// An empty in-process simulation that runs hooks first-due first.
    ///
    /// # Panics
    ///
    /// If no temporary directory can be created for the unit stores.
    pub fn new() -> Simulation {
        Simulation::with_seed(0)
    }

    /// An empty in-process simulation whose scheduler is seeded with
    /// `seed`: seed 0 runs hooks first-due first, any other seed picks
    /// among the hooks that may legally run, the same way every time.
    ///
    /// # Panics
    ///
    /// If no temporary directory can be created for the unit stores.
    pub fn with_seed(seed: u64) -> Simulation {
        let dir = temp_dir().unwrap_or_else(|e| panic!("{e}"));
        let executor = Box::new(InProcess::new(dir.path()));
        Simulation::build(seed, dir, executor)
    }

    /// An empty simulation that runs compiled charm binaries as processes,
    /// with the `iface-fake-tools` executable `fake_tools` as every hook
    /// tool; `binaries` gives the binary of each charm by charm name (the
    /// charms are still passed to [`Simulation::deploy`], for their
    /// metadata).
    pub fn in_processes<'a>(
        seed: u64,
        fake_tools: &Path,
        binaries: impl IntoIterator<Item = (&'a str, &'a Path)>,
    ) -> Result<Simulation, SimError> {
        let dir = temp_dir()?;
        let binaries = binaries
            .into_iter()
            .map(|(name, path)| (name.to_owned(), path.to_owned()))
            .collect();
        let executor = Processes::new(dir.path(), fake_tools, binaries)
            .map_err(|e| SimError::Setup(e.to_string()))?;
        Ok(Simulation::build(seed, dir, Box::new(executor)))
    }

    /// [`Simulation::in_processes`] with the fake tools cargo built beside
    /// the charm binaries under test (`env!("CARGO_BIN_EXE_<name>")`, and
    /// others in the same folder): an error names any file that is missing.
    pub fn of_binaries(seed: u64, binaries: &[(&str, &Path)]) -> Result<Simulation, SimError> {
        let Some(&(_, first)) = binaries.first() else {
            return Err(SimError::Setup("no charm binary given".to_owned()));
        };
        let tools = crate::process::fake_tools_beside(first);
        for path in binaries
            .iter()
            .map(|&(_, path)| path)
            .chain([tools.as_path()])
        {
            if !path.exists() {
                return Err(SimError::Setup(format!(
                    "{} is missing: `cargo test --workspace` builds it",
                    path.display()
                )));
            }
        }
        Simulation::in_processes(seed, &tools, binaries.iter().copied())
    }

    fn build(seed: u64, dir: tempfile::TempDir, executor: Box<dyn Executor>) -> Simulation {
        Simulation {
            model: Arc::new(Mutex::new(Deployment::new("sim"))),
            executor,
            dir: dir.path().to_owned(),
            _dir: dir,
            charms: BTreeMap::new(),
            next_machine: 0,
            agents: BTreeMap::new(),
            world: World::default(),
            next_unit: BTreeMap::new(),
            next_address: 1,
            next_relation: 0,
            scheduler: Scheduler::from_seed(seed),
            stamps: BTreeMap::new(),
            next_stamp: 0,
            transcript: Transcript::default(),
            hook_bound: DEFAULT_HOOK_BOUND,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
        }
    }

    /// At most `hooks` hooks per [`Simulation::settle`].
    #[must_use]
    pub fn with_hook_bound(mut self, hooks: usize) -> Simulation {
        self.hook_bound = hooks;
        self
    }

    /// A failing hook runs at most `attempts` times (at least once).
    #[must_use]
    pub fn with_max_attempts(mut self, attempts: u32) -> Simulation {
        self.max_attempts = attempts.max(1);
        self
    }

    fn lock(&self) -> MutexGuard<'_, Deployment> {
        // A charm that panicked while a tool held the lock leaves a whole value.
        self.model.lock().unwrap_or_else(PoisonError::into_inner)
    }

    // ---- changing the model ----

    /// Deploys `charm` as application `app` with `units` units (`app/0`
    /// leads), with a peer relation for each peer endpoint of its
    /// metadata. Returns the unit names.
    ///
    /// A subordinate charm is deployed with 0 units, as in Juju: its units
    /// appear when it is related to a principal over a container-scoped
    /// relation.
    pub fn deploy(
        &mut self,
        app: &str,
        charm: &'static Charm,
        units: usize,
    ) -> Result<Vec<String>, SimError> {
        self.deploy_charm(app, AppCharm::iface(charm), units)
    }

    /// Deploys the charm directory `dir` as application `app` with `units`
    /// units, as [`Simulation::deploy`] does: any charm Juju could run,
    /// iface or not (a bash charm, a Python ops charm), with its metadata
    /// read from `metadata.yaml` (else a unified `charmcraft.yaml`). Each
    /// unit gets a copy of the directory as its charm directory (symbolic
    /// links kept, so a `venv` may link to installed packages) and runs
    /// its `dispatch`, else `hooks/<hook>` (a hook with neither is skipped,
    /// as Juju skips it), with Juju's hook environment and the fake tools
    /// on `PATH`. Only a simulation [`in_processes`](Self::in_processes)
    /// runs charm directories.
    pub fn deploy_dir(
        &mut self,
        app: &str,
        dir: &Path,
        units: usize,
    ) -> Result<Vec<String>, SimError> {
        if !self.executor.runs_processes() {
            return Err(SimError::Setup(format!(
                "{}: a charm directory runs only as processes: use Simulation::in_processes",
                dir.display()
            )));
        }
        let dir = std::path::absolute(dir)
            .map_err(|e| SimError::Setup(format!("{}: {e}", dir.display())))?;
        let charm = AppCharm::dir(&dir)?;
        self.deploy_charm(app, charm, units)
    }

    /// Deploys the packed charm `archive` (a `.charm`, as `iface pack` or
    /// charmcraft writes it) as application `app` with `units` units: it
    /// is unpacked once, as Juju unpacks it, and deployed as
    /// [`Simulation::deploy_dir`] deploys a directory, so each unit runs
    /// the archive's `dispatch`.
    pub fn deploy_archive(
        &mut self,
        app: &str,
        archive: &Path,
        units: usize,
    ) -> Result<Vec<String>, SimError> {
        let dir = self.dir.join("charms").join(app);
        iface_tool::archive::unpack(archive, &dir).map_err(|e| SimError::Setup(e.to_string()))?;
        self.deploy_dir(app, &dir, units)
    }

    fn deploy_charm(
        &mut self,
        app: &str,
        charm: AppCharm,
        units: usize,
    ) -> Result<Vec<String>, SimError> {
        if self.charms.contains_key(app) {
            return Err(SimError::DuplicateApplication(app.to_owned()));
        }
        if app.is_empty() || app.contains(['/', ':']) {
            return Err(SimError::UnknownApplication(app.to_owned()));
        }
        if charm.subordinate && units > 0 {
            return Err(SimError::Subordinate(format!(
                "{app} is a subordinate charm: deploy it with 0 units and relate it to a \
                 principal over a container-scoped relation"
            )));
        }
        let peers: Vec<String> = charm
            .endpoints
            .iter()
            .filter(|e| e.role == Role::Peers)
            .map(|e| e.name.clone())
            .collect();
        let bindings = charm
            .endpoints
            .iter()
            .map(|e| e.name.clone())
            .chain([JUJU_INFO.to_owned()])
            .collect();
        let config = charm.config.clone();
        self.charms.insert(app.to_owned(), charm);
        {
            let mut model = self.lock();
            let application = model.applications.entry(app.to_owned()).or_default();
            application.bindings = bindings;
            application.config = config;
        }
        for endpoint in peers {
            let id = self.new_relation(vec![(app.to_owned(), endpoint.clone())]);
            self.lock().add_peer_relation(id, app, &endpoint);
        }
        let names = (0..units)
            .map(|_| self.add_unit(app))
            .collect::<Result<Vec<_>, _>>()?;
        self.publish_global_view();
        Ok(names)
    }

    fn new_relation(&mut self, endpoints: Vec<(String, String)>) -> u32 {
        self.next_relation += 1;
        let id = self.next_relation;
        self.world.relations.insert(
            id,
            RelationInfo {
                endpoints,
                scope: BTreeSet::new(),
                dying: false,
                container: false,
            },
        );
        id
    }

    /// Adds a unit to `app`: the next number, the next address (`10.0.0.1`
    /// onwards), and leadership if the application has no leader. Returns
    /// its name. A subordinate application gets units only from its
    /// principals, as in Juju.
    pub fn add_unit(&mut self, app: &str) -> Result<String, SimError> {
        let charm = self
            .charms
            .get(app)
            .ok_or_else(|| SimError::UnknownApplication(app.to_owned()))?;
        if charm.subordinate {
            return Err(SimError::Subordinate(format!(
                "{app} is a subordinate application: it gets a unit for each principal unit \
                 it is related to, not by adding units"
            )));
        }
        Ok(self.new_unit(app, None))
    }

    /// Adds a unit to `app`, in the container of `principal` for a
    /// subordinate unit (sharing its address, as a subordinate shares its
    /// principal's machine).
    fn new_unit(&mut self, app: &str, principal: Option<&str>) -> String {
        let number = self.next_unit.entry(app.to_owned()).or_default();
        let name = format!("{app}/{number}");
        *number += 1;
        let inherited = principal.and_then(|p| {
            self.lock()
                .units
                .get(p)
                .map(|unit| unit.private_address.clone())
        });
        let address = inherited.unwrap_or_else(|| {
            let n = self.next_address;
            self.next_address += 1;
            format!("10.0.{}.{}", (n - 1) / 254, (n - 1) % 254 + 1)
        });
        if let Some(principal) = principal {
            self.world
                .principals
                .insert(name.clone(), principal.to_owned());
        }
        let hosted = principal.and_then(|p| self.lock().units.get(p).map(|u| u.machine.clone()));
        let machine = hosted.unwrap_or_else(|| {
            self.next_machine += 1;
            (self.next_machine - 1).to_string()
        });
        let (leader, leader_settings) = {
            let mut model = self.lock();
            let record = model.add_unit(&name, &address);
            record.principal = principal.map(str::to_owned);
            record.machine = machine;
            let leader = model.applications[app].leader.is_none();
            if leader {
                model.set_leader(&name);
            }
            (leader, model.has_leader_settings())
        };
        let mut agent = Agent::new(leader, leader_settings);
        for (&id, info) in &self.world.relations {
            if info.takes_part(app, principal) {
                agent.relations.insert(id, RelationView::default());
            }
        }
        self.agents.insert(name.clone(), agent);
        self.publish_global_view();
        name
    }

    /// The principal unit in whose container subordinate unit `unit` runs;
    /// `None` for a principal unit.
    pub fn principal(&self, unit: &str) -> Option<String> {
        self.world.principals.get(unit).cloned()
    }

    /// The subordinate units in the container of principal unit `unit`
    /// (removed ones are gone after their `remove` hook), in name order.
    pub fn subordinates(&self, unit: &str) -> Vec<String> {
        self.agents
            .keys()
            .filter(|sub| self.world.principals.get(*sub).map(String::as_str) == Some(unit))
            .cloned()
            .collect()
    }

    /// Starts removing `unit`: it leaves every relation at once (so remote
    /// units run `-departed` for it), runs `-departed` and `-broken` for
    /// its own relations, then `stop` and `remove`. If it led its
    /// application, the lowest-numbered other unit is elected. The
    /// subordinate units in its container are removed with it, each the
    /// same way; a subordinate unit itself goes only with its principal or
    /// its relation to it, as in Juju.
    pub fn remove_unit(&mut self, unit: &str) -> Result<(), SimError> {
        if self.agents.get(unit).is_none_or(|a| a.dying) {
            return Err(SimError::UnknownUnit(unit.to_owned()));
        }
        if let Some(principal) = self.world.principals.get(unit) {
            return Err(SimError::Subordinate(format!(
                "{unit} is a subordinate unit: it goes with its principal {principal} or \
                 with its relation to it"
            )));
        }
        let subordinates: Vec<String> = self
            .subordinates(unit)
            .into_iter()
            .filter(|sub| !self.agents[sub].dying)
            .collect();
        self.destroy_unit(unit);
        for sub in subordinates {
            self.destroy_unit(&sub);
        }
        self.publish_global_view();
        Ok(())
    }

    /// Starts removing live unit `unit` (see [`Simulation::remove_unit`]).
    fn destroy_unit(&mut self, unit: &str) {
        let Some(agent) = self.agents.get_mut(unit).filter(|a| !a.dying) else {
            return;
        };
        agent.dying = true;
        agent.queue.clear();
        agent.queue.extend(["stop", "remove"]);
        if agent.started {
            agent.relations.retain(|_, view| view.created);
        } else {
            agent.relations.clear();
        }
        let never_ran = !agent.installed;
        for info in self.world.relations.values_mut() {
            info.scope.remove(unit);
        }
        if never_ran {
            self.agents.remove(unit);
            self.lock().units.remove(unit);
        }
        self.hand_over_leadership(unit);
    }

    /// Removes the subordinate units left with no container-scoped
    /// relation to their principal: Juju destroys a subordinate unit once
    /// it has left the last one (after its `-broken`).
    fn remove_detached_subordinates(&mut self) {
        let detached: Vec<String> = self
            .agents
            .iter()
            .filter(|(name, agent)| {
                !agent.dying
                    && self.world.principals.contains_key(*name)
                    && !agent
                        .relations
                        .keys()
                        .any(|id| self.world.relations.get(id).is_some_and(|r| r.container))
            })
            .map(|(name, _)| name.clone())
            .collect();
        for unit in detached {
            self.destroy_unit(&unit);
        }
    }

    /// Moves the leadership of `unit`'s application to `unit`, as Juju
    /// does when the leader's lease passes to another unit: `unit` runs
    /// `leader-elected` next; the former leader runs no hook (Juju has no
    /// `leader-deposed`) and learns of it from `is-leader`, so from its
    /// next hook or action it may no longer write the application's bags,
    /// status or secrets.
    pub fn set_leader(&mut self, unit: &str) -> Result<(), SimError> {
        if self.agents.get(unit).is_none_or(|a| a.dying) {
            return Err(SimError::UnknownUnit(unit.to_owned()));
        }
        if self.lock().is_leader(unit) {
            return Ok(());
        }
        self.lock().set_leader(unit);
        self.queue_election(unit);
        Ok(())
    }

    /// Queues `leader-elected` on `unit`, in place of a pending
    /// `leader-settings-changed` (a new unit's start sequence).
    fn queue_election(&mut self, unit: &str) {
        if let Some(agent) = self.agents.get_mut(unit) {
            if let Some(slot) = agent
                .queue
                .iter_mut()
                .find(|h| **h == "leader-settings-changed")
            {
                *slot = "leader-elected";
            } else {
                agent.queue_hook("leader-elected");
            }
        }
    }

    fn hand_over_leadership(&mut self, leaving: &str) {
        let app = app_of(leaving).to_owned();
        if !self.lock().is_leader(leaving) {
            return;
        }
        let number = |unit: &str| {
            unit.rsplit('/')
                .next()
                .and_then(|n| n.parse::<u32>().ok())
                .unwrap_or(u32::MAX)
        };
        let next = self
            .agents
            .iter()
            .filter(|(name, agent)| app_of(name) == app && !agent.dying)
            .map(|(name, _)| name.clone())
            .min_by_key(|name| number(name));
        let mut model = self.lock();
        let entry = model.applications.entry(app).or_default();
        entry.leader.clone_from(&next);
        drop(model);
        if let Some(next) = next {
            self.queue_election(&next);
        }
    }

    /// Relates two endpoints, each written `application:endpoint` (e.g.
    /// `"django:website"`, `"haproxy:reverseproxy"`): one provides and the
    /// other requires the same interface. Returns the relation id.
    ///
    /// Every charm also provides Juju's implicit `juju-info` endpoint
    /// (interface `juju-info`) unless its metadata declares a relation of
    /// that name. The relation is container-scoped if either endpoint says
    /// `scope: container`; then one side must be a subordinate application
    /// and the other a principal, and each principal unit gets a unit of
    /// the subordinate in its container once it enters the relation.
    pub fn relate(&mut self, a: &str, b: &str) -> Result<u32, SimError> {
        let (app_a, end_a, role_a, iface_a, scope_a) = self.endpoint(a)?;
        let (app_b, end_b, role_b, iface_b, scope_b) = self.endpoint(b)?;
        let roles_fit = matches!(
            (role_a, role_b),
            (Role::Provides, Role::Requires) | (Role::Requires, Role::Provides)
        );
        if !roles_fit {
            return Err(SimError::Incompatible(format!(
                "{a} ({role_a}) and {b} ({role_b}): one side must provide and the other require"
            )));
        }
        if iface_a != iface_b {
            return Err(SimError::Incompatible(format!(
                "{a} speaks {iface_a} and {b} speaks {iface_b}"
            )));
        }
        let pair = |info: &RelationInfo| {
            !info.dying
                && info.endpoint_of(&app_a) == Some(end_a.as_str())
                && info.endpoint_of(&app_b) == Some(end_b.as_str())
        };
        if self.world.relations.values().any(pair) {
            return Err(SimError::Incompatible(format!(
                "{a} and {b} are related already"
            )));
        }
        let container = scope_a == RelationScope::Container || scope_b == RelationScope::Container;
        if container && self.charms[&app_a].subordinate == self.charms[&app_b].subordinate {
            return Err(SimError::Incompatible(format!(
                "{a} and {b} would be container-scoped: one side must be a subordinate \
                 application and the other a principal"
            )));
        }
        let id = self.new_relation(vec![
            (app_a.clone(), end_a.clone()),
            (app_b.clone(), end_b.clone()),
        ]);
        if let Some(info) = self.world.relations.get_mut(&id) {
            info.container = container;
        }
        self.lock()
            .add_relation(id, (&app_a, &end_a), (&app_b, &end_b))
            .container = container;
        let info = &self.world.relations[&id];
        let joining: Vec<String> = self
            .agents
            .iter()
            .filter(|(unit, agent)| {
                !agent.dying
                    && info.takes_part(
                        app_of(unit),
                        self.world.principals.get(*unit).map(String::as_str),
                    )
            })
            .map(|(unit, _)| unit.clone())
            .collect();
        for unit in joining {
            if let Some(agent) = self.agents.get_mut(&unit) {
                agent.relations.insert(id, RelationView::default());
            }
        }
        self.publish_global_view();
        Ok(id)
    }

    /// `(app, endpoint, role, interface, scope)` of `app:endpoint`; an
    /// endpoint named `juju-info` that metadata does not declare is Juju's
    /// implicit one.
    fn endpoint(
        &self,
        spec: &str,
    ) -> Result<(String, String, Role, String, RelationScope), SimError> {
        let (app, endpoint) = spec
            .split_once(':')
            .ok_or_else(|| SimError::UnknownEndpoint(format!("{spec:?} is not app:endpoint")))?;
        let charm = self
            .charms
            .get(app)
            .ok_or_else(|| SimError::UnknownApplication(app.to_owned()))?;
        let (role, interface, scope) = match charm.endpoint(endpoint) {
            Some(e) => (e.role, e.interface.clone(), e.scope),
            None if endpoint == JUJU_INFO => {
                (Role::Provides, JUJU_INFO.to_owned(), RelationScope::Global)
            }
            None => {
                return Err(SimError::UnknownEndpoint(format!(
                    "charm {} has no relation {endpoint:?}",
                    charm.name
                )));
            }
        };
        Ok((app.to_owned(), endpoint.to_owned(), role, interface, scope))
    }

    /// Starts removing relation `id`: every unit in it runs `-departed` for
    /// each remote unit it knew, then `-broken`. Peer relations go only
    /// with their application. A subordinate unit left with no
    /// container-scoped relation to its principal is removed after its
    /// `-broken` (`stop`, `remove`).
    pub fn remove_relation(&mut self, id: u32) -> Result<(), SimError> {
        let info = self
            .world
            .relations
            .get_mut(&id)
            .filter(|info| !info.dying)
            .ok_or(SimError::UnknownRelation(id))?;
        if info.is_peer() {
            return Err(SimError::Incompatible(format!(
                "relation {id} is a peer relation; it goes with its application"
            )));
        }
        info.dying = true;
        info.scope.clear();
        for agent in self.agents.values_mut() {
            if agent.relations.get(&id).is_some_and(|view| !view.created) {
                agent.relations.remove(&id);
            }
        }
        self.remove_detached_subordinates();
        self.publish_global_view();
        Ok(())
    }

    /// Sets configuration `key` of `app` to `value` and queues
    /// `config-changed` on its units.
    pub fn set_config(
        &mut self,
        app: &str,
        key: &str,
        value: impl Into<Value>,
    ) -> Result<(), SimError> {
        if !self.charms.contains_key(app) {
            return Err(SimError::UnknownApplication(app.to_owned()));
        }
        self.lock()
            .applications
            .entry(app.to_owned())
            .or_default()
            .config
            .insert(key.to_owned(), value.into());
        for (unit, agent) in &mut self.agents {
            if app_of(unit) == app && !agent.dying {
                agent.queue_hook("config-changed");
            }
        }
        Ok(())
    }

    /// Queues `update-status` on every started unit, as Juju's timer does.
    pub fn update_status(&mut self) {
        for agent in self.agents.values_mut() {
            if agent.started && !agent.dying && !agent.in_error {
                agent.queue_hook("update-status");
            }
        }
    }

    // ---- running hooks ----

    /// Every hook that may run now, in the order they became due.
    pub fn due(&mut self) -> Vec<Job> {
        let world = &self.world;
        let mut jobs = Vec::new();
        for (unit, agent) in &mut self.agents {
            agent.forget_left_peers(world);
            let mut events = Vec::new();
            agent.due(unit, world, &mut events);
            jobs.extend(events.into_iter().map(|event| Job {
                unit: unit.clone(),
                event,
            }));
        }
        let mut stamps = BTreeMap::new();
        for job in &jobs {
            let stamp = self.stamps.get(job).copied().unwrap_or_else(|| {
                self.next_stamp += 1;
                self.next_stamp
            });
            stamps.insert(job.clone(), stamp);
        }
        self.stamps = stamps;
        jobs.sort_by_key(|job| self.stamps[job]);
        jobs
    }

    /// Runs one hook the scheduler picks among those due; `false` when
    /// none is due.
    pub fn step(&mut self) -> bool {
        let jobs = self.due();
        if jobs.is_empty() {
            return false;
        }
        let pick = self.scheduler.pick(jobs.len());
        self.run(&jobs[pick]);
        true
    }

    /// Runs hooks until none is due. Errors when a unit is in error (a
    /// hook failed every attempt), or after the hook bound with hooks
    /// still due, naming the hooks that kept firing.
    pub fn settle(&mut self) -> Result<usize, SimError> {
        let start = self.transcript.len();
        let mut ran = 0;
        while self.step() {
            ran += 1;
            if ran >= self.hook_bound && !self.due().is_empty() {
                return Err(SimError::NoSettle {
                    hooks: ran,
                    busiest: transcript::busiest(&self.transcript.hooks()[start..], 3),
                });
            }
        }
        if let Some((unit, agent)) = self.agents.iter().find(|(_, a)| a.in_error)
            && let Some(failed) = &agent.failed
        {
            return Err(SimError::HookFailed {
                unit: unit.clone(),
                hook: self.hook_label(unit, &failed.event),
                attempts: failed.attempts,
                error: failed.error.clone(),
            });
        }
        Ok(ran)
    }

    fn hook_label(&self, unit: &str, event: &Event) -> String {
        let hook = self.describe(unit, event);
        match event.remote_unit() {
            Some(remote) => format!("{} {remote}", hook.name),
            None => hook.name,
        }
    }

    /// The hook `event` is on `unit`: its name, and its relation or secret
    /// context.
    fn describe(&self, unit: &str, event: &Event) -> HookState {
        match event {
            Event::SecretChanged(id) => {
                // The consumer's label, else the owner's, else none.
                let view = self.world.secrets.get(id);
                let label = view
                    .and_then(|v| v.consumer_labels.get(unit).cloned().or(v.label.clone()))
                    .unwrap_or_default();
                return HookState::secret(
                    unit,
                    "secret-changed",
                    HookSecret {
                        id: format!("secret:{id}"),
                        label,
                        revision: None,
                    },
                );
            }
            Event::SecretRemove(id, revision) => {
                let label = self
                    .world
                    .secrets
                    .get(id)
                    .and_then(|v| v.label.clone())
                    .unwrap_or_default();
                return HookState::secret(
                    unit,
                    "secret-remove",
                    HookSecret {
                        id: format!("secret:{id}"),
                        label,
                        revision: Some(*revision),
                    },
                );
            }
            _ => {}
        }
        let app = app_of(unit);
        let Some(id) = event.relation() else {
            return HookState::hook(unit, &event.hook_name(""), None);
        };
        let info = &self.world.relations[&id];
        let endpoint = info.endpoint_of(app).unwrap_or_default();
        let dying = self.agents.get(unit).is_some_and(|a| a.dying);
        let relation = HookRelation {
            id,
            remote_unit: event.remote_unit().map(str::to_owned),
            remote_app: event
                .remote_app()
                .or_else(|| info.remote_app(app))
                .map(str::to_owned),
            departing_unit: match event {
                Event::Departed(_, _) if dying => Some(unit.to_owned()),
                Event::Departed(_, remote) => Some(remote.clone()),
                _ => None,
            },
        };
        HookState::hook(unit, &event.hook_name(endpoint), Some(relation))
    }

    /// Runs `hook` through the executor and records it in the transcript
    /// as run `attempt`; returns what ran, and the bags and leader
    /// settings from before it.
    fn execute(&mut self, hook: HookState, attempt: u32) -> (Ran, Snapshot, Bag) {
        let unit = hook.unit.clone();
        let app = app_of(&unit).to_owned();
        let (before, leader_before, calls_before) = {
            let model = self.lock();
            let bags: Snapshot = model
                .relations
                .iter()
                .map(|(id, r)| (*id, (r.unit_data.clone(), r.app_data.clone())))
                .collect();
            let leader = model.applications[&app].leader_settings.clone();
            (bags, leader, model.calls.len())
        };
        let charm = self.charms[&app].clone();
        let call = HookCall {
            charm: &charm,
            hook,
        };
        let ran = self.executor.run(&self.model, &call);
        let hook = call.hook;
        let (calls, names) = {
            let model = self.lock();
            let names: BTreeMap<u32, String> = model
                .relations
                .iter()
                .filter_map(|(id, r)| Some((*id, r.side(&app)?.endpoint.clone())))
                .collect();
            (model.calls[calls_before..].to_vec(), names)
        };
        let relation = hook.relation.as_ref();
        self.transcript.push(HookRecord {
            index: 0,
            unit,
            hook: hook.name.clone(),
            relation: relation.map(|r| r.id),
            remote_unit: relation.and_then(|r| r.remote_unit.clone()),
            remote_app: relation.and_then(|r| r.remote_app.clone()),
            departing_unit: relation.and_then(|r| r.departing_unit.clone()),
            secret: hook.secret.clone(),
            action: hook.action.is_some(),
            attempt,
            outcome: ran
                .error
                .clone()
                .map_or(Outcome::Succeeded, Outcome::Failed),
            handlers: ran.handlers.clone(),
            data: HookRecord::data_of(&calls, &names, relation.map(|r| r.id)),
            calls,
            relation_names: names,
        });
        (ran, before, leader_before)
    }

    /// Runs `job` and updates the model as Juju would after it.
    fn run(&mut self, job: &Job) {
        let unit = job.unit.as_str();
        let hook = self.describe(unit, &job.event);
        self.publish_view(unit, &job.event);
        let attempt = self.agents[unit]
            .failed
            .as_ref()
            .map_or(1, |f| f.attempts + 1);
        let (ran, before, leader_before) = self.execute(hook, attempt);
        match ran.error {
            None => self.succeeded(job, &before, &leader_before),
            Some(error) => self.failed(job, attempt, error),
        }
        self.refresh_secrets();
        self.publish_global_view();
    }

    /// Runs action `name` on `unit` with `params` now, between hooks, as
    /// Juju runs a queued action: through the same executor as hooks
    /// (`JUJU_DISPATCH_PATH=actions/<name>`, the action tools answering
    /// from `params`), then by Juju's rules: a non-zero exit fails it and
    /// discards what it queued; `action-fail` with exit 0 fails it and
    /// commits; otherwise it completes. Committed relation writes give
    /// the other units their `-changed` hooks, as a hook's do. The
    /// transcript records it as `action <name>`.
    pub fn run_action(
        &mut self,
        unit: &str,
        name: &str,
        params: serde_json::Map<String, Value>,
    ) -> Result<ActionOutcome, SimError> {
        if self
            .agents
            .get(unit)
            .is_none_or(|a| a.dying || !a.installed)
        {
            return Err(SimError::UnknownUnit(unit.to_owned()));
        }
        self.publish_view(unit, &Event::Unit("action"));
        let (ran, before, leader_before) = self.execute(HookState::action(unit, name, params), 1);
        if ran.end.committed {
            self.after_commit(unit, &before, &leader_before);
        }
        self.refresh_secrets();
        self.publish_global_view();
        let action = ran.end.action.clone().unwrap_or_default();
        let mut outcome = ActionOutcome::of(action, ran.code, ran.end.commit_error.as_deref());
        if let Some(error) = ran.error
            && outcome.status == ActionStatus::Completed
        {
            // No executable ran it, or the in-process work failed.
            outcome.status = ActionStatus::Failed;
            outcome.message = error;
        }
        Ok(outcome)
    }

    /// Updates what the units know of the secrets (latest revisions,
    /// consumers, who manages each) from the model.
    fn refresh_secrets(&mut self) {
        let model = self.model.lock().unwrap_or_else(PoisonError::into_inner);
        self.world.secrets = model
            .secrets
            .iter()
            .map(|(id, secret)| {
                let managers = model
                    .units
                    .keys()
                    .filter(|u| model.can_manage(u, secret))
                    .cloned()
                    .collect();
                (id.clone(), SecretView::of(secret, managers))
            })
            .collect();
    }

    fn failed(&mut self, job: &Job, attempts: u32, error: String) {
        let max = self.max_attempts;
        let agent = self.agents.get_mut(&job.unit).expect("the unit ran a hook");
        agent.in_error = attempts >= max;
        agent.failed = Some(Failed {
            event: job.event.clone(),
            attempts,
            error,
        });
        // A retry waits behind what is due elsewhere.
        self.stamps.remove(job);
    }

    /// What follows a committed hook or action of `unit`: `-changed` for
    /// the bags it changed, `leader-settings-changed` for its peers.
    fn after_commit(&mut self, unit: &str, before: &Snapshot, leader_before: &Bag) {
        let app = app_of(unit).to_owned();
        self.note_bag_changes(unit, before);
        let leader_changed = self.lock().applications[&app].leader_settings != *leader_before;
        if leader_changed {
            for (name, agent) in &mut self.agents {
                if app_of(name) == app && name != unit && !agent.dying {
                    agent.queue_hook("leader-settings-changed");
                }
            }
        }
    }

    fn succeeded(&mut self, job: &Job, before: &Snapshot, leader_before: &Bag) {
        let unit = job.unit.as_str();
        self.after_commit(unit, before, leader_before);
        let mut entered = None;
        let world = &mut self.world;
        let agent = self.agents.get_mut(unit).expect("the unit ran a hook");
        agent.failed = None;
        match &job.event {
            Event::Unit(hook) => {
                if agent.queue.front() == Some(hook) {
                    agent.queue.pop_front();
                }
                match *hook {
                    "install" => agent.installed = true,
                    "start" => agent.started = true,
                    "remove" => {
                        self.agents.remove(unit);
                        self.model
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .units
                            .remove(unit);
                    }
                    _ => {}
                }
            }
            Event::Created(id) => {
                if let Some(view) = agent.relations.get_mut(id) {
                    view.created = true;
                }
                if !agent.dying && !world.relations[id].dying {
                    entered = Some(*id);
                }
            }
            Event::Joined(id, remote) => {
                let version = world.version(*id, remote);
                if let Some(view) = agent.relations.get_mut(id) {
                    view.known.insert(remote.clone(), version);
                    view.changed_pending = Some(remote.clone());
                }
            }
            Event::Changed(id, remote) => {
                let version = world.version(*id, remote);
                if let Some(view) = agent.relations.get_mut(id) {
                    if let Some(seen) = view.known.get_mut(remote) {
                        *seen = version;
                    }
                    if view.changed_pending.as_ref() == Some(remote) {
                        view.changed_pending = None;
                    }
                }
            }
            Event::AppChanged(id, remote_app) => {
                let version = world.version(*id, remote_app);
                if let Some(view) = agent.relations.get_mut(id) {
                    view.app_seen = version;
                }
            }
            Event::Departed(id, remote) => {
                if let Some(view) = agent.relations.get_mut(id) {
                    view.known.remove(remote);
                }
            }
            Event::Broken(id) => {
                agent.relations.remove(id);
            }
            Event::SecretChanged(id) => {
                let latest = world.secrets.get(id).map_or(0, |v| v.latest);
                agent.secrets_seen.insert(id.clone(), latest);
            }
            Event::SecretRemove(id, revision) => {
                world.removes_sent.insert((id.clone(), *revision));
            }
        }
        if let Some(id) = entered {
            self.enter_scope(unit, id);
        }
        if matches!(job.event, Event::Broken(_)) {
            self.remove_detached_subordinates();
        }
    }

    /// `unit` enters the scope of relation `id` after its `-created`: Juju
    /// publishes its addresses in its bag, and a principal entering a
    /// container-scoped relation gets a unit of the subordinate in its
    /// container if it has no live one.
    fn enter_scope(&mut self, unit: &str, id: u32) {
        let info = self.world.relations.get_mut(&id).expect("a known relation");
        info.scope.insert(unit.to_owned());
        let app = app_of(unit);
        let subordinate = (info.container && !self.world.principals.contains_key(unit))
            .then(|| info.remote_app(app).map(str::to_owned))
            .flatten();
        self.world.bump(id, unit);
        {
            let mut model = self.lock();
            let address = model
                .units
                .get(unit)
                .map(|u| u.private_address.clone())
                .unwrap_or_default();
            if let Some(relation) = model.relations.get_mut(&id) {
                relation
                    .unit_data
                    .entry(unit.to_owned())
                    .or_default()
                    .extend(crate::model::juju_addresses(&address));
            }
        }
        if let Some(sub_app) = subordinate {
            let placed = self
                .subordinates(unit)
                .iter()
                .any(|sub| app_of(sub) == sub_app && !self.agents[sub].dying);
            if !placed {
                self.new_unit(&sub_app, Some(unit));
            }
        }
    }

    /// Bumps the version of every bag the hook changed; the writer has seen
    /// its own writes.
    fn note_bag_changes(&mut self, unit: &str, before: &Snapshot) {
        let app = app_of(unit);
        let model = self.model.lock().unwrap_or_else(PoisonError::into_inner);
        let empty = (BTreeMap::new(), BTreeMap::new());
        for (id, relation) in &model.relations {
            let (units_before, apps_before) = before.get(id).unwrap_or(&empty);
            let mut changed = Vec::new();
            for (owner, bags_before, bags_after) in [
                (false, units_before, &relation.unit_data),
                (true, apps_before, &relation.app_data),
            ] {
                let owners: BTreeSet<&String> =
                    bags_before.keys().chain(bags_after.keys()).collect();
                for name in owners {
                    if bags_before.get(name) != bags_after.get(name) {
                        changed.push((owner, name.clone()));
                    }
                }
            }
            for (is_app, name) in changed {
                self.world.bump(*id, &name);
                if is_app
                    && name == app
                    && let Some(view) = self
                        .agents
                        .get_mut(unit)
                        .and_then(|a| a.relations.get_mut(id))
                {
                    view.app_seen = self.world.version(*id, &name);
                }
            }
        }
    }

    /// Shows the deployment as `unit` sees it while it runs `event`:
    /// `relation-list` gives the units it knows, `relation-ids` the
    /// relations it is in (not one it is breaking).
    fn publish_view(&self, unit: &str, event: &Event) {
        let Some(agent) = self.agents.get(unit) else {
            return;
        };
        let mut model = self.lock();
        for (id, info) in &self.world.relations {
            let Some(relation) = model.relations.get_mut(id) else {
                continue;
            };
            if agent.relations.contains_key(id) {
                let mut members = agent.visible(*id, event);
                if info.scope.contains(unit) {
                    members.insert(unit.to_owned());
                }
                relation.members = members;
                relation.dead = *event == Event::Broken(*id);
            } else {
                relation.members.clone_from(&info.scope);
                relation.dead = true;
            }
        }
    }

    /// Shows the deployment as a whole between hooks: members are the
    /// units in scope; a relation is dead once removed and broken by all.
    fn publish_global_view(&self) {
        let mut model = self.lock();
        for (id, info) in &self.world.relations {
            if let Some(relation) = model.relations.get_mut(id) {
                relation.members.clone_from(&info.scope);
                relation.dead =
                    info.dying && !self.agents.values().any(|a| a.relations.contains_key(id));
            }
        }
    }

    // ---- looking at the result ----

    /// The transcript of every hook run so far.
    pub fn transcript(&self) -> &Transcript {
        &self.transcript
    }

    /// The deployment: applications, units, statuses, relations and bags,
    /// and every tool call (locked; drop the guard before the next hook).
    pub fn deployment(&self) -> MutexGuard<'_, Deployment> {
        self.lock()
    }

    /// The units of `app` that exist (removed ones are gone after their
    /// `remove` hook), in name order.
    pub fn units(&self, app: &str) -> Vec<String> {
        self.agents
            .keys()
            .filter(|unit| app_of(unit) == app)
            .cloned()
            .collect()
    }

    /// The leader of `app`.
    pub fn leader(&self, app: &str) -> Option<String> {
        self.lock().applications.get(app)?.leader.clone()
    }

    /// The workload status `unit` set last.
    pub fn status(&self, unit: &str) -> Option<StatusEntry> {
        self.lock().units.get(unit)?.status.clone()
    }

    /// The committed bag of `owner` (a unit, or an application) in
    /// relation `relation`; empty if it never wrote.
    pub fn relation_data(&self, relation: u32, owner: &str) -> Bag {
        let model = self.lock();
        let Some(rel) = model.relations.get(&relation) else {
            return Bag::new();
        };
        let bags = if owner.contains('/') {
            &rel.unit_data
        } else {
            &rel.app_data
        };
        bags.get(owner).cloned().unwrap_or_default()
    }

    /// The file of `unit`'s flag store (a `SQLite` database), for tests
    /// that look at its bytes.
    pub fn store_path(&self, unit: &str) -> std::path::PathBuf {
        self.executor.store_path(unit)
    }

    /// Everything a run ends with, as one JSON value: every relation's unit
    /// and application bags, whether it is dead and container-scoped; every
    /// unit's status and principal; every unit's flags and conversations
    /// (the `reactive.` keys of its store). The same scenario run in process
    /// and as processes must end with equal values.
    ///
    /// # Errors
    /// A store that cannot be read.
    pub fn ending(&self) -> Result<Value, SimError> {
        let model = self.deployment();
        let relations: BTreeMap<String, Value> = model
            .relations
            .iter()
            .map(|(id, r)| {
                let relation = serde_json::json!({
                    "units": r.unit_data,
                    "apps": r.app_data,
                    "dead": r.dead,
                    "container": r.container,
                });
                (id.to_string(), relation)
            })
            .collect();
        let units: BTreeMap<String, Value> = model
            .units
            .iter()
            .map(|(name, unit)| {
                (
                    name.clone(),
                    serde_json::json!([unit.status, unit.principal]),
                )
            })
            .collect();
        drop(model);
        let mut stores = BTreeMap::new();
        for unit in units.keys() {
            stores.insert(
                unit.clone(),
                serde_json::json!(self.store(unit, "reactive.")?),
            );
        }
        Ok(serde_json::json!({"relations": relations, "units": units, "stores": stores}))
    }

    /// Every committed key of `unit`'s flag store under `prefix`, with its
    /// value.
    pub fn store(&self, unit: &str, prefix: &str) -> Result<BTreeMap<String, Value>, SimError> {
        let path = self.executor.store_path(unit);
        if !path.exists() {
            return Ok(BTreeMap::new());
        }
        Store::open(&path)
            .and_then(|store| store.get_prefix(prefix))
            .map_err(|e| SimError::Store(format!("{unit}: {e}")))
    }

    /// The flags set on `unit`, sorted.
    pub fn flags(&self, unit: &str) -> Result<BTreeSet<String>, SimError> {
        Ok(self
            .store(unit, FLAG_PREFIX)?
            .keys()
            .filter_map(|key| flag_name(key))
            .map(str::to_owned)
            .collect())
    }

    /// The conversation records of `unit` (keys under
    /// `reactive.conversations.` that are not local data), with their
    /// values.
    pub fn conversations(&self, unit: &str) -> Result<BTreeMap<String, Value>, SimError> {
        Ok(self
            .store(unit, CONVERSATION_PREFIX)?
            .into_iter()
            .filter(|(key, _)| !key.contains(".local-data."))
            .collect())
    }
}

impl Default for Simulation {
    fn default() -> Simulation {
        Simulation::new()
    }
}
