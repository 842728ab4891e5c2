//! What a hook reads from and writes to relations, through the hook tools:
//! each bag read at most once, and the writes staged until the hook
//! commits (see [`super::published`] for how they are sent).

use std::collections::BTreeMap;

use crate::context::RelationId;
use crate::error::Result;
use crate::tools::HookTools;

/// A relation bag: keys to string values.
pub type Bag = BTreeMap<String, String>;

/// The relation data a hook has seen and the writes it has asked for.
#[derive(Debug, Default)]
pub(crate) struct Relations {
    /// Remote bags read so far, by relation and unit (or application).
    remote: BTreeMap<(RelationId, String), Bag>,
    /// Members of each relation, as `relation-list` gave them.
    members: BTreeMap<RelationId, Vec<String>>,
    /// Live relations of each endpoint, as `relation-ids` gave them.
    ids: BTreeMap<String, Vec<RelationId>>,
    /// The remote application of each relation, as `relation-list --app`
    /// gave it.
    remote_apps: BTreeMap<RelationId, Option<String>>,
    /// Writes asked for, by relation and whether they go to the app bag.
    staged: BTreeMap<(RelationId, bool), Bag>,
}

impl Relations {
    /// The bag of `target` in `rel`, read through the tools on first use.
    pub(crate) fn remote_bag(
        &mut self,
        tools: &dyn HookTools,
        rel: &RelationId,
        target: &str,
        app: bool,
    ) -> Result<&Bag> {
        let key = (rel.clone(), target.to_owned());
        if !self.remote.contains_key(&key) {
            let bag = tools.relation_get(rel, target, app)?;
            self.remote.insert(key.clone(), bag);
        }
        Ok(&self.remote[&key])
    }

    /// The remote units in `rel`, read through the tools on first use.
    pub(crate) fn members(&mut self, tools: &dyn HookTools, rel: &RelationId) -> Result<&[String]> {
        if !self.members.contains_key(rel) {
            let units = tools.relation_list(rel, false)?;
            self.members.insert(rel.clone(), units);
        }
        Ok(&self.members[rel])
    }

    /// The remote application of `rel`, read through the tools on first use.
    pub(crate) fn remote_app(
        &mut self,
        tools: &dyn HookTools,
        rel: &RelationId,
    ) -> Result<Option<String>> {
        if !self.remote_apps.contains_key(rel) {
            let app = tools.relation_list(rel, true)?.into_iter().next();
            self.remote_apps.insert(rel.clone(), app);
        }
        Ok(self.remote_apps[rel].clone())
    }

    /// The live relations of `endpoint`, read through the tools on first use.
    pub(crate) fn ids(&mut self, tools: &dyn HookTools, endpoint: &str) -> Result<&[RelationId]> {
        if !self.ids.contains_key(endpoint) {
            let ids = tools.relation_ids(endpoint)?;
            self.ids.insert(endpoint.to_owned(), ids);
        }
        Ok(&self.ids[endpoint])
    }

    /// Asks for `bag` to be written to this unit's (or, with `app`, this
    /// application's) bag in `rel` when the hook succeeds. Later writes of
    /// a key win; an empty value deletes the key.
    pub(crate) fn stage(&mut self, rel: &RelationId, app: bool, bag: Bag) {
        self.staged
            .entry((rel.clone(), app))
            .or_default()
            .extend(bag);
    }

    /// What this hook has asked to write to `rel` so far.
    pub(crate) fn staged(&self, rel: &RelationId, app: bool) -> Option<&Bag> {
        self.staged.get(&(rel.clone(), app))
    }

    /// The bag of `target` in `rel` if this hook has read it.
    pub(crate) fn cached(&self, rel: &RelationId, target: &str) -> Option<&Bag> {
        self.remote.get(&(rel.clone(), target.to_owned()))
    }

    /// Every staged write, by relation and whether it goes to the app bag,
    /// taken out to be sent.
    pub(crate) fn take_staged(&mut self) -> BTreeMap<(RelationId, bool), Bag> {
        core::mem::take(&mut self.staged)
    }
}
