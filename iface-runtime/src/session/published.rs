//! Each bag this unit writes, as it last read or wrote it, kept in the
//! store so that a hook need not read its own bag back before every write.
//!
//! A bag this unit never wrote is not read at all: it holds Juju's keys at
//! most, so the first write sends every staged key.
//!
//! A provider with 1,000 relations that republishes its settings in every
//! hook would otherwise read 1,000 bags per hook to find that nothing
//! changed. A hook that sends a write remembers it unconfirmed, with the
//! hook's [occurrence](crate::event::Event::occurrence), because Juju
//! keeps the write only if the hook's process then exits 0, which the
//! store cannot know (a kill after the store commit loses the write but
//! keeps the memory). Juju answers it without a tool call: after a failed
//! hook it runs that same hook again, and no other, until it succeeds. So
//! a later hook of another occurrence trusts the memory (the write was
//! kept), and a hook of the same occurrence (the retry, or the same event
//! again) reads the bag back once, and confirms the memory or, finding the
//! write lost, sends it again. An action, which Juju never retries, leaves
//! a memory every later hook reads back. The one case this misses: an
//! operator skipping the failed hook with `juju resolved --no-retry`
//! drops its writes, and a later hook trusts them; the bag is corrected
//! the next time this unit's data changes or a hook reads the bag.
//!
//! A confirmation is stored only when it saved a read or the hook commits
//! anyway: a hook that read the bag for another reason (the unit's address,
//! in a relation hook) or trusted the memory leaves the store untouched.
//!
//! This assumes iface is the only writer of its unit's bags once it has
//! written them (a `relation-set` from elsewhere in the charm is not seen
//! until the bag is next read).

use serde::{Deserialize, Serialize};

use super::relations::Bag;
use crate::context::RelationId;

/// Where the published bags are remembered: `iface.published.<relation
/// id>.unit` and `.app`.
pub const PUBLISHED_PREFIX: &str = "iface.published.";

/// A bag as this unit last read or wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Published {
    /// Every key of the bag and its value (deleted keys absent), Juju's
    /// own (`private-address`, ...) included: a key this unit never
    /// published may still need deleting.
    pub(crate) bag: Bag,
    /// Whether the bag was read back with these values since the last
    /// write, or no write was needed.
    pub(crate) confirmed: bool,
    /// The occurrence of the hook that sent the unconfirmed write (`None`
    /// when confirmed, or sent by an action).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) by: Option<String>,
}

impl Published {
    /// Whether a hook of occurrence `now` may take this memory as the bag:
    /// confirmed, or written by a hook of another occurrence, which Juju
    /// would have run again, and run no `now`, had it failed.
    pub(crate) fn trusted_in(&self, now: Option<&str>) -> bool {
        self.confirmed || matches!((self.by.as_deref(), now), (Some(by), Some(now)) if by != now)
    }
}

/// The store key of the memory of `rel`'s unit bag (or application bag).
pub(crate) fn published_key(rel: &RelationId, app: bool) -> String {
    let bag = if app { "app" } else { "unit" };
    format!("{PUBLISHED_PREFIX}{rel}.{bag}")
}

/// The store key prefix of every memory of `rel`.
pub(crate) fn published_prefix(rel: &RelationId) -> String {
    format!("{PUBLISHED_PREFIX}{rel}.")
}

/// What one staged bag needs: the keys to send and the memory to keep.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Plan {
    /// The keys whose value differs from `current` (an empty value deletes).
    pub(crate) delta: Bag,
    /// The bag as published after the write.
    pub(crate) memory: Published,
}

/// Plans writing `staged` over `current`, the bag as it is (read this hook,
/// or a confirmed memory).
pub(crate) fn plan(staged: &Bag, current: &Bag) -> Plan {
    let delta: Bag = staged
        .iter()
        .filter(|&(key, value)| match current.get(key) {
            Some(now) => now != value,
            None => !value.is_empty(),
        })
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    let mut bag = current.clone();
    for (key, value) in &delta {
        if value.is_empty() {
            bag.remove(key);
        } else {
            bag.insert(key.clone(), value.clone());
        }
    }
    Plan {
        memory: Published {
            bag,
            confirmed: delta.is_empty(),
            by: None,
        },
        delta,
    }
}

/// Plans writing `staged` to a bag this unit has no memory of: it never
/// wrote there (or forgot, with a lost store), so the bag holds Juju's own
/// keys at most. Every staged key is sent, deletions too (deleting a key
/// that is not there changes nothing), and the memory, unconfirmed, is what
/// was sent: the next hook that publishes there reads the bag back once.
pub(crate) fn plan_unread(staged: &Bag) -> Plan {
    Plan {
        delta: staged.clone(),
        memory: Published {
            bag: staged
                .iter()
                .filter(|(_, value)| !value.is_empty())
                .map(|(key, value)| (key.clone(), value.clone()))
                .collect(),
            confirmed: false,
            by: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bag(pairs: &[(&str, &str)]) -> Bag {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn only_changed_keys_are_sent_and_a_write_is_unconfirmed() {
        let current = bag(&[("private-address", "10.0.0.1"), ("port", "80")]);
        let staged = bag(&[("hostname", "10.0.0.1"), ("port", "80")]);
        let plan = plan(&staged, &current);
        assert_eq!(plan.delta, bag(&[("hostname", "10.0.0.1")]));
        assert_eq!(
            plan.memory,
            Published {
                bag: bag(&[
                    ("hostname", "10.0.0.1"),
                    ("port", "80"),
                    ("private-address", "10.0.0.1")
                ]),
                confirmed: false,
                by: None,
            }
        );
    }

    #[test]
    fn nothing_to_send_confirms() {
        let current = bag(&[("hostname", "h"), ("port", "80"), ("private-address", "a")]);
        let plan = plan(&bag(&[("port", "80")]), &current);
        assert!(plan.delta.is_empty());
        assert_eq!(
            plan.memory,
            Published {
                bag: current,
                confirmed: true,
                by: None,
            }
        );
    }

    #[test]
    fn an_unconfirmed_write_is_trusted_only_by_a_hook_juju_runs_after_it_succeeded() {
        let joined = "website-relation-joined website:1 haproxy/0 -";
        let written = Published {
            bag: bag(&[("port", "80")]),
            confirmed: false,
            by: Some(joined.to_owned()),
        };
        // Another hook: Juju ran it, so the writer succeeded.
        assert!(written.trusted_in(Some("website-relation-changed website:1 haproxy/0 -")));
        assert!(written.trusted_in(Some("update-status")));
        // The same hook (Juju's retry), or an action: read back.
        assert!(!written.trusted_in(Some(joined)));
        assert!(!written.trusted_in(None));
        // Written by an action, which Juju never retries: read back.
        let by_action = Published {
            by: None,
            ..written
        };
        assert!(!by_action.trusted_in(Some("update-status")));
    }

    #[test]
    fn a_key_the_unit_never_wrote_can_be_deleted_from_memory_alone() {
        // Left by an earlier version of the charm, say.
        let read = bag(&[("legacy", "x"), ("private-address", "a")]);
        let first = plan(&bag(&[("hostname", "h")]), &read);
        let confirmed = plan(&bag(&[("hostname", "h")]), &first.memory.bag).memory;
        assert!(confirmed.confirmed);
        // A later hook trusts the memory, and still sends the deletion.
        let later = plan(&bag(&[("legacy", "")]), &confirmed.bag);
        assert_eq!(later.delta, bag(&[("legacy", "")]));
        assert!(!later.memory.bag.contains_key("legacy"));
    }

    #[test]
    fn a_lost_write_is_sent_again_and_a_deletion_is_forgotten() {
        // The write never landed: the bag read back lacks it.
        let current = bag(&[("private-address", "a"), ("old", "x")]);
        let staged = bag(&[("hostname", "h"), ("port", ""), ("old", "")]);
        let plan = plan(&staged, &current);
        assert_eq!(plan.delta, bag(&[("hostname", "h"), ("old", "")]));
        assert_eq!(
            plan.memory.bag,
            bag(&[("hostname", "h"), ("private-address", "a")])
        );
        assert!(!plan.memory.confirmed);
    }
}
