//! Decoding: a relation bag to a serde value, each text read as what the
//! target type asks for.

use std::borrow::Cow;
use std::collections::{BTreeMap, btree_map};
use std::str::FromStr;

use serde::de::value::StrDeserializer;
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};
use serde::forward_to_deserialize_any;
use serde_json::de::StrRead;

use super::encoding::Encoding;
use super::error::DecodeError;
use super::json::JsonText;
use super::literal::json_string;

/// Decodes relation data into `T`, usually a struct, reading each key's
/// text as the type of its field asks for.
///
/// Keys the type does not name are ignored, so the `private-address`,
/// `ingress-address` and `egress-subnets` keys Juju adds do no harm. See
/// [the module docs](super) for how each kind of value is read, including
/// what charms.reactive's two writer styles produce.
///
/// ```
/// use std::collections::BTreeMap;
///
/// use iface_runtime::data::from_bag;
/// use serde::Deserialize;
///
/// #[derive(Debug, PartialEq, Deserialize)]
/// struct HttpSettings {
///     hostname: String,
///     port: u16,
///     #[serde(rename = "private-address")]
///     address: Option<String>,
/// }
///
/// // As a charms.reactive Endpoint publishes it: every value JSON-encoded.
/// let bag = BTreeMap::from([
///     ("hostname".to_owned(), r#""example.com""#.to_owned()),
///     ("port".to_owned(), "80".to_owned()),
///     ("private-address".to_owned(), "10.0.0.7".to_owned()),
///     ("egress-subnets".to_owned(), "10.0.0.7/32".to_owned()),
/// ]);
/// let settings: HttpSettings = from_bag(&bag)?;
/// assert_eq!(
///     settings,
///     HttpSettings { hostname: "example.com".into(), port: 80, address: Some("10.0.0.7".into()) }
/// );
///
/// let bad = BTreeMap::from([
///     ("hostname".to_owned(), "example.com".to_owned()),
///     ("port".to_owned(), "eighty".to_owned()),
/// ]);
/// let error = from_bag::<HttpSettings>(&bad).unwrap_err();
/// assert_eq!(error.to_string(), r#"key `port`: expected u16, found "eighty""#);
/// # Ok::<(), iface_runtime::data::DecodeError>(())
/// ```
pub fn from_bag<T: DeserializeOwned>(bag: &BTreeMap<String, String>) -> Result<T, DecodeError> {
    T::deserialize(BagDeserializer {
        bag,
        encoding: Encoding::Raw,
    })
}

/// Decodes the text of relation key `key` as `T`, exactly as [`from_bag`]
/// would decode a field of that name. An empty text is `None` for an
/// `Option`.
///
/// ```
/// use iface_runtime::data::decode_value;
///
/// assert_eq!(decode_value::<u16>("port", "80")?, 80);
/// assert_eq!(decode_value::<String>("host", r#""example.com""#)?, "example.com");
/// assert_eq!(decode_value::<Option<u16>>("port", "")?, None);
/// assert_eq!(
///     decode_value::<u16>("port", "eighty").unwrap_err().to_string(),
///     r#"key `port`: expected u16, found "eighty""#
/// );
/// # Ok::<(), iface_runtime::data::DecodeError>(())
/// ```
pub fn decode_value<T: DeserializeOwned>(key: &str, text: &str) -> Result<T, DecodeError> {
    T::deserialize(ValueDeserializer { key, text }).map_err(|error| error.at(key, text))
}

/// The whole bag, which reads as a map, each value read as `encoding`
/// writes it.
pub(super) struct BagDeserializer<'de> {
    pub(super) bag: &'de BTreeMap<String, String>,
    pub(super) encoding: Encoding,
}

impl<'de> de::Deserializer<'de> for BagDeserializer<'de> {
    type Error = DecodeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_map(BagEntries {
            entries: self.bag.iter(),
            current: None,
            encoding: self.encoding,
        })
    }

    /// A bag is always there, so a top-level `Option` is `Some`.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_unit()
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct enum identifier
    }
}

/// The bag's entries in key order, with the key whose value is next. A
/// JSON bag skips empty values: an empty value is a deleted key, so a type
/// sees it as missing (a raw bag gives it to the type, for which empty is
/// `None` or the empty string).
struct BagEntries<'de> {
    entries: btree_map::Iter<'de, String, String>,
    current: Option<(&'de str, &'de str)>,
    encoding: Encoding,
}

impl<'de> MapAccess<'de> for BagEntries<'de> {
    type Error = DecodeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DecodeError> {
        let json = self.encoding == Encoding::Json;
        let Some((key, text)) = self
            .entries
            .by_ref()
            .find(|(_, text)| !(json && text.is_empty()))
        else {
            return Ok(None);
        };
        self.current = Some((key, text));
        seed.deserialize(KeyDeserializer { key })
            .map(Some)
            .map_err(|error| error.at_key(key))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, DecodeError> {
        // serde asks for a key before each value; a Deserialize impl that
        // does not is broken, and gets an error rather than a panic.
        let (key, text) = self
            .current
            .take()
            .ok_or_else(|| <DecodeError as de::Error>::custom("value requested before its key"))?;
        match self.encoding {
            Encoding::Raw => seed
                .deserialize(ValueDeserializer { key, text })
                .map_err(|error| error.at(key, text)),
            Encoding::Json => seed.deserialize(JsonText { key, text }),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// A bag key: struct field names and map keys as the raw text, numbers
/// parsed for maps keyed by them.
struct KeyDeserializer<'de> {
    key: &'de str,
}

/// Methods that read a key as its value would be read.
macro_rules! key_as_value {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
            ValueDeserializer { key: self.key, text: self.key }.$method(visitor)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for KeyDeserializer<'de> {
    type Error = DecodeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_borrowed_str(self.key)
    }

    key_as_value! { deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
    deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128 deserialize_f32 deserialize_f64
    deserialize_char }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        visitor.visit_enum(StrDeserializer::new(self.key))
    }

    forward_to_deserialize_any! {
        str string bytes byte_buf option unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

/// One key's text, read as whatever the target type asks for.
struct ValueDeserializer<'k, 'de> {
    key: &'k str,
    text: &'de str,
}

/// Numbers and other `FromStr` scalars: parse the text to exactly the
/// width asked for, so an out-of-range value says which width it missed.
macro_rules! parse_scalar {
    ($($method:ident => $visit:ident($ty:ty, $name:literal);)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
            let value: $ty = self.parse($name)?;
            visitor.$visit(value)
        }
    )*};
}

impl<'de> ValueDeserializer<'_, 'de> {
    /// The text a scalar is read from: the text, unquoted if it is a JSON
    /// string literal, since a Python writer may have published the number
    /// as a string.
    fn scalar(&self) -> Cow<'de, str> {
        json_string(self.text).map_or(Cow::Borrowed(self.text), Cow::Owned)
    }

    fn parse<N: FromStr>(&self, expected: &str) -> Result<N, DecodeError> {
        // Python's int() and float() ignore surrounding whitespace too.
        self.scalar()
            .trim()
            .parse()
            .map_err(|_| self.mismatch(expected, None))
    }

    fn mismatch(&self, expected: impl Into<String>, detail: Option<String>) -> DecodeError {
        DecodeError::mismatch(self.key, expected, self.text, detail)
    }

    /// Reads the text as JSON with `read`, which calls one of the JSON
    /// deserializer's methods so that the target still directs the reading.
    /// `serde_json`'s recursion limit (128) keeps deep nesting from
    /// overflowing the stack.
    fn json<T>(
        &self,
        expected: impl FnOnce() -> String,
        read: impl FnOnce(&mut serde_json::Deserializer<StrRead<'de>>) -> Result<T, serde_json::Error>,
    ) -> Result<T, DecodeError> {
        let mut json = serde_json::Deserializer::from_str(self.text);
        read(&mut json)
            .and_then(|value| json.end().map(|()| value))
            .map_err(|error| self.mismatch(expected(), Some(error.to_string())))
    }
}

impl<'de> de::Deserializer<'de> for ValueDeserializer<'_, 'de> {
    type Error = DecodeError;

    /// Self-describing targets (`serde_json::Value`, untagged enums,
    /// flattened fields): JSON if the text parses as JSON, else the text
    /// as a string, as charms.reactive's `received` does.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        // Parsed whole first, since a visitor cannot be given a second try;
        // the parse stops at `serde_json`'s depth limit, so a deeper text is
        // read as a string like any other text that is not JSON.
        match serde_json::from_str::<serde_json::Value>(self.text) {
            Ok(value) => value
                .deserialize_any(visitor)
                .map_err(<DecodeError as de::Error>::custom),
            Err(_) => visitor.visit_borrowed_str(self.text),
        }
    }

    parse_scalar! {
        deserialize_i8 => visit_i8(i8, "i8");
        deserialize_i16 => visit_i16(i16, "i16");
        deserialize_i32 => visit_i32(i32, "i32");
        deserialize_i64 => visit_i64(i64, "i64");
        deserialize_i128 => visit_i128(i128, "i128");
        deserialize_u8 => visit_u8(u8, "u8");
        deserialize_u16 => visit_u16(u16, "u16");
        deserialize_u32 => visit_u32(u32, "u32");
        deserialize_u64 => visit_u64(u64, "u64");
        deserialize_u128 => visit_u128(u128, "u128");
        deserialize_f32 => visit_f32(f32, "f32");
        deserialize_f64 => visit_f64(f64, "f64");
    }

    /// `true`/`false` as JSON and Rust write them, `True`/`False` as
    /// Python's `str()` does.
    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self.scalar().trim() {
            "true" | "True" => visitor.visit_bool(true),
            "false" | "False" => visitor.visit_bool(false),
            _ => Err(self.mismatch("bool", None)),
        }
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        let text = self.scalar();
        let mut chars = text.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => visitor.visit_char(c),
            _ => Err(self.mismatch("a single character", None)),
        }
    }

    /// The raw text, unless it is a JSON string literal: then the string
    /// it stands for (see the module docs for the one ambiguity).
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match json_string(self.text) {
            Some(unquoted) => visitor.visit_string(unquoted),
            None => visitor.visit_borrowed_str(self.text),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        self.deserialize_str(visitor)
    }

    /// Bytes are written as a JSON array of numbers, as `serde_json` does.
    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        self.json(
            || "bytes as a JSON array".to_owned(),
            |json| json.deserialize_bytes(visitor),
        )
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        self.json(
            || "bytes as a JSON array".to_owned(),
            |json| json.deserialize_byte_buf(visitor),
        )
    }

    /// Empty is `None`: Juju cannot store an empty value, so an empty or
    /// absent key is how "not set" reads.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        if self.text.is_empty() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self.text {
            "" | "null" => visitor.visit_unit(),
            _ => Err(self.mismatch("nothing (an empty value)", None)),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        self.json(
            || "a sequence as a JSON array".to_owned(),
            |json| json.deserialize_seq(visitor),
        )
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        self.json(
            || format!("a tuple of {len} as a JSON array"),
            |json| json.deserialize_tuple(len, visitor),
        )
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        self.json(
            || format!("`{name}` as a JSON array"),
            |json| json.deserialize_tuple_struct(name, len, visitor),
        )
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        self.json(
            || "a map as a JSON object".to_owned(),
            |json| json.deserialize_map(visitor),
        )
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        self.json(
            || format!("`{name}` as a JSON object"),
            |json| json.deserialize_struct(name, fields, visitor),
        )
    }

    /// A unit variant is its name as raw text (or a JSON string); any other
    /// variant is JSON, `{"Variant": ...}`, as `serde_json` writes it.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        match serde_json::from_str::<serde_json::Value>(self.text) {
            Ok(value @ (serde_json::Value::String(_) | serde_json::Value::Object(_))) => value
                .deserialize_enum(name, variants, visitor)
                .map_err(|error| self.mismatch(format!("enum `{name}`"), Some(error.to_string()))),
            _ => visitor.visit_enum(self.text.into_deserializer()),
        }
    }

    /// Skipped without parsing: unknown keys must never fail a decode.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_unit()
    }
}
