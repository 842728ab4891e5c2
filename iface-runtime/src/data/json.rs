//! The JSON-per-key codec: each top-level key's value is one JSON document,
//! as ops charm libraries write their databags
//! (`{"certificates": "[{\"ca\": ...}]"}`).
//!
//! Writing: the value must serialize as a struct or a map; each field
//! becomes one key holding its compact JSON, and a field that is `null`
//! (a `None`) becomes the empty text, which `relation-set` treats as
//! deleting the key. Reading: only the keys the type names are parsed,
//! so Juju's `private-address` and keys of newer protocol versions do no
//! harm; an empty or absent key is a missing one. A value that is not
//! JSON (a raw `10.0.0.1` where `"10.0.0.1"` is expected) is a
//! [`DecodeError`] naming the key, as the ops libraries refuse it too.
//! JSON nested deeper than `serde_json`'s limit of 128 is an error, not a
//! stack overflow, and a value of any size is quoted short in messages.

use std::collections::BTreeMap;

use serde::Serialize;
use serde::de::{self, DeserializeOwned, Visitor};

use super::decode::BagDeserializer;
use super::encode::check_key;
use super::encoding::Encoding;
use super::error::{DecodeError, EncodeError};

/// Encodes `value`, a struct or a map, one JSON document per key.
///
/// ```
/// use iface_runtime::data::to_json_bag;
/// use serde::Serialize;
///
/// #[derive(Serialize)]
/// struct Requests {
///     certificate_signing_requests: Vec<Csr>,
///     note: Option<String>,
/// }
/// #[derive(Serialize)]
/// struct Csr {
///     certificate_signing_request: String,
///     ca: Option<bool>,
/// }
///
/// let bag = to_json_bag(&Requests {
///     certificate_signing_requests: vec![Csr { certificate_signing_request: "PEM".into(), ca: None }],
///     note: None,
/// })?;
/// assert_eq!(bag["certificate_signing_requests"], r#"[{"ca":null,"certificate_signing_request":"PEM"}]"#);
/// assert_eq!(bag["note"], "", "None deletes the key");
/// # Ok::<(), iface_runtime::data::EncodeError>(())
/// ```
pub fn to_json_bag<T: Serialize + ?Sized>(
    value: &T,
) -> Result<BTreeMap<String, String>, EncodeError> {
    let tree = serde_json::to_value(value).map_err(<EncodeError as serde::ser::Error>::custom)?;
    let serde_json::Value::Object(fields) = tree else {
        return Err(EncodeError::not_a_map(kind(&tree)));
    };
    let mut bag = BTreeMap::new();
    for (key, field) in fields {
        check_key(&key)?;
        let text = if field.is_null() {
            String::new()
        } else {
            serde_json::to_string(&field).map_err(|error| EncodeError::json(&key, &error))?
        };
        bag.insert(key, text);
    }
    Ok(bag)
}

/// What a top-level value that has no keys is, for the error.
fn kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "nothing",
        serde_json::Value::Bool(_) => "a bool",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "a sequence",
        serde_json::Value::Object(_) => "a map",
    }
}

/// Encodes one value as the JSON text of key `key`, as [`to_json_bag`]
/// writes a field of that name (`null` is the empty text).
pub fn encode_json_value<T: Serialize + ?Sized>(
    key: &str,
    value: &T,
) -> Result<String, EncodeError> {
    check_key(key)?;
    let tree = serde_json::to_value(value).map_err(|error| EncodeError::json(key, &error))?;
    if tree.is_null() {
        return Ok(String::new());
    }
    serde_json::to_string(&tree).map_err(|error| EncodeError::json(key, &error))
}

/// Decodes a bag written one JSON document per key into `T`.
///
/// ```
/// use std::collections::BTreeMap;
///
/// use iface_runtime::data::from_json_bag;
/// use serde::Deserialize;
///
/// #[derive(Debug, Deserialize)]
/// struct Host {
///     host: String,
///     port: Option<u16>,
/// }
///
/// let bag = BTreeMap::from([
///     ("host".to_owned(), r#""10.0.0.1""#.to_owned()),
///     ("private-address".to_owned(), "10.0.0.1".to_owned()),
/// ]);
/// let host: Host = from_json_bag(&bag)?;
/// assert_eq!((host.host.as_str(), host.port), ("10.0.0.1", None));
///
/// let raw = BTreeMap::from([("host".to_owned(), "10.0.0.1".to_owned())]);
/// let error = from_json_bag::<Host>(&raw).unwrap_err();
/// assert_eq!(error.key(), Some("host"));
/// assert!(error.to_string().starts_with(r#"key `host`: expected a JSON string, found "10.0.0.1""#), "{error}");
/// # Ok::<(), iface_runtime::data::DecodeError>(())
/// ```
pub fn from_json_bag<T: DeserializeOwned>(
    bag: &BTreeMap<String, String>,
) -> Result<T, DecodeError> {
    T::deserialize(BagDeserializer {
        bag,
        encoding: Encoding::Json,
    })
}

/// Decodes the JSON text of key `key` as `T`; the empty text is `None`
/// for an `Option`.
pub fn decode_json_value<T: DeserializeOwned>(key: &str, text: &str) -> Result<T, DecodeError> {
    if text.is_empty() {
        return T::deserialize(de::value::UnitDeserializer::<DecodeError>::new())
            .map_err(|_| DecodeError::mismatch(key, "a JSON value", text, None));
    }
    T::deserialize(JsonText { key, text })
}

/// One key's text, parsed as JSON by whatever the target asks for; a key
/// the target ignores is never parsed.
pub(super) struct JsonText<'k, 'de> {
    pub(super) key: &'k str,
    pub(super) text: &'de str,
}

impl<'de> JsonText<'_, 'de> {
    /// Runs `read` on a JSON deserializer of the text, requiring the whole
    /// text to be one document, and names the key in any error.
    fn read<T>(
        &self,
        expected: &str,
        read: impl FnOnce(
            &mut serde_json::Deserializer<serde_json::de::StrRead<'de>>,
        ) -> Result<T, serde_json::Error>,
    ) -> Result<T, DecodeError> {
        let mut json = serde_json::Deserializer::from_str(self.text);
        read(&mut json)
            .and_then(|value| json.end().map(|()| value))
            .map_err(|error| {
                DecodeError::mismatch(self.key, expected, self.text, Some(error.to_string()))
            })
    }
}

/// Deserializer methods that forward to `serde_json`'s, with what the
/// target expected for the error.
macro_rules! forward_json {
    ($($method:ident($($arg:ident: $ty:ty),*) => $expected:expr;)*) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, DecodeError> {
            let expected = $expected;
            self.read(&expected, |json| json.$method($($arg,)* visitor))
        }
    )*};
}

impl<'de> de::Deserializer<'de> for JsonText<'_, 'de> {
    type Error = DecodeError;

    forward_json! {
        deserialize_any() => "a JSON value";
        deserialize_bool() => "a JSON bool";
        deserialize_i8() => "i8 as a JSON number";
        deserialize_i16() => "i16 as a JSON number";
        deserialize_i32() => "i32 as a JSON number";
        deserialize_i64() => "i64 as a JSON number";
        deserialize_i128() => "i128 as a JSON number";
        deserialize_u8() => "u8 as a JSON number";
        deserialize_u16() => "u16 as a JSON number";
        deserialize_u32() => "u32 as a JSON number";
        deserialize_u64() => "u64 as a JSON number";
        deserialize_u128() => "u128 as a JSON number";
        deserialize_f32() => "f32 as a JSON number";
        deserialize_f64() => "f64 as a JSON number";
        deserialize_char() => "a JSON string of one character";
        deserialize_str() => "a JSON string";
        deserialize_string() => "a JSON string";
        deserialize_bytes() => "bytes as a JSON array";
        deserialize_byte_buf() => "bytes as a JSON array";
        deserialize_option() => "a JSON value or null";
        deserialize_unit() => "JSON null";
        deserialize_unit_struct(name: &'static str) => format!("`{name}` as JSON null");
        deserialize_newtype_struct(name: &'static str) => format!("`{name}` as JSON");
        deserialize_seq() => "a JSON array";
        deserialize_tuple(len: usize) => format!("a tuple of {len} as a JSON array");
        deserialize_tuple_struct(name: &'static str, len: usize) => format!("`{name}` as a JSON array");
        deserialize_map() => "a JSON object";
        deserialize_struct(name: &'static str, fields: &'static [&'static str]) => format!("`{name}` as a JSON object");
        deserialize_enum(name: &'static str, variants: &'static [&'static str]) => format!("enum `{name}` as JSON");
        deserialize_identifier() => "a JSON string";
    }

    /// Skipped without parsing: keys the type does not know never fail it.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_unit()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Serialize};

    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Data {
        name: String,
        items: Vec<u8>,
        extra: Option<bool>,
    }

    fn bag(entries: &[(&str, &str)]) -> BTreeMap<String, String> {
        entries
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn writes_one_document_per_key_and_reads_it_back() {
        let data = Data {
            name: "a \"b\"".into(),
            items: vec![1, 2],
            extra: None,
        };
        let written = to_json_bag(&data).unwrap();
        assert_eq!(
            written,
            bag(&[("extra", ""), ("items", "[1,2]"), ("name", r#""a \"b\"""#)])
        );
        assert_eq!(from_json_bag::<Data>(&written).unwrap(), data);
    }

    #[test]
    fn unknown_keys_are_never_parsed_and_empty_keys_are_missing() {
        let read: Data = from_json_bag(&bag(&[
            ("name", r#""x""#),
            ("items", "[]"),
            ("extra", ""),
            ("private-address", "10.0.0.1"),
            ("newer", "{not json"),
        ]))
        .unwrap();
        assert_eq!(read.extra, None);
        let missing =
            from_json_bag::<Data>(&bag(&[("name", r#""x""#), ("items", "")])).unwrap_err();
        assert!(missing.is_missing(), "{missing}");
        assert_eq!(missing.to_string(), "missing field `items`");
    }

    #[test]
    fn errors_name_the_key_and_quote_the_text_short() {
        let huge = format!("[{}", "1,".repeat(1 << 19));
        let error =
            from_json_bag::<Data>(&bag(&[("name", r#""x""#), ("items", &huge)])).unwrap_err();
        assert_eq!(error.key(), Some("items"));
        let message = error.to_string();
        assert!(
            message.starts_with("key `items`: expected a JSON array, found \"[1,1,"),
            "{message}"
        );
        assert!(message.len() < 400, "{message}");
        let nested = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let error = decode_json_value::<serde_json::Value>("deep", &nested).unwrap_err();
        assert_eq!(error.key(), Some("deep"));
        assert!(error.to_string().contains("recursion limit"), "{error}");
    }

    #[test]
    fn top_levels_without_keys_and_bad_keys_are_typed_errors() {
        assert_eq!(
            to_json_bag(&[1, 2]).unwrap_err().to_string(),
            "relation data must be a struct or a map, found a sequence"
        );
        let error = to_json_bag(&BTreeMap::from([("a b", 1)])).unwrap_err();
        assert_eq!(error.key(), Some("a b"));
        assert_eq!(encode_json_value("k", &None::<u8>).unwrap(), "");
        assert_eq!(decode_json_value::<Option<u8>>("k", "").unwrap(), None);
        assert_eq!(decode_json_value::<u8>("k", "7").unwrap(), 7);
        assert!(decode_json_value::<u8>("k", "").is_err());
    }
}
