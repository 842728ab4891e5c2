//! Conversations: the remote units that share one state (seed 000).
//!
//! An interface's scope decides how remote units are grouped: one
//! conversation for the whole endpoint (GLOBAL), one per remote application
//! (SERVICE), or one per remote unit (UNIT). Conversations are stored and
//! flagged exactly as charms.reactive stores them, so a Python layer can
//! load them with `RelationBase.from_flag`; unlike charms.reactive, a unit
//! that departs leaves every scope's conversation, and a conversation left
//! with no units is removed together with its local data and its flags.

mod membership;
pub mod state;
mod typed;

use std::collections::BTreeSet;

use serde::Serialize;
use serde::de::DeserializeOwned;

pub use self::membership::hook_conversations;
use self::state::{ConversationState, FlagValue};
pub use self::typed::Received;
use crate::context::RelationId;
use crate::data;
use crate::error::{Error, Result};
use crate::flag::RELATION_NAME;
use crate::session::{Bag, Session};
use crate::store::flag_key;

/// A group of remote units that share one state, within one hook.
///
/// Flags set through a conversation hold the conversation (charms.reactive's
/// `set_state`): the flag stays set while any conversation holds it.
#[derive(Debug)]
pub struct Conversation<'s> {
    session: &'s mut Session,
    state: ConversationState,
}

impl<'s> Conversation<'s> {
    /// The conversation `state` within the hook `session`.
    pub fn new(session: &'s mut Session, state: ConversationState) -> Conversation<'s> {
        Conversation { session, state }
    }

    /// The conversation's stored form.
    pub fn state(&self) -> &ConversationState {
        &self.state
    }

    /// The store key, `reactive.conversations.<namespace>.<scope>`.
    pub fn key(&self) -> String {
        self.state.key()
    }

    /// The relation name, e.g. `website`.
    pub fn relation_name(&self) -> &str {
        self.state.relation_name()
    }

    /// The remote units in the conversation. In a `-departed` hook the
    /// departing unit has already left, so this is who remains.
    pub fn units(&self) -> &BTreeSet<String> {
        &self.state.units
    }

    /// The hook session, for what a conversation does not wrap.
    pub fn session(&mut self) -> &mut Session {
        self.session
    }

    /// The relations this conversation speaks over: every relation of the
    /// endpoint for GLOBAL, else its own relation.
    pub fn relation_ids(&mut self) -> Result<Vec<RelationId>> {
        if self.state.is_global() {
            let name = self.state.relation_name().to_owned();
            self.session.relation_ids(&name)
        } else {
            let id = self.state.namespace.parse::<RelationId>().map_err(|e| {
                Error::msg(format!(
                    "conversation {} has a malformed relation id: {e}",
                    self.key()
                ))
            })?;
            Ok(vec![id])
        }
    }

    fn flag_name(&self, flag: &str) -> String {
        flag.replace(RELATION_NAME, self.relation_name())
    }

    fn flag_value(&self, name: &str) -> Result<Option<FlagValue>> {
        // A plain flag (value `null`) set by someone else holds no conversations.
        Ok(self
            .session
            .get_lenient::<FlagValue>(&flag_key(name))?
            .map(|value| {
                value.unwrap_or_else(|| FlagValue {
                    relation: self.relation_name().to_owned(),
                    conversations: Vec::new(),
                })
            }))
    }

    /// Sets the flag (`{relation_name}` replaced by the relation name) and
    /// adds this conversation to it.
    pub fn set_state(&mut self, flag: impl AsRef<str>) -> Result<()> {
        let name = self.flag_name(flag.as_ref());
        let mut value = self.flag_value(&name)?.unwrap_or_else(|| FlagValue {
            relation: self.relation_name().to_owned(),
            conversations: Vec::new(),
        });
        let key = self.key();
        if self.session.load_conversation(&key)?.is_none() {
            self.session.save_conversation(&self.state)?;
        }
        if value.conversations.contains(&key) {
            // Already held: rewriting the list (one key per remote unit)
            // would change nothing.
            return Ok(());
        }
        value.conversations.push(key);
        self.session.set(&flag_key(&name), &value)
    }

    /// Takes this conversation out of the flag, clearing the flag when no
    /// conversation holds it any more.
    pub fn remove_state(&mut self, flag: impl AsRef<str>) -> Result<()> {
        let name = self.flag_name(flag.as_ref());
        let Some(mut value) = self.flag_value(&name)? else {
            return Ok(());
        };
        let key = self.key();
        value.conversations.retain(|k| *k != key);
        if value.conversations.is_empty() {
            self.session.unset(&flag_key(&name));
            Ok(())
        } else {
            self.session.set(&flag_key(&name), &value)
        }
    }

    /// Whether this conversation holds the flag.
    pub fn is_state(&self, flag: impl AsRef<str>) -> Result<bool> {
        let name = self.flag_name(flag.as_ref());
        Ok(self
            .flag_value(&name)?
            .is_some_and(|value| value.conversations.contains(&self.key())))
    }

    /// Sets the flag when `active`, else removes it.
    pub fn toggle_state(&mut self, flag: impl AsRef<str>, active: bool) -> Result<()> {
        if active {
            self.set_state(flag)
        } else {
            self.remove_state(flag)
        }
    }

    /// Publishes `data` (a struct or map; see [`crate::data`] for the
    /// encoding) to every relation of the conversation. Written once, when
    /// the hook commits, and only the keys that changed.
    pub fn set_remote<T: Serialize + ?Sized>(&mut self, data: &T) -> Result<()> {
        let bag = data::to_bag(data)?;
        self.publish(&bag)
    }

    /// Publishes one key; `None` deletes it.
    pub fn set_remote_value<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<()> {
        let bag = Bag::from([(key.to_owned(), data::encode_value(key, value)?)]);
        self.publish(&bag)
    }

    fn publish(&mut self, bag: &Bag) -> Result<()> {
        for rel in self.relation_ids()? {
            self.session.stage(&rel, false, bag.clone());
        }
        Ok(())
    }

    /// Publishes `data` to this application's bag on every relation of
    /// the conversation: data the whole application shares, written by
    /// its leader. On any other unit this is [`Error::NotLeader`], before
    /// any tool runs (Juju would refuse the write). Written once, when the
    /// hook commits, and only the keys that changed.
    pub fn set_remote_app<T: Serialize + ?Sized>(&mut self, data: &T) -> Result<()> {
        let bag = data::to_bag(data)?;
        let rels = self.relation_ids()?;
        let names: Vec<String> = rels.iter().map(ToString::to_string).collect();
        self.session
            .require_leader(|| format!("write the application bag of {}", names.join(", ")))?;
        for rel in rels {
            self.session.stage(&rel, true, bag.clone());
        }
        Ok(())
    }

    /// Lets the remote application of every relation of the conversation
    /// read secret `uri` (`secret-grant`), so its URI can travel in the
    /// relation data.
    pub fn grant_secret(&mut self, uri: &crate::secret::SecretUri) -> Result<()> {
        self.session.require(crate::version::Capability::Secrets)?;
        for rel in self.relation_ids()? {
            self.session.tools().secret_grant(uri, &rel, None)?;
        }
        Ok(())
    }

    /// The remote application of each relation of the conversation (in a
    /// peer relation, this unit's own application): named by the hook for
    /// its own relation, else by a unit of the conversation, else asked
    /// with `relation-list --app`.
    fn remote_apps(&mut self) -> Result<Vec<(RelationId, String)>> {
        let hook = self.session.context().relation().cloned();
        let units = self.readable_units()?;
        let mut apps = Vec::new();
        for rel in self.relation_ids()? {
            let named = hook
                .as_ref()
                .filter(|hook| hook.id == rel)
                .and_then(|hook| hook.remote_app.clone());
            let by_unit = || {
                units
                    .iter()
                    .find(|(r, _)| *r == rel)
                    .and_then(|(_, unit)| unit.split_once('/').map(|(app, _)| app.to_owned()))
            };
            let app = match named.or_else(by_unit) {
                Some(app) => Some(app),
                None => self.session.remote_app_name(&rel)?,
            };
            apps.extend(app.map(|app| (rel, app)));
        }
        Ok(apps)
    }

    /// What the remote application published in its application bag, as
    /// `T`; `Ok(None)` while a key `T` needs has not arrived. With several
    /// relations (a GLOBAL conversation), each key takes the first
    /// non-empty value in relation order. A key that does not parse is
    /// [`Error::Data`] naming the relation, the application and the key.
    pub fn get_remote_app<T: DeserializeOwned>(&mut self) -> Result<Option<T>> {
        let mut merged = Bag::new();
        let mut origin: Vec<(String, RelationId, String)> = Vec::new();
        for (rel, app) in self.remote_apps()? {
            for (key, value) in self.session.remote_app_bag(&rel, &app)? {
                if !value.is_empty() && !merged.contains_key(key) {
                    merged.insert(key.clone(), value.clone());
                    origin.push((key.clone(), rel.clone(), app.clone()));
                }
            }
        }
        decode_merged(&merged, &origin, data::Encoding::Raw)
    }

    /// The remote units this conversation reads from, relation by relation.
    fn readable_units(&mut self) -> Result<Vec<(RelationId, String)>> {
        if !self.state.is_global() {
            // One relation: its members are the conversation's units, kept
            // current by the joins and departures of its hooks.
            let rel = self.relation_ids()?.remove(0);
            return Ok(self
                .state
                .units
                .iter()
                .map(|unit| (rel.clone(), unit.clone()))
                .collect());
        }
        let mut units = Vec::new();
        for rel in self.relation_ids()? {
            for unit in self.session.members(&rel)? {
                if self.state.units.contains(&unit) {
                    units.push((rel.clone(), unit));
                }
            }
        }
        Ok(units)
    }

    /// What the remote side published, as `T`; `Ok(None)` while a key `T`
    /// needs has not arrived yet (seed 001: data arrives over several
    /// hooks). With several units, each key takes the first non-empty value
    /// in relation then unit order, as charms.reactive's `get_remote` did.
    ///
    /// A key that arrived but does not parse is [`Error::Data`], naming the
    /// relation, the unit and the key.
    pub fn get_remote<T: DeserializeOwned>(&mut self) -> Result<Option<T>> {
        let mut merged = Bag::new();
        let mut origin: Vec<(String, RelationId, String)> = Vec::new();
        for (rel, unit) in self.readable_units()? {
            for (key, value) in self.session.remote_bag(&rel, &unit)? {
                if !value.is_empty() && !merged.contains_key(key) {
                    merged.insert(key.clone(), value.clone());
                    origin.push((key.clone(), rel.clone(), unit.clone()));
                }
            }
        }
        decode_merged(&merged, &origin, data::Encoding::Raw)
    }

    /// One published key as `T`: the first non-empty value among the
    /// conversation's units, or `None` if none has sent it yet.
    pub fn get_remote_value<T: DeserializeOwned>(&mut self, key: &str) -> Result<Option<T>> {
        for (rel, unit) in self.readable_units()? {
            let Some(text) = self
                .session
                .remote_bag(&rel, &unit)?
                .get(key)
                .filter(|v| !v.is_empty())
                .cloned()
            else {
                continue;
            };
            return data::decode_value(key, &text)
                .map(Some)
                .map_err(|source| Error::Data {
                    relation: rel,
                    unit,
                    source,
                });
        }
        Ok(None)
    }

    /// Keeps `value` in the flag store under this conversation, for later
    /// hooks (`<conversation key>.local-data.<key>`, as charms.reactive).
    pub fn set_local<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<()> {
        let key = format!("{}{key}", self.state.local_prefix());
        self.session.set(&key, value)
    }

    /// A value kept with [`Conversation::set_local`].
    pub fn get_local<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>> {
        self.session
            .get(&format!("{}{key}", self.state.local_prefix()))
    }

    /// This unit's address for the remote side: its ingress address on
    /// this conversation's relation (see [`Session::ingress_address`]).
    pub fn unit_address(&mut self) -> Result<String> {
        let binding = self.relation_name().to_owned();
        self.session.ingress_address(&binding)
    }
}

/// `merged` (each key with the unit or application it came from, in
/// `origin`), written in `encoding`, as `T`: `None` while a key `T` needs
/// is missing, a typed error naming the writer for a key that does not
/// parse.
fn decode_merged<T: DeserializeOwned>(
    merged: &Bag,
    origin: &[(String, RelationId, String)],
    encoding: data::Encoding,
) -> Result<Option<T>> {
    match encoding.decode::<T>(merged) {
        Ok(value) => Ok(Some(value)),
        Err(error) => match error
            .key()
            .and_then(|key| origin.iter().find(|(k, _, _)| k == key))
        {
            Some((_, relation, unit)) => Err(Error::Data {
                relation: relation.clone(),
                unit: unit.clone(),
                source: error,
            }),
            // The key it names has not arrived: not yet, rather than wrong.
            None => Ok(None),
        },
    }
}
