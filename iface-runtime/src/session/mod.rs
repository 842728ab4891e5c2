//! One hook's view of the world: its context, the hook tools, the flag
//! store seen through an uncommitted overlay, and the relation data read
//! and written so far.
//!
//! Nothing a hook does is visible outside until [`Session::commit`]: relation
//! writes are sent (Juju itself applies them only if the hook exits 0), then
//! the store overlay is committed in one transaction. Dropping a session
//! without committing, as happens on an error or a panic, loses its changes
//! and writes no relation data.

mod ports;
mod published;
mod relations;

use std::collections::BTreeSet;

use serde::Serialize;
use serde::de::DeserializeOwned;

pub use self::published::PUBLISHED_PREFIX;
use self::published::{Published, plan, plan_unread, published_key, published_prefix};
pub use self::relations::Bag;
use self::relations::Relations;
use iface_model::hook::{RelationEvent, UnitEvent};

use crate::config::{CharmConfig, ConfigValues};
use crate::context::{HookContext, RelationId};
use crate::conversation::state::{ConversationState, FlagValue};
use crate::error::{Error, Result};
use crate::event::Event;
use crate::store::{CONVERSATION_PREFIX, Changes, FLAG_PREFIX, Store, flag_key, flag_name};
use crate::tools::{HookTools, ToolCall, ToolError, ToolErrorKind};
use crate::version::Capability;

/// Where the relation ids of each endpoint are remembered.
pub const RELATION_IDS_PREFIX: &str = "iface.relation-ids.";

/// Set by `install`: this store has seen every relation arrive.
const RELATIONS_TRACKED: &str = "iface.relations-tracked";

/// Where the unit's ingress address on each binding is remembered.
const ADDRESS_PREFIX: &str = "iface.address.";

/// The keys Juju keeps a unit's addresses under in its relation bags.
const INGRESS_ADDRESS: &str = "ingress-address";
const PRIVATE_ADDRESS: &str = "private-address";

/// One hook's state, committed all at once or not at all.
pub struct Session {
    context: HookContext,
    tools: Box<dyn HookTools>,
    store: Store,
    changes: Changes,
    relations: Relations,
    /// Conversations a unit left in this hook; those left with no units
    /// are removed at commit.
    departed: BTreeSet<String>,
    /// Ingress addresses asked for, by binding.
    addresses: std::collections::BTreeMap<String, String>,
    /// `is-leader`, asked at most once per hook.
    leader: Option<bool>,
    /// `config-get`, asked at most once per hook.
    config: Option<ConfigValues>,
    /// `action-get`, asked at most once per action.
    params: Option<crate::action::ParamValues>,
}

impl core::fmt::Debug for Session {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Session")
            .field("context", &self.context)
            .field("store", &self.store.path())
            .field("pending_changes", &self.changes.len())
            .finish_non_exhaustive()
    }
}

impl Session {
    /// A session for the hook `context`, calling `tools` and keeping its
    /// flags in `store`, which it reads once (see [`Store::snapshot_reads`]).
    pub fn new(context: HookContext, tools: Box<dyn HookTools>, mut store: Store) -> Session {
        store.snapshot_reads();
        Session {
            context,
            tools,
            store,
            changes: Changes::new(),
            relations: Relations::default(),
            departed: BTreeSet::new(),
            addresses: std::collections::BTreeMap::new(),
            leader: None,
            config: None,
            params: None,
        }
    }

    /// The hook's context.
    pub fn context(&self) -> &HookContext {
        &self.context
    }

    /// The hook tools, for calls the session does not wrap.
    pub fn tools(&self) -> &dyn HookTools {
        self.tools.as_ref()
    }

    // ---- the unit and its application ----

    /// Whether this unit leads its application: `is-leader`, asked the
    /// first time and remembered for the rest of the hook (Juju guarantees
    /// leadership for the hook's duration once it said yes).
    pub fn is_leader(&mut self) -> Result<bool> {
        if let Some(leader) = self.leader {
            return Ok(leader);
        }
        let leader = self.tools.is_leader()?;
        self.leader = Some(leader);
        Ok(leader)
    }

    /// Fails with [`Error::NotLeader`] naming `action` unless this unit
    /// leads its application.
    pub fn require_leader(&mut self, action: impl FnOnce() -> String) -> Result<()> {
        if self.is_leader()? {
            Ok(())
        } else {
            Err(Error::NotLeader { action: action() })
        }
    }

    /// Fails with [`Error::JujuTooOld`] when the unit agent's Juju
    /// (`JUJU_VERSION`, read once with the context) is older than
    /// `capability` needs; an agent that gave no version is not refused.
    pub fn require(&self, capability: Capability) -> Result<()> {
        match &self.context.juju_version {
            Some(version) if !version.has(capability) => Err(Error::JujuTooOld {
                capability: capability.describe(),
                since: capability.since().to_string(),
                version: version.to_string(),
            }),
            _ => Ok(()),
        }
    }

    /// Every configuration value: `config-get`, asked the first time and
    /// remembered for the rest of the hook.
    pub fn config_values(&mut self) -> Result<&ConfigValues> {
        if self.config.is_none() {
            self.config = Some(self.tools.config_get()?);
        }
        Ok(self.config.get_or_insert_default())
    }

    /// The charm's configuration as `C` (the `Config` type `charm!`
    /// generates from `config.yaml`).
    pub fn config<C: CharmConfig>(&mut self) -> Result<C> {
        C::from_values(self.config_values()?)
    }

    /// Applies an effect that Juju applies at once, whatever becomes of the
    /// hook (`status-set`, `application-version-set`), unless this unit
    /// remembers under `key` that `wanted` is already in place.
    ///
    /// The memory commits with the hook, but the effect does not wait for
    /// the commit. So before acting, a remembered value is forgotten in a
    /// store transaction of its own: a hook that fails, or is killed,
    /// between the effect and its commit leaves no memory behind, and the
    /// next hook that wants the old value again applies it again instead of
    /// trusting a memory Juju no longer agrees with.
    pub fn apply_now<T>(
        &mut self,
        key: &str,
        wanted: &T,
        effect: impl FnOnce(&dyn HookTools) -> Result<()>,
    ) -> Result<()>
    where
        T: Serialize + DeserializeOwned + PartialEq,
    {
        if self.get_lenient::<T>(key)?.flatten().as_ref() == Some(wanted) {
            return Ok(());
        }
        if self.store.get(key)?.is_some() {
            let mut forget = Changes::new();
            forget.unset(key);
            self.store.commit(&forget, None)?;
        }
        effect(self.tools.as_ref())?;
        self.set(key, wanted)
    }

    /// The running action's parameters as `P` (the type `charm!`
    /// generates for the action): `action-get`, asked the first time.
    pub fn action_params<P: crate::action::ActionParams>(&mut self) -> Result<P> {
        let running = self.context.event.action().map(|run| run.name.clone());
        if running.as_deref() != Some(P::ACTION) {
            return Err(Error::msg(format!(
                "the parameters of action `{}` are only there while it runs, not in {}",
                P::ACTION,
                self.context.event
            )));
        }
        if self.params.is_none() {
            self.params = Some(self.tools.action_get()?);
        }
        let values = self.params.get_or_insert_default();
        if P::CLOSED {
            let known: Vec<&str> = P::PARAMS.iter().map(|p| p.name).collect();
            crate::action::no_other_params(values, &known)?;
        }
        P::from_values(values)
    }

    // ---- the store, through the overlay ----

    /// A stored value, as this hook would see it now.
    pub fn get<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>> {
        match self.changes.get_as::<T>(&self.store, key)? {
            Some(decoded) => decoded.map(Some).map_err(|source| Error::StoredValue {
                key: key.to_owned(),
                source,
            }),
            None => Ok(None),
        }
    }

    /// A stored value as this hook would see it now: `Some(None)` when the
    /// key is set but its JSON is not a `T` (a flag set by other code, say).
    pub fn get_lenient<T: DeserializeOwned>(&self, key: &str) -> Result<Option<Option<T>>> {
        Ok(self
            .changes
            .get_as::<T>(&self.store, key)?
            .map(core::result::Result::ok))
    }

    /// Stores `value` under `key` when the hook commits.
    pub fn set(&mut self, key: &str, value: &(impl Serialize + ?Sized)) -> Result<()> {
        self.changes.set(key, value)?;
        Ok(())
    }

    /// Removes `key` when the hook commits.
    pub fn unset(&mut self, key: &str) {
        self.changes.unset(key);
    }

    /// Every key under `prefix` as this hook sees it, values as JSON.
    pub fn prefix(
        &self,
        prefix: &str,
    ) -> Result<std::collections::BTreeMap<String, serde_json::Value>> {
        Ok(self.changes.prefix(&self.store, prefix)?)
    }

    // ---- flags ----

    /// Whether the flag `name` is set.
    pub fn is_flag_set(&self, name: &str) -> Result<bool> {
        Ok(self.changes.contains(&self.store, &flag_key(name))?)
    }

    /// Sets the flag `name` (with a `null` value, as charms.reactive's
    /// `set_flag` does) unless it is already set.
    pub fn set_flag(&mut self, name: &str) -> Result<()> {
        if !self.is_flag_set(name)? {
            self.changes.set(flag_key(name), &())?;
        }
        Ok(())
    }

    /// Clears the flag `name`.
    pub fn clear_flag(&mut self, name: &str) {
        self.changes.unset(flag_key(name));
    }

    /// Every flag that is set, sorted.
    pub fn flags(&self) -> Result<BTreeSet<String>> {
        Ok(self
            .changes
            .keys_with_prefix(&self.store, FLAG_PREFIX)?
            .iter()
            .filter_map(|key| flag_name(key))
            .map(str::to_owned)
            .collect())
    }

    // ---- conversations ----

    /// The stored conversation with `key`, if any.
    pub fn load_conversation(&self, key: &str) -> Result<Option<ConversationState>> {
        self.get(key)
    }

    /// Stores a conversation.
    pub(crate) fn save_conversation(&mut self, state: &ConversationState) -> Result<()> {
        self.set(&state.key(), state)
    }

    /// Stores a conversation a unit just left; if no unit is left when the
    /// hook commits, the conversation is removed.
    pub(crate) fn save_departure(&mut self, state: &ConversationState) -> Result<()> {
        self.save_conversation(state)?;
        self.departed.insert(state.key());
        Ok(())
    }

    /// Every stored conversation whose namespace is `namespace`.
    pub fn conversations_in(&self, namespace: &str) -> Result<Vec<ConversationState>> {
        self.stored_conversations(&format!("{CONVERSATION_PREFIX}{namespace}."), |state| {
            state.namespace == namespace
        })
    }

    /// Every stored conversation of the relation `name` (all its relation
    /// ids, any scope), in key order.
    pub fn conversations_of_relation(&self, name: &str) -> Result<Vec<ConversationState>> {
        self.stored_conversations(&format!("{CONVERSATION_PREFIX}{name}"), |state| {
            state.relation_name() == name
        })
    }

    /// The conversation records under `prefix` that `keep` accepts. Local
    /// data shares the prefix; only conversation records, stored under
    /// their own key, are taken.
    fn stored_conversations(
        &self,
        prefix: &str,
        keep: impl Fn(&ConversationState) -> bool,
    ) -> Result<Vec<ConversationState>> {
        let mut found = Vec::new();
        for key in self.changes.keys_with_prefix(&self.store, prefix)? {
            if let Some(Some(state)) = self.get_lenient::<ConversationState>(&key)?
                && keep(&state)
                && state.key() == key
            {
                found.push(state);
            }
        }
        Ok(found)
    }

    /// The conversations a conversation flag holds, as stored.
    pub fn conversations_of_flag(&self, flag: &str) -> Result<Vec<ConversationState>> {
        // A flag set by other code (a plain flag, null) holds no conversations.
        let Some(Some(value)) = self.get_lenient::<FlagValue>(&flag_key(flag))? else {
            return Ok(Vec::new());
        };
        let keys = value.conversations;
        let mut found = Vec::new();
        for key in keys {
            if let Some(state) = self.load_conversation(&key)? {
                found.push(state);
            }
        }
        Ok(found)
    }

    /// Removes every conversation a unit left in this hook that has no
    /// units left: its record, its local data, and its place in every flag
    /// (clearing flags no conversation holds any more). charms.reactive left
    /// all of these behind.
    fn sweep_empty_conversations(&mut self) -> Result<()> {
        let departed = core::mem::take(&mut self.departed);
        for key in departed {
            let Some(state) = self.load_conversation(&key)? else {
                continue;
            };
            if !state.units.is_empty() {
                continue;
            }
            self.unset(&key);
            for local in self.prefix(&state.local_prefix())?.into_keys() {
                self.unset(&local);
            }
            for (flag_key, value) in self.prefix(FLAG_PREFIX)? {
                let Ok(mut flag) = serde_json::from_value::<FlagValue>(value) else {
                    continue;
                };
                if !flag.conversations.contains(&key) {
                    continue;
                }
                flag.conversations.retain(|k| *k != key);
                if flag.conversations.is_empty() {
                    self.unset(&flag_key);
                } else {
                    self.set(&flag_key, &flag)?;
                }
            }
        }
        Ok(())
    }

    // ---- relations ----

    /// The bag of `unit` in `rel`, read at most once per hook.
    pub fn remote_bag(&mut self, rel: &RelationId, unit: &str) -> Result<&Bag> {
        self.relations
            .remote_bag(self.tools.as_ref(), rel, unit, false)
    }

    /// The application bag of `app` in `rel`, read at most once per hook.
    pub fn remote_app_bag(&mut self, rel: &RelationId, app: &str) -> Result<&Bag> {
        self.relations
            .remote_bag(self.tools.as_ref(), rel, app, true)
    }

    /// The remote application of `rel` (`relation-list --app`), read at
    /// most once per hook; `None` when Juju names none.
    pub fn remote_app_name(&mut self, rel: &RelationId) -> Result<Option<String>> {
        self.relations.remote_app(self.tools.as_ref(), rel)
    }

    /// The remote units of `rel` (`relation-list`), read at most once per hook.
    pub fn members(&mut self, rel: &RelationId) -> Result<Vec<String>> {
        Ok(self.relations.members(self.tools.as_ref(), rel)?.to_vec())
    }

    /// The live relations of `endpoint`, known without a tool call in the
    /// common case.
    ///
    /// A unit runs a hook for every relation it enters (`-created`, Juju
    /// 2.8 and later) and leaves (`-broken`), and none exists before its
    /// first hook (`install`): so the hooks themselves keep the list of each
    /// endpoint in the store (`iface.relation-ids.<endpoint>`), starting
    /// empty for a unit whose store saw its `install`. A store that did not
    /// (created by an older iface, or lost with a Kubernetes pod) asks
    /// `relation-ids` once per endpoint and remembers the answer.
    pub fn relation_ids(&mut self, endpoint: &str) -> Result<Vec<RelationId>> {
        let ids = if let Some(ids) = self.remembered_ids(endpoint)? {
            ids
        } else {
            let ids = self.relations.ids(self.tools.as_ref(), endpoint)?.to_vec();
            let text: Vec<String> = ids.iter().map(ToString::to_string).collect();
            self.set(&format!("{RELATION_IDS_PREFIX}{endpoint}"), &text)?;
            ids
        };
        Ok(self.with_this_hook(endpoint, ids))
    }

    /// The relation ids of `endpoint` as the store remembers them (empty
    /// when none was remembered but every relation was seen arrive), or
    /// `None` when only `relation-ids` can tell.
    fn remembered_ids(&self, endpoint: &str) -> Result<Option<Vec<RelationId>>> {
        let key = format!("{RELATION_IDS_PREFIX}{endpoint}");
        if let Some(ids) = self.get::<Vec<String>>(&key)? {
            return Ok(Some(ids.iter().filter_map(|id| id.parse().ok()).collect()));
        }
        Ok(self
            .get::<bool>(RELATIONS_TRACKED)?
            .unwrap_or(false)
            .then(Vec::new))
    }

    /// `ids` as of the end of this hook: its relation joined unless this is
    /// its `-broken` hook.
    fn with_this_hook(&self, endpoint: &str, mut ids: Vec<RelationId>) -> Vec<RelationId> {
        if let Some(relation) = self.context.relation().filter(|r| r.endpoint == endpoint) {
            if self.is_broken_hook() {
                ids.retain(|id| *id != relation.id);
            } else if !ids.contains(&relation.id) {
                ids.push(relation.id.clone());
                ids.sort();
            }
        }
        ids
    }

    /// Keeps the remembered relation ids of the hook's endpoint current,
    /// whether or not a handler asked for them in this hook; in `install`,
    /// notes that every relation will be seen arrive.
    fn remember_this_relation(&mut self) -> Result<()> {
        if self.context.event == Event::Unit(UnitEvent::Install)
            && self.get::<bool>(RELATIONS_TRACKED)? != Some(true)
        {
            self.set(RELATIONS_TRACKED, &true)?;
        }
        let Some(endpoint) = self.context.relation().map(|r| r.endpoint.clone()) else {
            return Ok(());
        };
        let Some(ids) = self.remembered_ids(&endpoint)? else {
            return Ok(());
        };
        let key = format!("{RELATION_IDS_PREFIX}{endpoint}");
        let before = self.get::<Vec<String>>(&key)?;
        let now: Vec<String> = self
            .with_this_hook(&endpoint, ids)
            .iter()
            .map(ToString::to_string)
            .collect();
        if before.as_ref() != Some(&now) {
            self.set(&key, &now)?;
        }
        Ok(())
    }

    /// Asks for `bag` to be written to this unit's bag in `rel` (or, with
    /// `app`, the application's) when the hook commits.
    pub fn stage(&mut self, rel: &RelationId, app: bool, bag: Bag) {
        self.relations.stage(rel, app, bag);
    }

    /// What this hook has asked to write to `rel` so far.
    pub fn staged(&self, rel: &RelationId, app: bool) -> Option<&Bag> {
        self.relations.staged(rel, app)
    }

    /// This unit's ingress address on `binding` (an endpoint or extra
    /// binding): where units of other applications reach it.
    ///
    /// Remembered in the store once learned (`iface.address.<binding>`),
    /// so a hook that publishes the address needs no tool call for it;
    /// Juju runs `config-changed` whenever the unit's addresses change, so
    /// that hook learns it again. Learned from the unit's own bag where the
    /// hook has read it already (Juju keeps `ingress-address` there), else
    /// from the first of `network-get BINDING`'s `ingress-addresses`; never
    /// from `unit-get`, which knows no bindings.
    pub fn ingress_address(&mut self, binding: &str) -> Result<String> {
        if let Some(address) = self.addresses.get(binding) {
            return Ok(address.clone());
        }
        let key = format!("{ADDRESS_PREFIX}{binding}");
        let remembered = if self.context.event == Event::Unit(UnitEvent::ConfigChanged) {
            None
        } else {
            self.get_lenient::<String>(&key)?.flatten()
        };
        let address = if let Some(address) = remembered.or_else(|| self.address_in_own_bag(binding))
        {
            address
        } else {
            let network = self.tools.network_get(binding, None)?;
            first_ingress_address(binding, &network)?
        };
        if self.get_lenient::<String>(&key)?.flatten().as_ref() != Some(&address) {
            self.set(&key, &address)?;
        }
        self.addresses.insert(binding.to_owned(), address.clone());
        Ok(address)
    }

    /// The unit's address in its own bag on `binding`, if this hook is of
    /// a relation of `binding` and has read that bag already.
    fn address_in_own_bag(&self, binding: &str) -> Option<String> {
        let relation = self.context.relation().filter(|r| r.endpoint == binding)?;
        let bag = self
            .relations
            .cached(&relation.id, &self.context.unit.to_string())?;
        [INGRESS_ADDRESS, PRIVATE_ADDRESS]
            .iter()
            .find_map(|key| bag.get(*key).filter(|address| !address.is_empty()))
            .cloned()
    }

    // ---- the end of the hook ----

    /// Makes the hook's work visible: sends the relation writes (each local
    /// bag once, changed keys only), then commits the store overlay in one
    /// transaction. On error nothing is committed to the store; Juju drops
    /// the relation writes of a hook that exits non-zero.
    pub fn commit(mut self) -> Result<()> {
        self.sweep_empty_conversations()?;
        self.remember_this_relation()?;
        self.forget_broken_relation()?;
        self.send_relation_writes()?;
        self.store.commit(&self.changes, None)?;
        Ok(())
    }

    /// Sends each staged bag in one `relation-set`, with only the keys whose
    /// value differs from the bag as it is: read in this hook, else taken
    /// from a confirmed memory of what this unit published, else read now
    /// (see [`published`]).
    fn send_relation_writes(&mut self) -> Result<()> {
        let unit = self.context.unit.to_string();
        let app = self.context.app().to_owned();
        // Confirmations that saved no read: kept only if the hook commits
        // anyway, so that confirming alone never costs a store commit.
        let mut optional = Vec::new();
        let occurrence = self.context.event.occurrence();
        for ((rel, to_app), staged) in self.relations.take_staged() {
            let target = if to_app { &app } else { &unit };
            let key = published_key(&rel, to_app);
            let previous = self.get_lenient::<Published>(&key)?.flatten();
            let cached = self.relations.cached(&rel, target).cloned();
            let read_anyway = cached.is_some();
            let trusted = cached.is_none()
                && previous
                    .as_ref()
                    .is_some_and(|memory| memory.trusted_in(occurrence.as_deref()));
            let mut plan = match (cached, &previous) {
                (Some(read), _) => plan(&staged, &read),
                (None, Some(memory)) if trusted => plan(&staged, &memory.bag),
                (None, Some(_)) => {
                    let read = self
                        .relations
                        .remote_bag(self.tools.as_ref(), &rel, target, to_app)?
                        .clone();
                    plan(&staged, &read)
                }
                // A bag this unit never wrote holds Juju's keys at most:
                // nothing to read, everything staged to send.
                (None, None) => plan_unread(&staged),
            };
            if !plan.delta.is_empty() {
                self.tools.relation_set(&rel, to_app, &plan.delta)?;
                plan.memory.by.clone_from(&occurrence);
            }
            if previous.as_ref() == Some(&plan.memory) {
                continue;
            }
            let only_confirms = previous.is_some_and(|p| p.bag == plan.memory.bag);
            if only_confirms && (read_anyway || trusted) {
                // The bag was read for something else (the unit's address),
                // or the memory trusted: later hooks confirm it again for
                // free.
                optional.push((key, plan.memory));
            } else {
                self.set(&key, &plan.memory)?;
            }
        }
        if !self.changes.is_empty() {
            for (key, memory) in optional {
                self.set(&key, &memory)?;
            }
        }
        Ok(())
    }

    /// Whether this hook is a relation's `-broken`.
    fn is_broken_hook(&self) -> bool {
        self.context.event.is_relation(RelationEvent::Broken)
    }

    /// In a relation's `-broken` hook, forgets what this unit published in
    /// it: the relation is gone, and its id is never used again.
    fn forget_broken_relation(&mut self) -> Result<()> {
        let Some(relation) = self.context.relation() else {
            return Ok(());
        };
        if self.is_broken_hook() {
            let prefix = published_prefix(&relation.id);
            for key in self.changes.keys_with_prefix(&self.store, &prefix)? {
                self.unset(&key);
            }
        }
        Ok(())
    }
}

/// The first ingress address in `network-get BINDING` output, or a typed
/// error quoting the output when it has none.
fn first_ingress_address(binding: &str, network: &serde_json::Value) -> Result<String> {
    let found = network
        .get("ingress-addresses")
        .and_then(serde_json::Value::as_array)
        .and_then(|addresses| addresses.first())
        .and_then(serde_json::Value::as_str)
        .filter(|address| !address.is_empty());
    if let Some(address) = found {
        return Ok(address.to_owned());
    }
    let call = ToolCall::network_get(binding, None)?;
    Err(ToolError::new(
        call.tool,
        call.args,
        ToolErrorKind::BadOutput {
            stdout: network.to_string(),
            reason: "it names no ingress address".to_owned(),
        },
    )
    .into())
}
