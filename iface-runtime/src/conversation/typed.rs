//! Typed relation data that knows its bag and encoding: a type declared
//! `#[iface::data(app, json)]` is sent to and read from the application
//! bag, one JSON document per key, with no more said at the call.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::Conversation;
use crate::context::RelationId;
use crate::data::{DecodeError, RelationData};
use crate::error::{Error, Result};
use crate::session::Bag;

/// What one remote unit (or, for an application-bag type, one remote
/// application) sent, decoded on its own: a hostile or broken sender is
/// one `Err` here, not a failed hook for everyone.
#[derive(Debug)]
pub struct Received<T> {
    /// The relation it came over.
    pub relation: RelationId,
    /// The unit, or for an application-bag type the application, that
    /// wrote it.
    pub sender: String,
    /// The value; `Ok(None)` while a key `T` needs has not arrived.
    pub value: std::result::Result<Option<T>, DecodeError>,
}

impl<T> Received<T> {
    /// The same sender's value turned into another.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Received<U> {
        Received {
            relation: self.relation,
            sender: self.sender,
            value: self.value.map(|value| value.map(f)),
        }
    }

    /// The value, or [`Error::Data`] naming relation, sender and key.
    pub fn into_result(self) -> Result<Option<T>> {
        self.value.map_err(|source| Error::Data {
            relation: self.relation,
            unit: self.sender,
            source,
        })
    }
}

impl Conversation<'_> {
    /// Publishes `data` where its type says: this unit's bag, or (for an
    /// `app` type) the application's, which only the leader may write
    /// ([`Error::NotLeader`] otherwise, before any tool runs), encoded as
    /// the type says (raw or JSON per key). Sent to every relation of the
    /// conversation once, when the hook commits, and only the keys that
    /// changed.
    pub fn send<T: Serialize + RelationData>(&mut self, data: &T) -> Result<()> {
        let bag = T::ENCODING.encode(data)?;
        let rels = self.relation_ids()?;
        if T::BAG.is_app() {
            let names: Vec<String> = rels.iter().map(ToString::to_string).collect();
            self.session.require_leader(|| {
                format!(
                    "write `{}` to the application bag of {}",
                    T::NAME,
                    names.join(", ")
                )
            })?;
        }
        for rel in rels {
            self.session.stage(&rel, T::BAG.is_app(), bag.clone());
        }
        Ok(())
    }

    /// What the remote side published as `T`, read from the bag and in the
    /// encoding its type declares: the remote units' bags merged (each key
    /// from the first unit that sent it), or the remote application's bag.
    /// `Ok(None)` while a key `T` needs has not arrived; a key that does
    /// not decode is [`Error::Data`] naming relation, sender and key.
    pub fn receive<T: DeserializeOwned + RelationData>(&mut self) -> Result<Option<T>> {
        let mut merged = Bag::new();
        let mut origin: Vec<(String, RelationId, String)> = Vec::new();
        for (rel, sender) in self.senders::<T>()? {
            for (key, value) in self.sender_bag::<T>(&rel, &sender)? {
                if !value.is_empty() && !merged.contains_key(&key) {
                    merged.insert(key.clone(), value);
                    origin.push((key, rel.clone(), sender.clone()));
                }
            }
        }
        super::decode_merged(&merged, &origin, T::ENCODING)
    }

    /// What each remote unit (or, for an `app` type, each remote
    /// application) published as `T`, each decoded on its own, so that one
    /// sender's bad data is its own [`Received::value`] error and the
    /// others are still served.
    pub fn receive_each<T: DeserializeOwned + RelationData>(&mut self) -> Result<Vec<Received<T>>> {
        let mut received = Vec::new();
        for (relation, sender) in self.senders::<T>()? {
            let bag = self.sender_bag::<T>(&relation, &sender)?;
            let value = match T::ENCODING.decode::<T>(&bag) {
                Ok(value) => Ok(Some(value)),
                Err(error) if error.is_missing() => Ok(None),
                Err(error) => Err(error),
            };
            received.push(Received {
                relation,
                sender,
                value,
            });
        }
        Ok(received)
    }

    /// What this unit (or, for an `app` type, this application, read by
    /// its leader) has published as `T` on each relation of the
    /// conversation, this hook's own writes included: how a leader finds
    /// what an earlier hook, or an earlier leader, answered. Reading the
    /// application bag on any unit but the leader is [`Error::NotLeader`]
    /// (Juju refuses it).
    pub fn published<T: DeserializeOwned + RelationData>(
        &mut self,
    ) -> Result<Vec<(RelationId, Option<T>)>> {
        let rels = self.relation_ids()?;
        let own = if T::BAG.is_app() {
            self.session
                .require_leader(|| format!("read `{}` from its own application bag", T::NAME))?;
            self.session.context().app().to_owned()
        } else {
            self.session.context().unit.to_string()
        };
        let mut published = Vec::new();
        for rel in rels {
            let mut bag = self.sender_bag::<T>(&rel, &own)?;
            if let Some(staged) = self.session.staged(&rel, T::BAG.is_app()) {
                bag.extend(staged.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
            bag.retain(|_, value| !value.is_empty());
            let value = match T::ENCODING.decode::<T>(&bag) {
                Ok(value) => Some(value),
                Err(error) if error.is_missing() => None,
                Err(source) => {
                    return Err(Error::Data {
                        relation: rel,
                        unit: own,
                        source,
                    });
                }
            };
            published.push((rel, value));
        }
        Ok(published)
    }

    /// Who `T` is read from: the conversation's remote units, or the
    /// remote application of each of its relations.
    fn senders<T: RelationData>(&mut self) -> Result<Vec<(RelationId, String)>> {
        if T::BAG.is_app() {
            self.remote_apps()
        } else {
            self.readable_units()
        }
    }

    /// The bag `sender` wrote in `rel`: a unit's, or an application's for an
    /// `app` type.
    fn sender_bag<T: RelationData>(&mut self, rel: &RelationId, sender: &str) -> Result<Bag> {
        Ok(if T::BAG.is_app() {
            self.session.remote_app_bag(rel, sender)?.clone()
        } else {
            self.session.remote_bag(rel, sender)?.clone()
        })
    }
}
