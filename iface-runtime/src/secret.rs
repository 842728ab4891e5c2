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
use std::collections::BTreeMap;

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

/// The most a secret value may hold, as Juju counts it (before encoding).
pub const MAX_VALUE_BYTES: usize = 8 * 1024;

/// The most all of a secret's values may hold together.
pub const MAX_CONTENT_BYTES: usize = 64 * 1024;

/// What a secret holds: keys to values, checked as Juju checks them
/// before any tool runs. Its `Debug` shows the keys only, so content
/// cannot reach a log or an error message by accident.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct SecretContent(BTreeMap<String, String>);

impl fmt::Debug for SecretContent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

/// Content Juju would refuse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretContentError {
    /// No key at all.
    Empty,
    /// A key that is not 3 or more lowercase letters, digits and inner
    /// single hyphens, starting with a letter.
    Key(String),
    /// A value over [`MAX_VALUE_BYTES`] (its key and size).
    ValueTooLarge(String, usize),
    /// All values together over [`MAX_CONTENT_BYTES`].
    TooLarge(usize),
    /// An empty value (Juju refuses one).
    EmptyValue(String),
}

impl fmt::Display for SecretContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("a secret needs at least one key"),
            Self::Key(key) => write!(
                f,
                "secret key {} is not valid: 3 or more lowercase letters, digits and single inner hyphens, starting with a letter",
                crate::data::quote(key)
            ),
            Self::ValueTooLarge(key, size) => write!(
                f,
                "secret value of `{key}` is {size} bytes; Juju takes at most {MAX_VALUE_BYTES}"
            ),
            Self::TooLarge(size) => write!(
                f,
                "secret content is {size} bytes; Juju takes at most {MAX_CONTENT_BYTES}"
            ),
            Self::EmptyValue(key) => write!(f, "secret value of `{key}` is empty"),
        }
    }
}

impl std::error::Error for SecretContentError {}

/// Whether `key` is a secret key Juju accepts: a letter, then at least two
/// lowercase letters or digits, each optionally after one hyphen.
pub fn is_secret_key(key: &str) -> bool {
    let bytes = key.as_bytes();
    let Some((first, rest)) = bytes.split_first() else {
        return false;
    };
    if !first.is_ascii_lowercase() || rest.last() == Some(&b'-') {
        return false;
    }
    let mut parts = 0;
    let mut after_hyphen = false;
    for b in rest {
        match b {
            b'-' if !after_hyphen => after_hyphen = true,
            b if b.is_ascii_lowercase() || b.is_ascii_digit() => {
                parts += 1;
                after_hyphen = false;
            }
            _ => return false,
        }
    }
    parts >= 2
}

impl SecretContent {
    /// Content from key-value pairs, checked.
    pub fn new<K: Into<String>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Result<SecretContent, SecretContentError> {
        let map: BTreeMap<String, String> = pairs
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        if map.is_empty() {
            return Err(SecretContentError::Empty);
        }
        let mut total = 0;
        for (key, value) in &map {
            if !is_secret_key(key) {
                return Err(SecretContentError::Key(key.clone()));
            }
            if value.is_empty() {
                return Err(SecretContentError::EmptyValue(key.clone()));
            }
            if value.len() > MAX_VALUE_BYTES {
                return Err(SecretContentError::ValueTooLarge(key.clone(), value.len()));
            }
            total += value.len();
        }
        if total > MAX_CONTENT_BYTES {
            return Err(SecretContentError::TooLarge(total));
        }
        Ok(SecretContent(map))
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }

    /// Every key and value, by key.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Content as `secret-get` printed it, unchecked (Juju holds it).
    pub(crate) fn from_juju(map: BTreeMap<String, String>) -> SecretContent {
        SecretContent(map)
    }
}

/// Who owns a new secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SecretOwner {
    /// The application: its leader manages it, every unit reads it.
    #[default]
    Application,
    /// The unit that created it.
    Unit,
}

impl SecretOwner {
    /// The spelling `secret-add --owner` takes.
    pub const fn as_str(self) -> &'static str {
        match self {
            SecretOwner::Application => "application",
            SecretOwner::Unit => "unit",
        }
    }
}

/// How often Juju asks the owner to rotate a secret (`secret-rotate`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rotation {
    /// Never.
    Never,
    /// Every hour.
    Hourly,
    /// Every day.
    Daily,
    /// Every week.
    Weekly,
    /// Every month.
    Monthly,
    /// Every quarter.
    Quarterly,
    /// Every year.
    Yearly,
}

impl Rotation {
    /// The spelling `--rotate` takes.
    pub const fn as_str(self) -> &'static str {
        match self {
            Rotation::Never => "never",
            Rotation::Hourly => "hourly",
            Rotation::Daily => "daily",
            Rotation::Weekly => "weekly",
            Rotation::Monthly => "monthly",
            Rotation::Quarterly => "quarterly",
            Rotation::Yearly => "yearly",
        }
    }
}

/// What a new secret (or a new revision) says about itself besides its
/// content.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SecretMeta {
    /// Who owns it (new secrets only).
    pub owner: SecretOwner,
    /// The owner's label for it, unique per owner.
    pub label: Option<String>,
    /// A description for operators.
    pub description: Option<String>,
    /// When the revision expires (`secret-expired`), as RFC 3339 or a Go
    /// duration (`24h`).
    pub expire: Option<String>,
    /// How often to rotate it.
    pub rotate: Option<Rotation>,
}

/// Which revision `secret-get` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Revision {
    /// The revision this unit tracks (the latest when first read).
    #[default]
    Tracked,
    /// The latest, this once (`--peek`).
    Peek,
    /// The latest, tracked from now on (`--refresh`).
    Refresh,
}

/// A secret as a tool names it: by URI, or by the label this unit gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretRef<'a> {
    /// By URI.
    Uri(&'a SecretUri),
    /// By label.
    Label(&'a str),
}

/// What `secret-info-get` says of a secret this unit owns.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct SecretInfo {
    /// The latest revision.
    pub revision: u32,
    /// The owner's label.
    #[serde(default)]
    pub label: Option<String>,
    /// `application` or `unit`.
    pub owner: String,
    /// The description.
    #[serde(default)]
    pub description: Option<String>,
    /// The rotation policy.
    #[serde(default)]
    pub rotation: Option<String>,
    /// When the latest revision expires.
    #[serde(default)]
    pub expiry: Option<String>,
}

/// The unit's secrets, as a handler argument (`secrets: &Secrets`): create
/// and update the secrets it (or, as leader, its application) owns, read
/// the ones it was granted, and grant them over relations.
///
/// Every call checks first that the unit agent's Juju has secrets (3.0.3
/// and later), and what only the leader may do (an application-owned
/// secret's creation) is refused before any tool runs on other units.
/// Content never reaches a log, an error message or the store.
#[derive(Debug)]
pub struct Secrets<'h> {
    cell: &'h crate::relation::SessionCell<'h>,
}

impl<'h> crate::relation::FromSession<'h> for Secrets<'h> {
    fn from_session(
        cell: &'h crate::relation::SessionCell<'h>,
        _when: &[crate::flag::Flag],
    ) -> crate::Result<Self> {
        Ok(Secrets { cell })
    }
}

impl<'h> Secrets<'h> {
    /// The secrets of the unit running the hook in `cell`.
    pub fn new(cell: &'h crate::relation::SessionCell<'h>) -> Secrets<'h> {
        Secrets { cell }
    }

    fn session(&self) -> crate::Result<core::cell::RefMut<'h, &'h mut crate::session::Session>> {
        let session = self.cell.borrow_mut();
        session.require(crate::version::Capability::Secrets)?;
        Ok(session)
    }

    /// Creates a secret holding `content`, described by `meta`; an
    /// application-owned one (the default) only on the leader.
    pub fn add(&self, content: &SecretContent, meta: &SecretMeta) -> crate::Result<SecretUri> {
        let mut session = self.session()?;
        if meta.owner == SecretOwner::Application {
            session.require_leader(|| "create an application-owned secret".to_owned())?;
        }
        Ok(session.tools().secret_add(content, meta)?)
    }

    /// The content of `secret` at the revision this unit tracks.
    pub fn get(&self, secret: SecretRef<'_>) -> crate::Result<SecretContent> {
        self.read(secret, Revision::Tracked)
    }

    /// The content of `secret` at `revision`; [`crate::Error::SecretNotFound`]
    /// when Juju has no such secret (it was removed).
    pub fn read(&self, secret: SecretRef<'_>, revision: Revision) -> crate::Result<SecretContent> {
        self.session()?
            .tools()
            .secret_get(secret, revision)
            .map_err(|e| tool_failure(secret, e))
    }

    /// A new revision of `uri` holding `content`.
    ///
    /// Juju takes `secret-set` of a secret the unit may not manage and
    /// fails the whole hook at commit (`permission denied`), after the
    /// charm can react; so the unit's own secrets are listed first
    /// (`secret-ids`) and any other is [`crate::Error::SecretNotOwned`],
    /// with nothing queued.
    pub fn set(&self, uri: &SecretUri, content: &SecretContent) -> crate::Result<()> {
        let session = self.session()?;
        let tools = session.tools();
        let owned = tools
            .secret_ids()
            .map_err(|e| tool_failure(SecretRef::Uri(uri), e))?;
        let owns = owned
            .iter()
            .filter_map(|id| id.parse::<SecretUri>().ok())
            .any(|mine| mine.id() == uri.id());
        if !owns {
            return Err(crate::Error::SecretNotOwned {
                secret: uri.to_string(),
                action: "set a new revision of",
            });
        }
        tools
            .secret_set(uri, Some(content), &SecretMeta::default())
            .map_err(|e| tool_failure(SecretRef::Uri(uri), e))
    }

    /// What Juju knows of `secret`, which this unit owns.
    pub fn info(&self, secret: SecretRef<'_>) -> crate::Result<SecretInfo> {
        self.session()?
            .tools()
            .secret_info_get(secret)
            .map_err(|e| tool_failure(secret, e))
    }

    /// Lets the remote application of `rel` (or only `unit` of it) read
    /// `uri`.
    pub fn grant(
        &self,
        uri: &SecretUri,
        rel: &crate::names::RelationId,
        unit: Option<&str>,
    ) -> crate::Result<()> {
        self.session()?
            .tools()
            .secret_grant(uri, rel, unit)
            .map_err(|e| tool_failure(SecretRef::Uri(uri), e))
    }

    /// Takes back a grant.
    pub fn revoke(
        &self,
        uri: &SecretUri,
        rel: &crate::names::RelationId,
        unit: Option<&str>,
    ) -> crate::Result<()> {
        self.session()?
            .tools()
            .secret_revoke(uri, rel, unit)
            .map_err(|e| tool_failure(SecretRef::Uri(uri), e))
    }

    /// Removes `uri`, or only `revision` of it.
    pub fn remove(&self, uri: &SecretUri, revision: Option<u32>) -> crate::Result<()> {
        self.session()?
            .tools()
            .secret_remove(uri, revision)
            .map_err(|e| tool_failure(SecretRef::Uri(uri), e))
    }

    /// The ids of the secrets this unit (and, as leader, its application)
    /// owns.
    pub fn ids(&self) -> crate::Result<Vec<String>> {
        Ok(self.session()?.tools().secret_ids()?)
    }
}

/// A secret tool's failure as the runtime's error: Juju's `not found`
/// (in 3.6 `secret "secret:<id>" not found`, in 4.0 `secret not found`;
/// ops reads any `not found` of a secret tool so too) is
/// [`crate::Error::SecretNotFound`] naming `secret`, anything else the tool
/// error as it is.
fn tool_failure(secret: SecretRef<'_>, error: crate::tools::ToolError) -> crate::Error {
    match error.message() {
        Some(message) if message.ends_with("not found") => crate::Error::SecretNotFound {
            secret: match secret {
                SecretRef::Uri(uri) => uri.to_string(),
                SecretRef::Label(label) => format!("label {}", crate::data::quote(label)),
            },
        },
        _ => crate::Error::Tool(error),
    }
}

/// A secret hook's event data as a handler argument, for
/// `#[on(secret_changed)]` and its siblings.
impl<'h> crate::relation::FromSession<'h> for crate::event::SecretHook {
    fn from_session(
        cell: &'h crate::relation::SessionCell<'h>,
        _when: &[crate::flag::Flag],
    ) -> crate::Result<Self> {
        match &cell.borrow().context().event {
            crate::event::Event::Secret(hook) => Ok(hook.clone()),
            other => Err(crate::Error::msg(format!(
                "a secret hook's data is only available in secret hooks, not in {other}"
            ))),
        }
    }
}
