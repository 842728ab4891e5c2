//! A relation-data type as an interface declares it, for `describe`,
//! `iface doc` and `iface schema`.

use super::{Databag, Encoding, RelationData};

/// One type of an interface's `sets(...)` or `gets(...)`: its keys, the
/// bag that holds them, their encoding and its schema.
#[derive(Debug, Clone, Copy)]
pub struct DataDecl {
    /// The type's name.
    pub name: &'static str,
    /// Every key it writes.
    pub keys: &'static [&'static str],
    /// The keys it needs to decode.
    pub required: &'static [&'static str],
    /// The bag that holds it.
    pub bag: Databag,
    /// How its values are written.
    pub encoding: Encoding,
    /// Its JSON Schema, if it has one.
    pub schema: fn() -> Option<serde_json::Value>,
}

impl DataDecl {
    /// The declaration of `T`, in a constant.
    pub const fn of<T: RelationData>() -> DataDecl {
        DataDecl {
            name: T::NAME,
            keys: T::KEYS,
            required: T::REQUIRED,
            bag: T::BAG,
            encoding: T::ENCODING,
            schema: T::json_schema,
        }
    }
}
