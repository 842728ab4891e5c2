//! What every unit agrees on: which units are in each relation's scope,
//! which relations are being removed, which container each subordinate
//! unit runs in, and a version per relation bag that goes up whenever the
//! bag changes.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Secret, app_of};

/// A relation as the simulation tracks it.
#[derive(Debug, Clone)]
pub struct RelationInfo {
    /// `(application, endpoint)` per side; one side for a peer relation.
    pub endpoints: Vec<(String, String)>,
    /// Units that entered the relation's scope (after their `-created`)
    /// and have not left it.
    pub scope: BTreeSet<String>,
    /// The relation is being removed.
    pub dying: bool,
    /// Container-scoped: a unit sees only the remote units in its own
    /// container.
    pub container: bool,
}

impl RelationInfo {
    /// Whether this is a peer relation.
    pub fn is_peer(&self) -> bool {
        self.endpoints.len() == 1
    }

    /// The endpoint name of `app` on this relation.
    pub fn endpoint_of(&self, app: &str) -> Option<&str> {
        self.endpoints
            .iter()
            .find(|(a, _)| a == app)
            .map(|(_, endpoint)| endpoint.as_str())
    }

    /// Whether a unit of `app` (in the container of `principal`, for a
    /// subordinate) is in this relation while it lives: every unit of both
    /// sides of a global relation; of a container-scoped one, a
    /// subordinate unit only if the other side is its principal's
    /// application, as Juju's uniter joins it.
    pub fn takes_part(&self, app: &str, principal: Option<&str>) -> bool {
        !self.dying
            && self.endpoint_of(app).is_some()
            && (!self.container
                || principal.is_none_or(|p| self.remote_app(app) == Some(app_of(p))))
    }

    /// The application on the other side from `app` (itself for peers).
    pub fn remote_app(&self, app: &str) -> Option<&str> {
        if self.is_peer() {
            return self.endpoints.first().map(|(a, _)| a.as_str());
        }
        self.endpoints
            .iter()
            .find(|(a, _)| a != app)
            .map(|(a, _)| a.as_str())
    }
}

/// The relations and their bag versions.
#[derive(Debug, Clone, Default)]
pub struct World {
    /// Relations by id, removed ones included.
    pub relations: BTreeMap<u32, RelationInfo>,
    /// Bag versions by relation and unit or application name (application
    /// names have no `/`, so both fit one map); missing is 0.
    pub versions: BTreeMap<(u32, String), u64>,
    /// The principal unit of each subordinate unit, removed ones included
    /// (their container still tells who saw them).
    pub principals: BTreeMap<String, String>,
    /// The secrets, by bare id, as the units' agents learn of them.
    pub secrets: BTreeMap<String, SecretView>,
    /// The `secret-remove` hooks run: (secret id, revision).
    pub removes_sent: BTreeSet<(String, u32)>,
}

/// What agents know of a secret: enough to decide `secret-changed` and
/// `secret-remove`.
#[derive(Debug, Clone, Default)]
pub struct SecretView {
    /// The latest revision.
    pub latest: u32,
    /// Every revision that exists.
    pub revisions: BTreeSet<u32>,
    /// The owner's label.
    pub label: Option<String>,
    /// The revision each consumer unit tracks.
    pub consumers: BTreeMap<String, u32>,
    /// The consumers' own labels.
    pub consumer_labels: BTreeMap<String, String>,
    /// The units that manage it: its owner unit, or the owning
    /// application's leader.
    pub managers: BTreeSet<String>,
}

impl SecretView {
    /// The view of `secret`, managed by `managers`.
    pub fn of(secret: &Secret, managers: BTreeSet<String>) -> SecretView {
        SecretView {
            latest: secret.latest(),
            revisions: secret.revisions.keys().copied().collect(),
            label: secret.label.clone(),
            consumers: secret
                .consumers
                .iter()
                .map(|(unit, c)| (unit.clone(), c.revision))
                .collect(),
            consumer_labels: secret
                .consumers
                .iter()
                .filter_map(|(unit, c)| Some((unit.clone(), c.label.clone()?)))
                .collect(),
            managers,
        }
    }

    /// The revisions older than the latest that no consumer tracks.
    pub fn obsolete(&self) -> impl Iterator<Item = u32> + '_ {
        self.revisions
            .iter()
            .copied()
            .filter(|r| *r < self.latest && !self.consumers.values().any(|c| c == r))
    }
}

impl World {
    /// The version of the bag of `owner` (a unit or application) in `id`.
    pub fn version(&self, id: u32, owner: &str) -> u64 {
        self.versions
            .get(&(id, owner.to_owned()))
            .copied()
            .unwrap_or(0)
    }

    /// Records that the bag of `owner` in `id` changed.
    pub fn bump(&mut self, id: u32, owner: &str) {
        *self.versions.entry((id, owner.to_owned())).or_default() += 1;
    }

    /// The container `unit` runs in, named by its principal unit.
    pub fn container_of<'a>(&'a self, unit: &'a str) -> &'a str {
        self.principals.get(unit).map_or(unit, String::as_str)
    }

    /// The remote units `unit` should know in relation `id` now: the
    /// units of the other side in scope (of its own application, for a
    /// peer relation) and, in a container-scoped relation, in its own
    /// container; none when the relation or `unit` is going away.
    pub fn remote_members(&self, id: u32, unit: &str, unit_dying: bool) -> BTreeSet<String> {
        let Some(info) = self.relations.get(&id) else {
            return BTreeSet::new();
        };
        if info.dying || unit_dying {
            return BTreeSet::new();
        }
        let own = app_of(unit);
        let remote = info.remote_app(own).unwrap_or_default();
        info.scope
            .iter()
            .filter(|u| app_of(u) == remote && u.as_str() != unit)
            .filter(|u| !info.container || self.container_of(u) == self.container_of(unit))
            .cloned()
            .collect()
    }
}
