//! One unit's agent: the hooks it still owes itself, and its own view of
//! each relation (which remote units it has seen join, which bag versions
//! it has seen), from which the relation hooks it is due follow as in
//! Juju's uniter.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::events::Event;
use super::world::World;

/// A unit's view of one relation.
#[derive(Debug, Clone, Default)]
pub struct RelationView {
    /// Its `-created` hook ran.
    pub created: bool,
    /// Remote units it ran `-joined` for and not yet `-departed`, with the
    /// version of their bag it last saw.
    pub known: BTreeMap<String, u64>,
    /// The version of the remote application bag it last saw.
    pub app_seen: u64,
    /// After `-joined` for this unit, its `-changed` comes next within
    /// the relation.
    pub changed_pending: Option<String>,
}

/// A hook that failed and is retried before anything else of the unit.
#[derive(Debug, Clone)]
pub struct Failed {
    /// The hook.
    pub event: Event,
    /// How often it ran and failed.
    pub attempts: u32,
    /// The last error.
    pub error: String,
}

/// A unit as its agent sees it. (Its flags are independent facts Juju's
/// uniter also keeps separately, hence more than three bools.)
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone)]
pub struct Agent {
    /// Unit hooks still to run, in order (`install`, ..., `stop`,
    /// `remove`).
    pub queue: VecDeque<&'static str>,
    /// `install` ran.
    pub installed: bool,
    /// `start` ran: relation hooks other than `-created` may run.
    pub started: bool,
    /// The unit is being removed.
    pub dying: bool,
    /// Its view of each relation it is in.
    pub relations: BTreeMap<u32, RelationView>,
    /// The failed hook it retries next.
    pub failed: Option<Failed>,
    /// It gave up on a hook; no more hooks run on it.
    pub in_error: bool,
    /// The latest revision of each consumed secret it ran
    /// `secret-changed` for.
    pub secrets_seen: BTreeMap<String, u32>,
}

impl Agent {
    /// A new unit: `install`, then leadership (`leader-elected` on the
    /// leader; `leader-settings-changed` on the others where Juju still has
    /// leader settings, nothing on Juju 4), `config-changed`, `start`.
    pub fn new(leader: bool, leader_settings: bool) -> Agent {
        let leadership = match (leader, leader_settings) {
            (true, _) => Some("leader-elected"),
            (false, true) => Some("leader-settings-changed"),
            (false, false) => None,
        };
        let queue = ["install"]
            .into_iter()
            .chain(leadership)
            .chain(["config-changed", "start"])
            .collect();
        Agent {
            queue,
            installed: false,
            started: false,
            dying: false,
            relations: BTreeMap::new(),
            failed: None,
            in_error: false,
            secrets_seen: BTreeMap::new(),
        }
    }

    /// Queues unit hook `name` unless it is queued already (Juju runs one
    /// `config-changed` for several changes).
    pub fn queue_hook(&mut self, name: &'static str) {
        if !self.queue.contains(&name) {
            self.queue.push_back(name);
        }
    }

    /// Every hook this unit may legally run next, given `world`.
    ///
    /// Juju's rules: a failed hook is retried before anything else;
    /// `install` first; `-created` of the relations that exist then before
    /// the rest of the start sequence; other relation hooks only after
    /// `start`. Within a relation: `-created` first; after `-joined` for a
    /// unit, its `-changed` before any other hook of that relation;
    /// `-departed` for units that left; `-broken` (never for peers) once
    /// no known unit is left; `-joined` for units in scope not yet known;
    /// `-changed` for known units (or the remote application) whose bag
    /// changed since last seen. Relations and units otherwise interleave
    /// freely. `stop` and `remove` wait until every relation is gone.
    pub fn due(&self, unit: &str, world: &World, out: &mut Vec<Event>) {
        if self.in_error {
            return;
        }
        if let Some(failed) = &self.failed {
            out.push(failed.event.clone());
            return;
        }
        if !self.installed {
            if let Some(&hook) = self.queue.front() {
                out.push(Event::Unit(hook));
            }
            return;
        }
        let uncreated: Vec<u32> = self
            .relations
            .iter()
            .filter(|(_, view)| !view.created)
            .map(|(id, _)| *id)
            .collect();
        out.extend(uncreated.iter().map(|id| Event::Created(*id)));
        if !self.started {
            if uncreated.is_empty()
                && let Some(&hook) = self.queue.front()
            {
                out.push(Event::Unit(hook));
            }
            return;
        }
        if let Some(&hook) = self.queue.front()
            && (!self.dying || self.relations.is_empty())
        {
            out.push(Event::Unit(hook));
        }
        if !self.dying {
            self.due_secrets(unit, world, out);
        }
        for (&id, view) in &self.relations {
            if view.created {
                self.due_in(unit, id, view, world, out);
            }
        }
    }

    /// `secret-changed` for each secret the unit consumes whose latest
    /// revision is newer than the one it tracks (once per revision), and
    /// `secret-remove` for each revision no consumer tracks of a secret it
    /// manages.
    fn due_secrets(&self, unit: &str, world: &World, out: &mut Vec<Event>) {
        for (id, view) in &world.secrets {
            let seen = self.secrets_seen.get(id).copied().unwrap_or(0);
            if view
                .consumers
                .get(unit)
                .is_some_and(|tracked| *tracked < view.latest && seen < view.latest)
            {
                out.push(Event::SecretChanged(id.clone()));
            }
            if view.managers.contains(unit) {
                out.extend(
                    view.obsolete()
                        .filter(|r| !world.removes_sent.contains(&(id.clone(), *r)))
                        .map(|r| Event::SecretRemove(id.clone(), r)),
                );
            }
        }
    }

    fn due_in(
        &self,
        unit: &str,
        id: u32,
        view: &RelationView,
        world: &World,
        out: &mut Vec<Event>,
    ) {
        if let Some(remote) = &view.changed_pending {
            out.push(Event::Changed(id, remote.clone()));
            return;
        }
        let Some(info) = world.relations.get(&id) else {
            return;
        };
        let members = world.remote_members(id, unit, self.dying);
        out.extend(
            view.known
                .keys()
                .filter(|u| !members.contains(*u))
                .map(|u| Event::Departed(id, u.clone())),
        );
        let leaving = self.dying || info.dying;
        if leaving {
            // Peers leave silently (see `Simulation`); others end with -broken.
            if view.known.is_empty() && !info.is_peer() {
                out.push(Event::Broken(id));
            }
            return;
        }
        out.extend(
            members
                .iter()
                .filter(|u| !view.known.contains_key(*u))
                .map(|u| Event::Joined(id, u.clone())),
        );
        out.extend(
            view.known
                .iter()
                .filter(|(u, seen)| members.contains(*u) && world.version(id, u) > **seen)
                .map(|(u, _)| Event::Changed(id, u.clone())),
        );
        let app = info
            .remote_app(crate::model::app_of(unit))
            .unwrap_or_default();
        if world.version(id, app) > view.app_seen {
            out.push(Event::AppChanged(id, app.to_owned()));
        }
    }

    /// Drops views of peer relations this unit is leaving once every peer
    /// departed: Juju runs no `-broken` for peers.
    pub fn forget_left_peers(&mut self, world: &World) {
        let dying = self.dying;
        self.relations.retain(|id, view| {
            let Some(info) = world.relations.get(id) else {
                return false;
            };
            let leaving = dying || info.dying;
            !(leaving && info.is_peer() && view.known.is_empty() && view.changed_pending.is_none())
        });
    }

    /// The remote units the unit sees in relation `id` while it runs
    /// `event` (`relation-list`): those it knows, plus the one joining,
    /// minus the one departing.
    pub fn visible(&self, id: u32, event: &Event) -> BTreeSet<String> {
        let mut units: BTreeSet<String> = self
            .relations
            .get(&id)
            .map(|view| view.known.keys().cloned().collect())
            .unwrap_or_default();
        match event {
            Event::Joined(rel, u) if *rel == id => {
                units.insert(u.clone());
            }
            Event::Departed(rel, u) if *rel == id => {
                units.remove(u);
            }
            _ => {}
        }
        units
    }
}
