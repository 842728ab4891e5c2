//! One copy of the whole `kv` table, read once per hook: the rows sorted by
//! key, so a key is a binary search and a prefix a contiguous run.
//!
//! A sorted vector rather than a map: a requirer with 10,000 remote units
//! has 20,000 rows whose keys share long prefixes, and one sort of them
//! costs a fraction of 20,000 map insertions.

use super::Changes;
use super::database::Cell;

/// The rows of `kv`, sorted by key.
#[derive(Debug, Default)]
pub(super) struct Snapshot {
    rows: Vec<(String, Cell)>,
}

impl Snapshot {
    /// The rows in any order; duplicate keys cannot occur (the key is the
    /// primary key).
    pub(super) fn from_rows(mut rows: Vec<(String, Cell)>) -> Snapshot {
        rows.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Snapshot { rows }
    }

    fn position(&self, key: &str) -> Result<usize, usize> {
        self.rows.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    /// The cell of `key`.
    pub(super) fn get(&self, key: &str) -> Option<&Cell> {
        self.position(key).ok().map(|i| &self.rows[i].1)
    }

    /// The rows whose key starts with `prefix`, in key order.
    pub(super) fn prefix<'a>(
        &'a self,
        prefix: &'a str,
    ) -> impl Iterator<Item = (&'a str, &'a Cell)> + 'a {
        let start = self.rows.partition_point(|(k, _)| k.as_str() < prefix);
        self.rows[start..]
            .iter()
            .take_while(move |(k, _)| k.starts_with(prefix))
            .map(|(k, cell)| (k.as_str(), cell))
    }

    /// Applies committed `changes`, so later reads see them.
    pub(super) fn apply(&mut self, changes: &Changes) {
        for (key, data) in changes {
            match (self.position(key), data) {
                (Ok(i), Some(data)) => self.rows[i].1 = Cell::Text(data.as_bytes().to_vec()),
                (Err(i), Some(data)) => self
                    .rows
                    .insert(i, (key.to_owned(), Cell::Text(data.as_bytes().to_vec()))),
                (Ok(i), None) => {
                    self.rows.remove(i);
                }
                (Err(_), None) => {}
            }
        }
    }
}
