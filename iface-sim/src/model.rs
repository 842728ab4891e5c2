//! The deployment the fake hook tools serve, as one serde value.
//!
//! A [`Deployment`] serialises to the JSON state file the
//! `iface-fake-tools` executable reads and writes (see the crate docs for
//! its shape); [`InMemoryTools`](crate::InMemoryTools) works on the same
//! value in-process.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A relation bag: key to value, both strings, as Juju stores them.
pub type Bag = BTreeMap<String, String>;

/// A model of a Juju deployment, plus the hook that runs in it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Deployment {
    /// The model name (`JUJU_MODEL_NAME`).
    pub model: String,
    /// Applications by name.
    pub applications: BTreeMap<String, Application>,
    /// Units by name (`app/N`); a unit's application is the part before `/`.
    pub units: BTreeMap<String, Unit>,
    /// Relations by number.
    pub relations: BTreeMap<u32, Relation>,
    /// The hook that runs now, if any; the tools act for its unit.
    pub hook: Option<HookState>,
    /// The running hook's buffered `relation-set` writes.
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

/// The hook that runs now.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HookState {
    /// The unit running it.
    pub unit: String,
    /// The hook name, e.g. `website-relation-changed`.
    pub name: String,
    /// For relation hooks: the relation and remote side.
    pub relation: Option<HookRelation>,
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

/// `relation-set` writes of the running hook, applied to the bags only when
/// the hook succeeds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Pending {
    /// By relation number.
    pub relations: BTreeMap<u32, PendingBags>,
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

/// The application part of a unit name (`app` of `app/N`).
pub fn app_of(unit: &str) -> &str {
    unit.split_once('/').map_or(unit, |(app, _)| app)
}

/// Applies `changes` to `bag`: `None` deletes a key.
fn apply(bag: &mut Bag, changes: BTreeMap<String, Option<String>>) {
    for (key, value) in changes {
        match value {
            Some(value) => bag.insert(key, value),
            None => bag.remove(&key),
        };
    }
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
        let unit = self.units.entry(name.to_owned()).or_default();
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
    /// hooks. Pending writes of an earlier hook that was never ended are
    /// dropped.
    pub fn begin_hook(&mut self, unit: &str, name: &str, relation: Option<HookRelation>) {
        self.pending = Pending::default();
        self.hook = Some(HookState {
            unit: unit.to_owned(),
            name: name.to_owned(),
            relation,
        });
    }

    /// Ends the running hook as Juju does: with `success` (exit 0) its
    /// pending `relation-set` writes are committed to the bags, otherwise
    /// they are discarded.
    pub fn end_hook(&mut self, success: bool) {
        let pending = std::mem::take(&mut self.pending);
        let hook = self.hook.take();
        if !success {
            return;
        }
        let Some(hook) = hook else { return };
        let app = app_of(&hook.unit).to_owned();
        for (id, bags) in pending.relations {
            let Some(relation) = self.relations.get_mut(&id) else {
                continue;
            };
            if !bags.unit.is_empty() {
                apply(
                    relation.unit_data.entry(hook.unit.clone()).or_default(),
                    bags.unit,
                );
            }
            if !bags.app.is_empty() {
                apply(relation.app_data.entry(app.clone()).or_default(), bags.app);
            }
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

    /// The environment Juju would give the running hook's process
    /// (`JUJU_UNIT_NAME`, `JUJU_DISPATCH_PATH`, relation variables, ...),
    /// with `charm_dir` as `JUJU_CHARM_DIR`; empty when no hook runs.
    pub fn hook_env(&self, charm_dir: &str) -> Vec<(String, String)> {
        let Some(hook) = &self.hook else {
            return Vec::new();
        };
        let mut env = vec![
            ("JUJU_UNIT_NAME", hook.unit.clone()),
            ("JUJU_HOOK_NAME", hook.name.clone()),
            ("JUJU_DISPATCH_PATH", format!("hooks/{}", hook.name)),
            ("JUJU_CHARM_DIR", charm_dir.to_owned()),
            ("CHARM_DIR", charm_dir.to_owned()),
            ("JUJU_MODEL_NAME", self.model.clone()),
            ("JUJU_CONTEXT_ID", format!("{}-{}", hook.unit, hook.name)),
            // Juju sets it for every hook: empty for a principal unit.
            (
                "JUJU_PRINCIPAL_UNIT",
                self.units
                    .get(&hook.unit)
                    .and_then(|u| u.principal.clone())
                    .unwrap_or_default(),
            ),
        ];
        if let Some(rel) = &hook.relation
            && let Some(side) = self
                .relations
                .get(&rel.id)
                .and_then(|r| r.side(app_of(&hook.unit)))
        {
            env.extend([
                ("JUJU_RELATION", side.endpoint.clone()),
                ("JUJU_RELATION_ID", format!("{}:{}", side.endpoint, rel.id)),
                (
                    "JUJU_REMOTE_UNIT",
                    rel.remote_unit.clone().unwrap_or_default(),
                ),
                (
                    "JUJU_REMOTE_APP",
                    rel.remote_app.clone().unwrap_or_default(),
                ),
            ]);
            if let Some(departing) = &rel.departing_unit {
                env.push(("JUJU_DEPARTING_UNIT", departing.clone()));
            }
        }
        env.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
    }
}
