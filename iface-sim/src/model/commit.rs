//! What a successful hook's queued changes do to the model, applied all
//! or nothing as Juju's `CommitHookChanges` does.

use std::collections::BTreeMap;

use super::{
    ALL_ENDPOINTS, Bag, Deployment, Pending, Secret, SecretChange, SecretConsumer, SecretOwner,
    app_of,
};

/// Applies `changes` to `bag`: `None` deletes a key.
pub(super) fn apply(bag: &mut Bag, changes: BTreeMap<String, Option<String>>) {
    for (key, value) in changes {
        match value {
            Some(value) => bag.insert(key, value),
            None => bag.remove(&key),
        };
    }
}

impl Deployment {
    /// Whether `unit` may manage `secret`: it owns it, or leads the owning
    /// application.
    pub fn can_manage(&self, unit: &str, secret: &Secret) -> bool {
        match &secret.owner {
            SecretOwner::Unit(owner) => owner == unit,
            SecretOwner::Application(app) => app == app_of(unit) && self.is_leader(unit),
        }
    }

    /// Commits what the hook of `unit` queued. A secret change the unit
    /// may not make fails the whole commit, which then changes nothing.
    pub(super) fn commit(&mut self, unit: &str, pending: Pending) -> Result<(), String> {
        let mut secrets = self.secrets.clone();
        for change in pending.secrets {
            self.apply_secret(&mut secrets, unit, change)
                .map_err(|why| format!("committing requested changes failed: {why}"))?;
        }
        self.secrets = secrets;

        let app = app_of(unit).to_owned();
        for (id, bags) in pending.relations {
            let Some(relation) = self.relations.get_mut(&id) else {
                continue;
            };
            if !bags.unit.is_empty() {
                apply(
                    relation.unit_data.entry(unit.to_owned()).or_default(),
                    bags.unit,
                );
            }
            if !bags.app.is_empty() {
                apply(relation.app_data.entry(app.clone()).or_default(), bags.app);
            }
        }
        if let Some(record) = self.units.get_mut(unit) {
            apply(&mut record.state, pending.state);
            for change in pending.ports {
                let ranges = record.opened_ports.entry(change.endpoint).or_default();
                if change.open {
                    ranges.insert(change.range);
                } else {
                    ranges.remove(&change.range);
                }
            }
            record.opened_ports.retain(|_, ranges| !ranges.is_empty());
            // A range opened on every endpoint covers each one.
            if let Some(all) = record.opened_ports.get(ALL_ENDPOINTS).cloned() {
                for (endpoint, ranges) in &mut record.opened_ports {
                    if endpoint != ALL_ENDPOINTS {
                        ranges.retain(|r| !all.contains(r));
                    }
                }
                record.opened_ports.retain(|_, ranges| !ranges.is_empty());
            }
        }
        Ok(())
    }

    /// Applies one secret change of `unit`'s hook to `secrets`.
    fn apply_secret(
        &self,
        secrets: &mut BTreeMap<String, Secret>,
        unit: &str,
        change: SecretChange,
    ) -> Result<(), String> {
        let managed = |secrets: &BTreeMap<String, Secret>, id: &str| match secrets.get(id) {
            None => Err(format!("secret \"secret:{id}\" not found")),
            Some(secret) if !self.can_manage(unit, secret) => Err("permission denied".to_owned()),
            Some(_) => Ok(()),
        };
        let clash = |secrets: &BTreeMap<String, Secret>, id: &str, owner: &SecretOwner, label| {
            let taken = secrets.iter().any(|(other, s)| {
                other != id && s.owner == *owner && s.label.as_ref() == Some(label)
            });
            if taken {
                Err(format!("secret with label {label:?} already exists"))
            } else {
                Ok(())
            }
        };
        match change {
            SecretChange::Create { id, secret } => {
                if let Some(label) = &secret.label {
                    clash(secrets, &id, &secret.owner, label)?;
                }
                secrets.insert(id, secret);
            }
            SecretChange::Update {
                id,
                content,
                label,
                description,
                rotate,
                expire,
            } => {
                managed(secrets, &id)?;
                let owner = secrets[&id].owner.clone();
                if let Some(label) = &label {
                    clash(secrets, &id, &owner, label)?;
                }
                let secret = secrets.get_mut(&id).expect("checked above");
                if let Some(content) = content {
                    let latest = secret.latest();
                    if secret.revisions.get(&latest) != Some(&content) {
                        secret.revisions.insert(latest + 1, content);
                    }
                }
                for (field, value) in [
                    (&mut secret.label, label),
                    (&mut secret.description, description),
                    (&mut secret.rotate, rotate),
                    (&mut secret.expire, expire),
                ] {
                    if value.is_some() {
                        *field = value;
                    }
                }
            }
            SecretChange::Remove { id, revision } => {
                managed(secrets, &id)?;
                let secret = secrets.get_mut(&id).expect("checked above");
                match revision {
                    Some(revision) => {
                        secret.revisions.remove(&revision);
                    }
                    None => secret.revisions.clear(),
                }
                if secret.revisions.is_empty() {
                    secrets.remove(&id);
                }
            }
            SecretChange::Grant { id, grant } => {
                managed(secrets, &id)?;
                let secret = secrets.get_mut(&id).expect("checked above");
                if !secret.grants.contains(&grant) {
                    secret.grants.push(grant);
                }
            }
            SecretChange::Revoke {
                id,
                relation,
                target,
            } => {
                managed(secrets, &id)?;
                let secret = secrets.get_mut(&id).expect("checked above");
                secret.grants.retain(|g| {
                    let covered = g.target == target
                        || (!target.contains('/') && app_of(&g.target) == target);
                    !(covered && relation.is_none_or(|r| r == g.relation))
                });
            }
            SecretChange::Track { id, revision } => {
                if let Some(secret) = secrets.get_mut(&id) {
                    secret
                        .consumers
                        .entry(unit.to_owned())
                        .or_insert_with(SecretConsumer::default)
                        .revision = revision;
                }
            }
        }
        Ok(())
    }
}
