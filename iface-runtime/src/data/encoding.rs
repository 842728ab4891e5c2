//! How a relation-data type's values are written as the strings Juju
//! stores, and the one place that picks a codec for it.

use core::fmt;
use std::collections::BTreeMap;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error::{DecodeError, EncodeError};

/// How each key's value of a relation-data type is written on the wire.
///
/// | encoding | writes `port: 80`, `host: "a"`, `tags: ["x"]` as | written by |
/// |---|---|---|
/// | [`Raw`](Encoding::Raw) | `80`, `a`, `["x"]` | charms.reactive's `RelationBase` (today's default; [`to_bag`](super::to_bag)) |
/// | [`Json`](Encoding::Json) | `80`, `"a"`, `["x"]` | ops charm libraries, one JSON document per key ([`to_json_bag`](super::to_json_bag)) |
///
/// Reading a raw type also accepts JSON-quoted strings; reading a JSON type
/// does not accept raw text, as the ops libraries do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Encoding {
    /// Strings as they are, scalars as text, anything compound as JSON.
    #[default]
    Raw,
    /// Every value a JSON document.
    Json,
}

impl Encoding {
    /// `raw` or `json`, as `#[iface::data(json)]` and `describe` spell it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Encoding::Raw => "raw",
            Encoding::Json => "json",
        }
    }

    /// `value`, a struct or map, as a bag in this encoding.
    pub fn encode<T: Serialize + ?Sized>(
        self,
        value: &T,
    ) -> Result<BTreeMap<String, String>, EncodeError> {
        match self {
            Encoding::Raw => super::to_bag(value),
            Encoding::Json => super::to_json_bag(value),
        }
    }

    /// A bag in this encoding as `T`.
    pub fn decode<T: DeserializeOwned>(
        self,
        bag: &BTreeMap<String, String>,
    ) -> Result<T, DecodeError> {
        match self {
            Encoding::Raw => super::from_bag(bag),
            Encoding::Json => super::from_json_bag(bag),
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
