//! The deployment the fake hook tools serve, as one serde value.
//!
//! A [`Deployment`] serialises to the JSON state file the
//! `iface-fake-tools` executable reads and writes (see the crate docs for
//! its shape); [`InMemoryTools`](crate::InMemoryTools) works on the same
//! value in-process.

mod action;
mod commit;
mod env;
mod port;
mod secret;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use action::{ActionOutcome, ActionStatus, COMMIT_FAILED, RunningAction};
pub use port::{ALL_ENDPOINTS, PortChange, PortRange};
pub use secret::{
    HookSecret, Secret, SecretChange, SecretConsumer, SecretContent, SecretGrant, SecretOwner,
};

/// The Juju version hooks see by default (`JUJU_VERSION`): ops needs 3.6
/// or later to use secrets without its read-modify-write workaround.
pub const DEFAULT_JUJU_VERSION: &str = "3.6.12";

/// The model UUID a deployment has unless given one (`JUJU_MODEL_UUID`,
/// the host part of the URIs `secret-add` prints).
pub const DEFAULT_MODEL_UUID: &str = "7e4b9c2a-5d1f-4a3e-9b8c-1f2e3d4c5b6a";

/// A relation bag: key to value, both strings, as Juju stores them.
pub type Bag = BTreeMap<String, String>;

/// A model of a Juju deployment, plus the hook that runs in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Deployment {
    /// The model name (`JUJU_MODEL_NAME`).
    pub model: String,
    /// The model UUID (`JUJU_MODEL_UUID`).
    pub model_uuid: String,
    /// The Juju version the hooks see (`JUJU_VERSION`): 3.6.x by default,
    /// 4.0.x to model Juju 4.
    pub juju_version: String,
    /// Applications by name.
    pub applications: BTreeMap<String, Application>,
    /// Units by name (`app/N`); a unit's application is the part before `/`.
    pub units: BTreeMap<String, Unit>,
    /// Relations by number.
    pub relations: BTreeMap<u32, Relation>,
    /// Secrets by bare id (20 characters).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub secrets: BTreeMap<String, Secret>,
    /// How many secret ids `secret-add` handed out (the next id derives
    /// from it, so a run gives the same ids every time).
    pub secret_ids_issued: u64,
    /// How many hooks and actions began (`JUJU_CONTEXT_ID`, action ids).
    pub hooks_begun: u64,
    /// The hook that runs now, if any; the tools act for its unit.
    pub hook: Option<HookState>,
    /// The running hook's queued changes, committed only if it succeeds.
    pub pending: Pending,
    /// Every tool call, oldest first (kept beside the state file, see
    /// [`crate::statefile::load`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub calls: Vec<CallRecord>,
    /// Every `juju-log` message, oldest first (kept beside the state file).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub logs: Vec<LogEntry>,
    /// When false (the default), `relation-get` serves the addresses Juju
    /// puts in every member's bag (`private-address`, `ingress-address`,
    /// `egress-subnets`) even if the model never wrote them; tests of the
    /// tools' exact output turn this off.
    pub without_juju_addresses: bool,
}

impl Default for Deployment {
    fn default() -> Self {
        Deployment {
            model: String::new(),
            model_uuid: DEFAULT_MODEL_UUID.to_owned(),
            juju_version: DEFAULT_JUJU_VERSION.to_owned(),
            applications: BTreeMap::new(),
            units: BTreeMap::new(),
            relations: BTreeMap::new(),
            secrets: BTreeMap::new(),
            secret_ids_issued: 0,
            hooks_begun: 0,
            hook: None,
            pending: Pending::default(),
            calls: Vec::new(),
            logs: Vec::new(),
            without_juju_addresses: false,
        }
    }
}

/// An application.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Application {
    /// The leader unit, if one is elected.
    pub leader: Option<String>,
    /// Charm configuration as `config-get` prints it; `null` values are
    /// keys without value or default (shown only by `config-get --all`).
    pub config: serde_json::Map<String, Value>,
    /// Leader settings (`leader-get` / `leader-set`).
    pub leader_settings: Bag,
    /// The application status set by the leader with `status-set
    /// --application`.
    pub status: Option<StatusEntry>,
    /// The workload version (`application-version-set`).
    pub version: Option<String>,
    /// The endpoint names `network-get` knows (the charm's relations and
    /// `juju-info`); empty accepts any name.
    #[serde(skip_serializing_if = "BTreeSet::is_empty")]
    pub bindings: BTreeSet<String>,
}

/// A unit.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Unit {
    /// `unit-get private-address`, and the default of `network-get`.
    pub private_address: String,
    /// `unit-get public-address`.
    pub public_address: String,
    /// `network-get BINDING` output by binding name; a binding not listed
    /// gets one built from [`Self::private_address`].
    pub networks: BTreeMap<String, Value>,
    /// The workload status (`status-set`).
    pub status: Option<StatusEntry>,
    /// For a subordinate unit, the principal unit in whose container it
    /// runs (`JUJU_PRINCIPAL_UNIT`); `None` for a principal unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal: Option<String>,
    /// The machine it runs on (`JUJU_MACHINE_ID`); a subordinate runs on
    /// its principal's.
    pub machine: String,
    /// The machine's availability zone (`JUJU_AVAILABILITY_ZONE`, set
    /// only when not empty).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub availability_zone: String,
    /// Opened port ranges by endpoint ([`ALL_ENDPOINTS`] for all).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub opened_ports: BTreeMap<String, BTreeSet<PortRange>>,
    /// Its server-side state (`state-get`, `state-set`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub state: Bag,
}

/// A workload status and its message.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StatusEntry {
    /// `maintenance`, `blocked`, `waiting` or `active`.
    pub status: String,
    /// The message.
    pub message: String,
}

/// One side of a relation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RelationEndpoint {
    /// The application.
    pub app: String,
    /// The application's endpoint name.
    pub endpoint: String,
}

/// A relation between two applications, or a peer relation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Relation {
    /// Two sides, or one for a peer relation.
    pub endpoints: Vec<RelationEndpoint>,
    /// Units currently in the relation (joined and not departed).
    pub members: BTreeSet<String>,
    /// Committed unit bags by unit name; departed units' bags stay.
    pub unit_data: BTreeMap<String, Bag>,
    /// Committed application bags by application name.
    pub app_data: BTreeMap<String, Bag>,
    /// A dead relation is left out of `relation-ids`.
    pub dead: bool,
    /// Container-scoped (`scope: container` on either side): a unit sees
    /// only the remote units in its own container.
    #[serde(skip_serializing_if = "core::ops::Not::not")]
    pub container: bool,
}

impl Relation {
    /// Whether this is a peer relation (one side).
    pub fn is_peer(&self) -> bool {
        self.endpoints.len() == 1
    }

    /// The side of `app`, if it is on this relation.
    pub fn side(&self, app: &str) -> Option<&RelationEndpoint> {
        self.endpoints.iter().find(|e| e.app == app)
    }

    /// The other side from `app`'s point of view (the same side for peers).
    pub fn remote_side(&self, app: &str) -> Option<&RelationEndpoint> {
        if self.is_peer() {
            return self.side(app);
        }
        self.side(app)?;
        self.endpoints.iter().find(|e| e.app != app)
    }
}

/// The hook (or action) that runs now.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HookState {
    /// The unit running it.
    pub unit: String,
    /// The hook name, e.g. `website-relation-changed`; for an action, the
    /// action name.
    pub name: String,
    /// For relation hooks: the relation and remote side.
    pub relation: Option<HookRelation>,
    /// For `secret-*` hooks: the secret.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<HookSecret>,
    /// For an action: the action, its parameters and results so far.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<RunningAction>,
}

impl HookState {
    /// Hook `name` of `unit`, with its relation context if any.
    pub fn hook(unit: &str, name: &str, relation: Option<HookRelation>) -> HookState {
        HookState {
            unit: unit.to_owned(),
            name: name.to_owned(),
            relation,
            ..HookState::default()
        }
    }

    /// `secret-changed`, `secret-remove`, ... of `unit` about `secret`.
    pub fn secret(unit: &str, name: &str, secret: HookSecret) -> HookState {
        HookState {
            secret: Some(secret),
            ..HookState::hook(unit, name, None)
        }
    }

    /// Action `name` of `unit` with `params`; its id is given when it
    /// begins ([`Deployment::begin`]).
    pub fn action(unit: &str, name: &str, params: serde_json::Map<String, Value>) -> HookState {
        HookState {
            action: Some(RunningAction {
                name: name.to_owned(),
                params,
                ..RunningAction::default()
            }),
            ..HookState::hook(unit, name, None)
        }
    }
}

/// The relation context of a relation hook.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HookRelation {
    /// The relation number.
    pub id: u32,
    /// `JUJU_REMOTE_UNIT`; `None` in `-created`, `-broken` and app changes.
    pub remote_unit: Option<String>,
    /// `JUJU_REMOTE_APP`.
    pub remote_app: Option<String>,
    /// `JUJU_DEPARTING_UNIT`, in `-departed`; left out of `relation-list`.
    pub departing_unit: Option<String>,
}

impl HookRelation {
    /// A hook of relation `id` about the remote unit `unit` (`-joined`,
    /// `-changed`): `JUJU_REMOTE_UNIT` and its application.
    pub fn unit(id: u32, unit: &str) -> HookRelation {
        HookRelation {
            id,
            remote_unit: Some(unit.to_owned()),
            remote_app: Some(app_of(unit).to_owned()),
            departing_unit: None,
        }
    }

    /// A hook of relation `id` with no remote unit, about the remote
    /// application `app` (`-created`, `-broken`, a change of its bag).
    pub fn app(id: u32, app: &str) -> HookRelation {
        HookRelation {
            id,
            remote_unit: None,
            remote_app: Some(app.to_owned()),
            departing_unit: None,
        }
    }

    /// `-departed` of the remote unit `unit` from relation `id`.
    pub fn departed(id: u32, unit: &str) -> HookRelation {
        HookRelation {
            departing_unit: Some(unit.to_owned()),
            ..HookRelation::unit(id, unit)
        }
    }
}

/// What the running hook queued, as Juju queues it: relation writes,
/// server-side state, ports and secret changes, all applied only when the
/// hook succeeds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Pending {
    /// `relation-set` writes by relation number.
    pub relations: BTreeMap<u32, PendingBags>,
    /// `state-set` (a value) and `state-delete` (`None`) by key.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub state: BTreeMap<String, Option<String>>,
    /// `open-port` and `close-port`, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<PortChange>,
    /// Secret changes, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub secrets: Vec<SecretChange>,
}

/// The pending writes to one relation: key to new value, `None` deletes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PendingBags {
    /// To the hook unit's bag.
    pub unit: BTreeMap<String, Option<String>>,
    /// To the hook unit's application bag.
    pub app: BTreeMap<String, Option<String>>,
}

/// One tool call as the fake tools saw it. Two records are equal when the
/// calls were: [`CallRecord::elapsed_us`] is not compared, since no two runs
/// take the same time.
#[derive(Debug, Clone, Default, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CallRecord {
    /// The tool name.
    pub tool: String,
    /// Its arguments.
    pub args: Vec<String>,
    /// Its exit code.
    pub code: i32,
    /// What it read from stdin (`relation-set --file -`), if it read it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stdin: Option<String>,
    /// What it printed on stdout.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub stdout: String,
    /// How long the `iface-fake-tools` process spent serving the call, from
    /// taking the state file's lock to writing its record, in microseconds
    /// (what it cost inside the hook, process start aside); `None` in
    /// process.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub elapsed_us: Option<u64>,
}

impl PartialEq for CallRecord {
    fn eq(&self, other: &Self) -> bool {
        self.tool == other.tool
            && self.args == other.args
            && self.code == other.code
            && self.stdin == other.stdin
            && self.stdout == other.stdout
    }
}

/// One `juju-log` message.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LogEntry {
    /// The unit that logged it.
    pub unit: String,
    /// The level as given (`INFO` when none or `--debug` gave `DEBUG`).
    pub level: String,
    /// The message.
    pub message: String,
}

/// A bag of `pairs`, for tests that spell out relation data.
pub fn bag(pairs: &[(&str, &str)]) -> Bag {
    pairs
        .iter()
        .map(|&(key, value)| (key.to_owned(), value.to_owned()))
        .collect()
}

/// What Juju writes in a unit's bag when the unit enters a relation:
/// `private-address`, `ingress-address` and `egress-subnets`, from its
/// address.
pub fn juju_addresses(address: &str) -> Bag {
    Bag::from([
        ("egress-subnets".to_owned(), format!("{address}/32")),
        ("ingress-address".to_owned(), address.to_owned()),
        ("private-address".to_owned(), address.to_owned()),
    ])
}

/// The application part of a unit name (`app` of `app/N`).
pub fn app_of(unit: &str) -> &str {
    unit.split_once('/').map_or(unit, |(app, _)| app)
}

impl Deployment {
    /// An empty deployment in model `model`.
    pub fn new(model: impl Into<String>) -> Self {
        Self {
            model: model.into(),
            ..Self::default()
        }
    }

    /// Adds unit `name` (`app/N`) with `address` as its private and public
    /// address, creating its application if needed.
    pub fn add_unit(&mut self, name: &str, address: &str) -> &mut Unit {
        self.applications
            .entry(app_of(name).to_owned())
            .or_default();
        let machines = self.units.len();
        let unit = self.units.entry(name.to_owned()).or_default();
        if unit.machine.is_empty() {
            unit.machine = machines.to_string();
        }
        address.clone_into(&mut unit.private_address);
        address.clone_into(&mut unit.public_address);
        unit
    }

    /// Model `test` with two applications related over relation `id`
    /// (`(application, endpoint)` on each side) and `units`, every one of
    /// them in the relation, addressed `10.0.0.1`, `10.0.0.2`, ... in the
    /// order given; the first unit of each application leads it. The
    /// deployment most tests start from.
    ///
    /// ```
    /// use iface_sim::Deployment;
    /// let d = Deployment::related(1, ("django", "website"), ("haproxy", "reverseproxy"), &["django/0", "haproxy/0"]);
    /// assert!(d.is_leader("haproxy/0"));
    /// assert_eq!(d.units["haproxy/0"].private_address, "10.0.0.2");
    /// ```
    pub fn related(id: u32, a: (&str, &str), b: (&str, &str), units: &[&str]) -> Deployment {
        let mut model = Deployment::new("test");
        for (n, unit) in units.iter().enumerate() {
            model.add_unit(unit, &format!("10.0.0.{}", n + 1));
            if model.applications[app_of(unit)].leader.is_none() {
                model.set_leader(unit);
            }
        }
        let relation = model.add_relation(id, a, b);
        relation
            .members
            .extend(units.iter().map(|unit| (*unit).to_owned()));
        model
    }

    /// Gives application `app` the defaults of `charm`'s config options,
    /// as Juju does when it deploys the charm, so `config-get` serves
    /// them until an option is set.
    #[must_use]
    pub fn configured(
        mut self,
        app: &str,
        charm: &'static iface_runtime::charm::Charm,
    ) -> Deployment {
        self.applications
            .entry(app.to_owned())
            .or_default()
            .config
            .extend(crate::sim::app_charm::AppCharm::iface(charm).config);
        self
    }

    /// Whether this model's Juju has leader settings (`leader-get`,
    /// `leader-set`, `leader-settings-changed`): Juju 3 does, Juju 4 not.
    pub fn has_leader_settings(&self) -> bool {
        !self
            .juju_version
            .parse::<iface_runtime::version::JujuVersion>()
            .is_ok_and(|version| version.major >= 4)
    }

    /// What `unit` has published in its bag of relation `id`: empty if
    /// nothing, or if there is no such relation.
    pub fn unit_bag(&self, id: u32, unit: &str) -> Bag {
        self.relations
            .get(&id)
            .and_then(|relation| relation.unit_data.get(unit))
            .cloned()
            .unwrap_or_default()
    }

    /// Empties `unit`'s bag in relation `id`, as after Juju dropped the
    /// writes of the failed hook that made it; what the bag held.
    pub fn clear_unit_bag(&mut self, id: u32, unit: &str) -> Option<Bag> {
        self.relations.get_mut(&id)?.unit_data.remove(unit)
    }

    /// Takes `unit` out of relation `id`'s members, as Juju does before
    /// the `-departed` hooks; whether it was one.
    pub fn depart(&mut self, id: u32, unit: &str) -> bool {
        self.relations
            .get_mut(&id)
            .is_some_and(|relation| relation.members.remove(unit))
    }

    /// Makes `unit` the leader of its application.
    pub fn set_leader(&mut self, unit: &str) {
        self.applications
            .entry(app_of(unit).to_owned())
            .or_default()
            .leader = Some(unit.to_owned());
    }

    /// Adds relation `id` between `(app, endpoint)` pairs `a` and `b`.
    pub fn add_relation(&mut self, id: u32, a: (&str, &str), b: (&str, &str)) -> &mut Relation {
        let side = |(app, endpoint): (&str, &str)| RelationEndpoint {
            app: app.to_owned(),
            endpoint: endpoint.to_owned(),
        };
        let relation = self.relations.entry(id).or_default();
        relation.endpoints = vec![side(a), side(b)];
        relation
    }

    /// Adds peer relation `id` of `app` on `endpoint`.
    pub fn add_peer_relation(&mut self, id: u32, app: &str, endpoint: &str) -> &mut Relation {
        let relation = self.relations.entry(id).or_default();
        relation.endpoints = vec![RelationEndpoint {
            app: app.to_owned(),
            endpoint: endpoint.to_owned(),
        }];
        relation
    }

    /// Starts hook `name` on `unit`, with a relation context for relation
    /// hooks. What an earlier hook that was never ended queued is dropped.
    pub fn begin_hook(&mut self, unit: &str, name: &str, relation: Option<HookRelation>) {
        self.begin(HookState::hook(unit, name, relation));
    }

    /// Starts `hook` (a hook, a secret hook or an action); an action gets
    /// the next action id. What an earlier hook that was never ended
    /// queued is dropped.
    pub fn begin(&mut self, mut hook: HookState) {
        self.hooks_begun += 1;
        if let Some(action) = &mut hook.action
            && action.id.is_empty()
        {
            action.id = self.hooks_begun.to_string();
        }
        self.pending = Pending::default();
        self.hook = Some(hook);
    }

    /// Ends the running hook as Juju does: with `success` (exit 0) what it
    /// queued (relation writes, state, ports, secrets) is committed, all or
    /// nothing; otherwise it is discarded. Says what happened, with the
    /// action's record if the hook was an action.
    pub fn end_hook(&mut self, success: bool) -> HookEnd {
        let pending = std::mem::take(&mut self.pending);
        let Some(hook) = self.hook.take() else {
            return HookEnd::default();
        };
        let commit_error = if success {
            self.commit(&hook.unit, pending).err()
        } else {
            None
        };
        HookEnd {
            committed: success && commit_error.is_none(),
            commit_error,
            action: hook.action,
        }
    }

    /// The container `unit` runs in, named by its principal unit: the
    /// unit itself for a principal, its principal for a subordinate.
    pub fn container_of<'a>(&'a self, unit: &'a str) -> &'a str {
        self.units
            .get(unit)
            .and_then(|u| u.principal.as_deref())
            .unwrap_or(unit)
    }

    /// Whether `unit` may see `other` in relation `relation`: always in a
    /// global relation, only within one container in a container-scoped
    /// one.
    pub fn sees(&self, relation: &Relation, unit: &str, other: &str) -> bool {
        !relation.container || self.container_of(unit) == self.container_of(other)
    }

    /// Whether `unit` leads its application.
    pub fn is_leader(&self, unit: &str) -> bool {
        self.applications
            .get(app_of(unit))
            .and_then(|a| a.leader.as_deref())
            == Some(unit)
    }

    /// How many tool calls ran `tool`.
    pub fn count_calls(&self, tool: &str) -> usize {
        self.calls.iter().filter(|c| c.tool == tool).count()
    }

    /// The environment Juju 3.6 (or 4.0, by [`Self::juju_version`]) gives
    /// the running hook's process, with `charm_dir` as `JUJU_CHARM_DIR`;
    /// empty when no hook runs.
    ///
    /// Every hook: `CHARM_DIR`, `JUJU_CHARM_DIR`, `JUJU_CONTEXT_ID`,
    /// `JUJU_HOOK_NAME` (empty for an action), `JUJU_DISPATCH_PATH`
    /// (`hooks/<hook>` or `actions/<action>`), `JUJU_UNIT_NAME`,
    /// `JUJU_MODEL_NAME`, `JUJU_MODEL_UUID`, `JUJU_VERSION`,
    /// `JUJU_MACHINE_ID`, `JUJU_AVAILABILITY_ZONE` (when the unit has one),
    /// `JUJU_PRINCIPAL_UNIT`, `JUJU_AGENT_SOCKET_ADDRESS` and
    /// `_NETWORK`, `JUJU_API_ADDRESSES`, `CLOUD_API_VERSION`, the empty
    /// `JUJU_CHARM_*_PROXY` variables, and `JUJU_SLA` before Juju 4.
    /// Relation hooks add `JUJU_RELATION`, `JUJU_RELATION_ID`
    /// (`endpoint:id`), `JUJU_REMOTE_UNIT`, `JUJU_REMOTE_APP` and, in
    /// `-departed`, `JUJU_DEPARTING_UNIT`; secret hooks `JUJU_SECRET_ID`,
    /// `JUJU_SECRET_LABEL` and, for `secret-remove` and `secret-expired`,
    /// `JUJU_SECRET_REVISION`; actions `JUJU_ACTION_NAME`,
    /// `JUJU_ACTION_UUID` and `JUJU_ACTION_TAG`.
    pub fn hook_env(&self, charm_dir: &str) -> Vec<(String, String)> {
        match &self.hook {
            Some(hook) => env::hook_env(self, hook, charm_dir),
            None => Vec::new(),
        }
    }
}

/// What ending a hook did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HookEnd {
    /// Whether what it queued was committed.
    pub committed: bool,
    /// Why the commit failed, when the hook succeeded but its changes
    /// could not be applied (Juju then fails the hook).
    pub commit_error: Option<String>,
    /// The action, if the hook was one: its results, log and
    /// `action-fail` message.
    pub action: Option<RunningAction>,
}
