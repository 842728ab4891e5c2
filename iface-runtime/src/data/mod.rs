//! Typed relation data: serde values to and from the string-to-string
//! "bag" a unit publishes on a Juju relation.
//!
//! A type says which bag holds it ([`Databag`]: the unit's, or the
//! application's, written by the leader) and how its values are written
//! ([`Encoding`]: charms.reactive's raw strings, described below, or one
//! JSON document per key as ops charm libraries write them, [`to_json_bag`]
//! and [`from_json_bag`]), as constants of [`RelationData`], which
//! `#[iface::data(app, json)]` sets.
//!
//! [`to_bag`] and [`from_bag`] convert a whole struct (or map);
//! [`encode_value`] and [`decode_value`] convert one key's value with the
//! same rules. The rules interoperate with both charms.reactive writer
//! styles: `RelationBase` (`set_remote(port=80)`, which publishes `str()`
//! of each value, so `80`, `True`, `example.com`) and `Endpoint`
//! (`to_publish['port'] = 80`, which publishes `json.dumps` of each value,
//! so `80`, `true`, `"example.com"` with the quotes).
//!
//! # Encoding
//!
//! The value must serialize as a struct or a map (a newtype around one is
//! fine); each field or entry becomes one key.
//!
//! | Field value | Text |
//! |---|---|
//! | string, char | the text itself, no quotes (but see below) |
//! | integer, bool | `80`, `-3`, `true`, `false` |
//! | float | shortest exact form (`80.0`, `0.1`, `1e+300`, as Python's `repr`); `NaN`, `Infinity`, `-Infinity` |
//! | `None`, `()`, unit struct | empty: `relation-set` deletes the key |
//! | `Some(x)`, newtype struct | as `x` |
//! | unit enum variant | its (serde) name, no quotes |
//! | sequence, tuple, map, struct, other enum variants, bytes | compact JSON, object keys sorted |
//!
//! Nested maps are written with sorted keys, as charms.reactive does, so a
//! `HashMap` field publishes the same text every hook. Inside JSON,
//! `serde_json`'s rules hold: non-finite floats become `null`, and a `u128`
//! above `u64::MAX` is an error.
//!
//! Keys must be non-empty and contain no `=` and no whitespace, which
//! `relation-set key=value` would mangle; such a key is an [`EncodeError`]
//! naming it, as is a key written twice (through `#[serde(flatten)]`).
//!
//! # Decoding
//!
//! Decoding is type-directed: each text is read as what its field's type
//! asks for, not guessed from the text.
//!
//! | Target | Accepts |
//! |---|---|
//! | integers, floats | the number's text, trimmed; also a JSON string holding it (`"80"` with quotes) |
//! | `bool` | `true`/`false`, Python's `True`/`False`; also JSON-quoted |
//! | `String`, `&str`, `char` | the raw text, except a JSON string literal, which is unquoted |
//! | `Option<T>` | `None` if the key is missing or empty, else `Some(T)` |
//! | `()`, unit struct | empty text or `null` |
//! | `Vec`, tuples, maps, structs, bytes | JSON text |
//! | enums | a unit variant's name raw or as a JSON string; other variants as JSON |
//! | `serde_json::Value`, untagged enums | JSON if the text parses as JSON, else the text as a string |
//!
//! A key the type needs but the bag lacks is serde's ``missing field `x` ``
//! error (so give optional fields `Option` or `#[serde(default)]`). Keys the
//! type does not name are ignored: Juju adds `private-address`,
//! `ingress-address` and `egress-subnets` to every bag. `#[serde(rename)]`,
//! `#[serde(default)]` and `#[serde(flatten)]` work; a flattened field is
//! read as a self-describing one (last row of the table), so a flattened
//! `String` field whose text is a JSON number, such as `10`, fails to decode.
//!
//! A [`DecodeError`] names the key, what was expected and the text found:
//! ``key `port`: expected u16, found "eighty"``. No input panics: JSON
//! nested deeper than `serde_json`'s limit of 128 is an error, not a stack
//! overflow.
//!
//! ## The JSON string ambiguity
//!
//! `Endpoint` writers publish the string `example.com` as the text
//! `"example.com"` (quotes included), so a string field whose whole text is
//! a valid JSON string literal is unquoted. The one ambiguity: a
//! `RelationBase` writer (or `relation-set` by hand) that means the quotes
//! literally, such as publishing the seven characters `"quiet"`, is read as
//! `quiet`. Text that merely contains quotes, or starts with one but is not
//! a single valid JSON string, is returned as is. [`to_bag`] avoids the
//! ambiguity for its own output: a string that is itself a JSON string
//! literal is written JSON-quoted, so every string round-trips exactly.
//!
//! The empty string is the other lossy case, and Juju's rather than this
//! codec's: an empty value deletes the key, so `Some("")` reads back as
//! `None`, and a required `String` field that was empty reads back as
//! missing.

mod bag;
mod declared;
mod decode;
mod encode;
mod encoding;
mod error;
mod json;
mod keys;
mod literal;

pub use bag::Databag;
pub use declared::DataDecl;
pub use decode::{decode_value, from_bag};
pub use encode::{encode_value, to_bag};
pub use encoding::Encoding;
pub(crate) use error::quote;
pub use error::{DecodeError, EncodeError};
pub use json::{decode_json_value, encode_json_value, from_json_bag, to_json_bag};
pub use keys::RelationData;
