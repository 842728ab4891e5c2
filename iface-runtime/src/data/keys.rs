//! The keys a relation-data type reads and writes, where they live and how
//! they are written, known at compile time.

use super::{Databag, Encoding};

/// A type whose fields are relation-data keys; `#[derive(RelationData)]`
/// implements it from the struct's fields and their serde attributes, so
/// `#[interface(sets(...), gets(...))]` and `charm!` can check documented
/// `gets`/`sets` against what an interface really publishes and reads.
///
/// `#[iface::data(app, json)]` (or `#[relation_data(app, json)]` beside
/// the derive) sets [`BAG`](Self::BAG) and [`ENCODING`](Self::ENCODING);
/// [`Conversation::send`](crate::conversation::Conversation::send) and
/// [`receive`](crate::conversation::Conversation::receive) honour them.
pub trait RelationData {
    /// Every key the type writes (its fields, renamed as serde renames them).
    const KEYS: &'static [&'static str];
    /// The keys that must be present for the type to decode: fields that
    /// are neither `Option` nor `#[serde(default)]`.
    const REQUIRED: &'static [&'static str];
    /// The bag that holds it: each unit's (the default) or the
    /// application's.
    const BAG: Databag = Databag::Unit;
    /// How its values are written: raw strings (the default) or JSON.
    const ENCODING: Encoding = Encoding::Raw;
    /// The type's name, for documentation and schemas.
    const NAME: &'static str = "";

    /// The JSON Schema (draft 2020-12) of the type's decoded values, one
    /// property per key, when the type has one (`#[iface::data]` derives
    /// it); `None` otherwise.
    fn json_schema() -> Option<serde_json::Value> {
        None
    }
}
