//! The keys a relation-data type reads and writes, known at compile time.

/// A type whose fields are relation-data keys; `#[derive(RelationData)]`
/// implements it from the struct's fields and their serde attributes, so
/// `#[interface(sets(...), gets(...))]` and `charm!` can check documented
/// `gets`/`sets` against what an interface really publishes and reads.
pub trait RelationData {
    /// Every key the type writes (its fields, renamed as serde renames them).
    const KEYS: &'static [&'static str];
    /// The keys that must be present for the type to decode: fields that
    /// are neither `Option` nor `#[serde(default)]`.
    const REQUIRED: &'static [&'static str];
}
