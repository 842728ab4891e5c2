//! A hook's pending writes, kept in memory until the hook succeeds.

use std::collections::btree_map;
use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{Store, StoreError, pyjson};

/// Writes a hook has made but not committed: for each key, the JSON text
/// to store (`Some`) or a removal (`None`).
///
/// Reads through [`Changes::get`] and [`Changes::prefix`] see these writes
/// on top of the committed store, so the hook observes its own changes.
/// Nothing reaches the file until [`Store::commit`]; dropping a `Changes`
/// discards it, which is how a failed or killed hook leaves the store as it
/// was.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    overlay: BTreeMap<String, Option<String>>,
}

impl Changes {
    /// No pending writes.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records `key = value`, encoded now as Python's `json.dumps` would so
    /// that an unencodable value fails here, in the handler that set it.
    pub fn set(
        &mut self,
        key: impl Into<String>,
        value: &(impl Serialize + ?Sized),
    ) -> Result<(), StoreError> {
        self.stage(key.into(), pyjson::to_string(value))
    }

    /// Records `key` = the JSON `text`, stored as Python's
    /// `json.dumps(json.loads(text))` would store it, with integers of any
    /// size kept exact (see [`pyjson::reencode`], which also says what is
    /// refused). For JSON that arrives as text, such as the CLI's
    /// `set-flag --value`: going through [`serde_json::Value`] would turn
    /// integers beyond 64 bits into floats.
    pub fn set_json(&mut self, key: impl Into<String>, text: &str) -> Result<(), StoreError> {
        self.stage(key.into(), pyjson::reencode(text))
    }

    /// Records `key` = `encoded`, or fails naming `key`.
    fn stage(
        &mut self,
        key: String,
        encoded: Result<String, serde_json::Error>,
    ) -> Result<(), StoreError> {
        match encoded {
            Ok(text) => {
                self.overlay.insert(key, Some(text));
                Ok(())
            }
            Err(source) => Err(StoreError::Encode { key, source }),
        }
    }

    /// Records the removal of `key`.
    pub fn unset(&mut self, key: impl Into<String>) {
        self.overlay.insert(key.into(), None);
    }

    /// `key`'s value as this hook sees it: the pending write if there is
    /// one, else the committed value.
    pub fn get(&self, store: &Store, key: &str) -> Result<Option<Value>, StoreError> {
        match self.overlay.get(key) {
            Some(pending) => pending
                .as_deref()
                .map(|text| decode_own(store, key, text))
                .transpose(),
            None => store.get(key),
        }
    }

    /// [`Changes::get`] decoded straight into `T` (see [`Store::get_as`]).
    pub fn get_as<T: DeserializeOwned>(
        &self,
        store: &Store,
        key: &str,
    ) -> Result<Option<Result<T, serde_json::Error>>, StoreError> {
        match self.overlay.get(key) {
            Some(Some(text)) => Ok(Some(serde_json::from_str(text))),
            Some(None) => Ok(None),
            None => store.get_as(key),
        }
    }

    /// Whether `key` is set as this hook sees it, without decoding it.
    pub fn contains(&self, store: &Store, key: &str) -> Result<bool, StoreError> {
        match self.overlay.get(key) {
            Some(pending) => Ok(pending.is_some()),
            None => store.contains(key),
        }
    }

    /// Every key starting with `prefix` as this hook sees it, without
    /// decoding values.
    pub fn keys_with_prefix(
        &self,
        store: &Store,
        prefix: &str,
    ) -> Result<BTreeSet<String>, StoreError> {
        let mut keys: BTreeSet<String> = store.keys_with_prefix(prefix)?.into_iter().collect();
        for (key, pending) in self.overlay.range(prefix.to_owned()..) {
            if !key.starts_with(prefix) {
                break;
            }
            if pending.is_some() {
                keys.insert(key.clone());
            } else {
                keys.remove(key);
            }
        }
        Ok(keys)
    }

    /// Every key starting with `prefix` and its value as this hook sees it:
    /// committed keys, overridden or removed by pending writes.
    pub fn prefix(
        &self,
        store: &Store,
        prefix: &str,
    ) -> Result<BTreeMap<String, Value>, StoreError> {
        let mut merged = store.get_prefix(prefix)?;
        for (key, pending) in self.overlay.range(prefix.to_owned()..) {
            if !key.starts_with(prefix) {
                break;
            }
            match pending {
                Some(text) => {
                    merged.insert(key.clone(), decode_own(store, key, text)?);
                }
                None => {
                    merged.remove(key);
                }
            }
        }
        Ok(merged)
    }

    /// Whether there is nothing to commit.
    pub fn is_empty(&self) -> bool {
        self.overlay.is_empty()
    }

    /// How many keys have pending writes.
    pub fn len(&self) -> usize {
        self.overlay.len()
    }

    /// The pending writes in key order: the JSON text to store, or `None`
    /// for a removal.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            inner: self.overlay.iter(),
        }
    }
}

/// Iterator over pending writes, from [`Changes::iter`].
#[derive(Debug, Clone)]
pub struct Iter<'a> {
    inner: btree_map::Iter<'a, String, Option<String>>,
}

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a str, Option<&'a str>);

    fn next(&mut self) -> Option<Self::Item> {
        self.inner
            .next()
            .map(|(key, text)| (key.as_str(), text.as_deref()))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<'a> IntoIterator for &'a Changes {
    type Item = (&'a str, Option<&'a str>);
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// Parses text we encoded ourselves; that cannot fail, but if it did it
/// would be reported like a bad stored value rather than panic.
fn decode_own(store: &Store, key: &str, text: &str) -> Result<Value, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Decode {
        path: store.path().to_owned(),
        key: key.to_owned(),
        reason: e.to_string(),
    })
}
