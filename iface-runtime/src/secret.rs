//! Juju secret URIs, parsed once.
//!
//! A secret is named by a URI: `secret:<id>` (`secret-add` and relation
//! data as Juju 3.0 wrote them), or `secret://<model-uuid>/<id>` (what
//! `secret-add` prints today), where the id is Juju's 20-character xid in
//! lowercase base32hex; as Juju does, a bare id is read as `secret:<id>`. A [`SecretUri`] holds a valid one, so relation data
//! or a config option that should name a secret is checked on read, and the
//! text never reaches a hook tool unchecked.

use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How long a secret id is.
const ID_LEN: usize = 20;

/// A Juju secret URI.
///
/// ```
/// use iface_runtime::secret::SecretUri;
/// let uri: SecretUri = "secret://9a7c1e8a-2f3d-4b5c-8d9e-0f1a2b3c4d5e/cs7hl4bvdddc7ubfcm7g".parse().unwrap();
/// assert_eq!(uri.id(), "cs7hl4bvdddc7ubfcm7g");
/// assert_eq!(uri.model(), Some("9a7c1e8a-2f3d-4b5c-8d9e-0f1a2b3c4d5e"));
/// assert!("secret:not-an-id".parse::<SecretUri>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SecretUri {
    model: Option<String>,
    id: String,
}

impl SecretUri {
    /// The secret's id, the last 20 characters.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The UUID of the model that owns it, when the URI names one.
    pub fn model(&self) -> Option<&str> {
        self.model.as_deref()
    }
}

/// A string that is not a secret URI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretUriError {
    /// The string.
    pub input: String,
}

impl fmt::Display for SecretUriError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} is not a secret URI: expected secret:<id> or secret://<model-uuid>/<id>, with a 20-character id",
            crate::data::quote(&self.input)
        )
    }
}

impl std::error::Error for SecretUriError {}

fn is_id(id: &str) -> bool {
    id.len() == ID_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'v').contains(&b))
}

fn is_model_uuid(uuid: &str) -> bool {
    !uuid.is_empty()
        && uuid
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase() || b == b'-')
}

impl FromStr for SecretUri {
    type Err = SecretUriError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || SecretUriError {
            input: s.to_owned(),
        };
        let (model, id) = if let Some(rest) = s.strip_prefix("secret://") {
            let (model, id) = rest.split_once('/').ok_or_else(bad)?;
            if !is_model_uuid(model) {
                return Err(bad());
            }
            (Some(model.to_owned()), id)
        } else {
            // Juju takes a bare id as a `secret:` URI.
            (None, s.strip_prefix("secret:").unwrap_or(s))
        };
        if !is_id(id) {
            return Err(bad());
        }
        Ok(SecretUri {
            model,
            id: id.to_owned(),
        })
    }
}

impl fmt::Display for SecretUri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.model {
            Some(model) => write!(f, "secret://{model}/{}", self.id),
            None => write!(f, "secret:{}", self.id),
        }
    }
}

impl Serialize for SecretUri {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for SecretUri {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}
