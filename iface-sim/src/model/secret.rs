//! Juju secrets as the model holds them: owner, revisions and their
//! content, labels, grants, and what each consumer unit tracks.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A secret's content: key to value, each value base64-encoded as Juju
/// stores it.
pub type SecretContent = BTreeMap<String, String>;

/// Who owns a secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SecretOwner {
    /// The application: managed by its leader, readable by all its units.
    Application(String),
    /// One unit, which alone manages and reads it as owner.
    Unit(String),
}

impl SecretOwner {
    /// `application` or `unit`, as `secret-info-get` prints it.
    pub fn kind(&self) -> &'static str {
        match self {
            SecretOwner::Application(_) => "application",
            SecretOwner::Unit(_) => "unit",
        }
    }
}

impl Default for SecretOwner {
    fn default() -> Self {
        SecretOwner::Application(String::new())
    }
}

/// A grant of `view` access over a relation.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(default)]
pub struct SecretGrant {
    /// The relation the grant goes with: it ends when the relation does.
    pub relation: u32,
    /// The relation's remote application, or one of its units.
    pub target: String,
}

/// What one consumer unit knows of a secret.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SecretConsumer {
    /// The revision it reads until it asks for `--refresh`.
    pub revision: u32,
    /// Its own label for the secret (`secret-get ID --label L`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// A secret.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Secret {
    /// Its owner.
    pub owner: SecretOwner,
    /// The owner's label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// `--description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `--rotate` policy; `None` is Juju's `never`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rotate: Option<String>,
    /// `--expire`, as an RFC 3339 time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expire: Option<String>,
    /// Every revision that exists, by number (from 1), with its content.
    pub revisions: BTreeMap<u32, SecretContent>,
    /// View grants.
    pub grants: Vec<SecretGrant>,
    /// Consumer units by name.
    pub consumers: BTreeMap<String, SecretConsumer>,
}

impl Secret {
    /// The latest revision (0 when every revision was removed).
    pub fn latest(&self) -> u32 {
        self.revisions.keys().next_back().copied().unwrap_or(0)
    }

    /// The value of `key` in `revision`, decoded from the base64 Juju keeps
    /// it in; `None` when either is missing or the value is not UTF-8.
    pub fn value(&self, revision: u32, key: &str) -> Option<String> {
        let encoded = self.revisions.get(&revision)?.get(key)?;
        String::from_utf8(crate::commands::base64::decode(encoded)?).ok()
    }

    /// The owner application: the owner itself, or the owner unit's.
    pub fn owner_app(&self) -> &str {
        match &self.owner {
            SecretOwner::Application(app) => app,
            SecretOwner::Unit(unit) => super::app_of(unit),
        }
    }
}

/// A secret change a hook queued, applied only if the hook succeeds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SecretChange {
    /// `secret-add`: the new secret, revision 1.
    Create {
        /// Its bare id.
        id: String,
        /// The secret as created.
        secret: Secret,
    },
    /// `secret-set`: new content (a new revision when it differs) and
    /// metadata.
    Update {
        /// The bare id.
        id: String,
        /// New content, if given.
        content: Option<SecretContent>,
        /// New owner label.
        label: Option<String>,
        /// New description.
        description: Option<String>,
        /// New rotate policy.
        rotate: Option<String>,
        /// New expiry.
        expire: Option<String>,
    },
    /// `secret-remove`: one revision, or all (`None`).
    Remove {
        /// The bare id.
        id: String,
        /// The revision.
        revision: Option<u32>,
    },
    /// `secret-grant`.
    Grant {
        /// The bare id.
        id: String,
        /// The grant.
        grant: SecretGrant,
    },
    /// `secret-revoke`: the grants of `target` (over `relation`, if
    /// given).
    Revoke {
        /// The bare id.
        id: String,
        /// The relation, if named.
        relation: Option<u32>,
        /// The application or unit.
        target: String,
    },
    /// `secret-get --refresh`: the hook's unit tracks `revision` from now
    /// on.
    Track {
        /// The bare id.
        id: String,
        /// The revision.
        revision: u32,
    },
}

impl SecretChange {
    /// The id of the secret it changes.
    pub fn id(&self) -> &str {
        match self {
            SecretChange::Create { id, .. }
            | SecretChange::Update { id, .. }
            | SecretChange::Remove { id, .. }
            | SecretChange::Grant { id, .. }
            | SecretChange::Revoke { id, .. }
            | SecretChange::Track { id, .. } => id,
        }
    }
}

/// The secret a `secret-*` hook is about.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HookSecret {
    /// `JUJU_SECRET_ID`: `secret:<id>`.
    pub id: String,
    /// `JUJU_SECRET_LABEL`: the consumer's label, else the owner's, else
    /// empty.
    pub label: String,
    /// `JUJU_SECRET_REVISION`, for `secret-remove` and `secret-expired`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revision: Option<u32>,
}
