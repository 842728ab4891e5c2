//! Encoding: a serde value to a relation bag, one text per key.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::fmt;

use serde::ser::{self, Impossible, Serialize, SerializeMap, SerializeStruct};

use super::error::EncodeError;
use super::literal::json_string;

/// Encodes `value`, a struct or a map, as relation data: one text per key.
///
/// See [the module docs](super) for how each kind of value is written.
/// `None` fields become empty strings, which `relation-set` treats as
/// deleting the key; skip them with `#[serde(skip_serializing_if =
/// "Option::is_none")]` to leave the key alone instead.
///
/// ```
/// use iface_runtime::data::to_bag;
/// use serde::Serialize;
///
/// #[derive(Serialize)]
/// struct HttpSettings {
///     hostname: String,
///     port: u16,
///     paths: Vec<String>,
///     #[serde(rename = "tls-ca")]
///     tls_ca: Option<String>,
/// }
///
/// let bag = to_bag(&HttpSettings {
///     hostname: "example.com".into(),
///     port: 80,
///     paths: vec!["/".into(), "/api".into()],
///     tls_ca: None,
/// })?;
/// assert_eq!(bag["hostname"], "example.com");
/// assert_eq!(bag["port"], "80");
/// assert_eq!(bag["paths"], r#"["/","/api"]"#);
/// assert_eq!(bag["tls-ca"], "");
/// # Ok::<(), iface_runtime::data::EncodeError>(())
/// ```
pub fn to_bag<T: Serialize + ?Sized>(value: &T) -> Result<BTreeMap<String, String>, EncodeError> {
    value.serialize(BagSerializer)
}

/// Encodes one value as the text of relation key `key`, exactly as
/// [`to_bag`] would encode a field of that name.
///
/// ```
/// use iface_runtime::data::encode_value;
///
/// assert_eq!(encode_value("port", &80u16)?, "80");
/// assert_eq!(encode_value("hosts", &["a", "b"])?, r#"["a","b"]"#);
/// assert!(encode_value("bad key", &1).is_err());
/// # Ok::<(), iface_runtime::data::EncodeError>(())
/// ```
pub fn encode_value<T: Serialize + ?Sized>(key: &str, value: &T) -> Result<String, EncodeError> {
    check_key(key)?;
    encode_field(key, value)
}

/// Refuses keys that `relation-set key=value` would split or mangle.
pub(super) fn check_key(key: &str) -> Result<(), EncodeError> {
    if key.is_empty() || key.contains(|c: char| c == '=' || c.is_whitespace()) {
        return Err(EncodeError::invalid_key(key));
    }
    Ok(())
}

/// One field's text: scalars directly, anything compound as JSON.
fn encode_field<T: Serialize + ?Sized>(key: &str, value: &T) -> Result<String, EncodeError> {
    match value.serialize(TextSerializer { keep_quotes: true }) {
        Ok(text) => Ok(text),
        // Serialize again from the start: the scalar serializer stops at the
        // first compound, and serde_json handles the whole value from there.
        Err(TextError::NeedsJson) => {
            json_text(value).map_err(|error| EncodeError::json(key, &error))
        }
        Err(TextError::Failed(error)) => Err(error.at_key(key)),
    }
}

/// Compact JSON with every object's keys sorted, as charms.reactive's
/// `json.dumps(..., sort_keys=True)`: a `HashMap` field then encodes to the
/// same text every hook, so it does not wake the remote side for nothing.
fn json_text<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    let mut tree = serde_json::to_value(value)?;
    tree.sort_all_objects();
    serde_json::to_string(&tree)
}

/// The top level: only structs and maps have keys to become a bag.
struct BagSerializer;

/// Collects a struct's fields or a map's entries into the bag.
#[derive(Default)]
struct BagBuilder {
    bag: BTreeMap<String, String>,
    /// A map key waiting for its value.
    key: Option<String>,
}

impl BagBuilder {
    fn insert<T: Serialize + ?Sized>(&mut self, key: String, value: &T) -> Result<(), EncodeError> {
        check_key(&key)?;
        let text = encode_field(&key, value)?;
        match self.bag.entry(key) {
            Entry::Occupied(entry) => Err(EncodeError::duplicate_key(entry.key())),
            Entry::Vacant(entry) => {
                entry.insert(text);
                Ok(())
            }
        }
    }
}

/// Top-level methods that refuse the value, naming what it was.
macro_rules! not_a_map {
    ($($method:ident($($arg:ty),*) => $found:literal;)*) => {$(
        fn $method(self, $(_: $arg),*) -> Result<Self::Ok, EncodeError> {
            Err(EncodeError::not_a_map($found))
        }
    )*};
}

impl ser::Serializer for BagSerializer {
    type Ok = BTreeMap<String, String>;
    type Error = EncodeError;
    type SerializeSeq = Impossible<Self::Ok, EncodeError>;
    type SerializeTuple = Impossible<Self::Ok, EncodeError>;
    type SerializeTupleStruct = Impossible<Self::Ok, EncodeError>;
    type SerializeTupleVariant = Impossible<Self::Ok, EncodeError>;
    type SerializeMap = BagBuilder;
    type SerializeStruct = BagBuilder;
    type SerializeStructVariant = Impossible<Self::Ok, EncodeError>;

    not_a_map! {
        serialize_bool(bool) => "a bool";
        serialize_i8(i8) => "an integer";
        serialize_i16(i16) => "an integer";
        serialize_i32(i32) => "an integer";
        serialize_i64(i64) => "an integer";
        serialize_i128(i128) => "an integer";
        serialize_u8(u8) => "an integer";
        serialize_u16(u16) => "an integer";
        serialize_u32(u32) => "an integer";
        serialize_u64(u64) => "an integer";
        serialize_u128(u128) => "an integer";
        serialize_f32(f32) => "a float";
        serialize_f64(f64) => "a float";
        serialize_char(char) => "a char";
        serialize_str(&str) => "a string";
        serialize_bytes(&[u8]) => "bytes";
        serialize_none() => "None";
        serialize_unit() => "unit";
        serialize_unit_struct(&'static str) => "a unit struct";
        serialize_unit_variant(&'static str, u32, &'static str) => "an enum variant";
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<Self::Ok, EncodeError> {
        Err(EncodeError::not_a_map("an Option"))
    }

    /// A newtype around a struct is that struct, as in JSON.
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Self::Ok, EncodeError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Self::Ok, EncodeError> {
        Err(EncodeError::not_a_map("an enum variant"))
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, EncodeError> {
        Err(EncodeError::not_a_map("a sequence"))
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, EncodeError> {
        Err(EncodeError::not_a_map("a tuple"))
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, EncodeError> {
        Err(EncodeError::not_a_map("a tuple struct"))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, EncodeError> {
        Err(EncodeError::not_a_map("an enum variant"))
    }

    fn serialize_map(self, _: Option<usize>) -> Result<BagBuilder, EncodeError> {
        Ok(BagBuilder::default())
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<BagBuilder, EncodeError> {
        Ok(BagBuilder::default())
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, EncodeError> {
        Err(EncodeError::not_a_map("an enum variant"))
    }
}

impl SerializeMap for BagBuilder {
    type Ok = BTreeMap<String, String>;
    type Error = EncodeError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), EncodeError> {
        let key = match key.serialize(TextSerializer { keep_quotes: false }) {
            Ok(key) => key,
            Err(TextError::NeedsJson) => return Err(EncodeError::key_not_text()),
            Err(TextError::Failed(error)) => return Err(error),
        };
        self.key = Some(key);
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), EncodeError> {
        // serde calls serialize_key first; a Serialize impl that does not is
        // broken, and gets an error rather than a panic.
        let key = self
            .key
            .take()
            .ok_or_else(|| <EncodeError as ser::Error>::custom("map value without a key"))?;
        self.insert(key, value)
    }

    fn end(self) -> Result<Self::Ok, EncodeError> {
        Ok(self.bag)
    }
}

impl SerializeStruct for BagBuilder {
    type Ok = BTreeMap<String, String>;
    type Error = EncodeError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), EncodeError> {
        self.insert(key.to_owned(), value)
    }

    fn end(self) -> Result<Self::Ok, EncodeError> {
        Ok(self.bag)
    }
}

/// Why [`TextSerializer`] stopped.
#[derive(Debug)]
enum TextError {
    /// The value is compound: encode it as JSON instead.
    NeedsJson,
    /// A real error, e.g. from a `Serialize` impl.
    Failed(EncodeError),
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TextError::NeedsJson => f.write_str("a compound value"),
            TextError::Failed(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for TextError {}

impl ser::Error for TextError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        TextError::Failed(<EncodeError as ser::Error>::custom(message))
    }
}

/// Writes a scalar as plain text, and gives up with
/// [`TextError::NeedsJson`] on anything compound.
#[derive(Clone, Copy)]
struct TextSerializer {
    /// Whether a string that is itself a JSON string literal gets
    /// JSON-quoted so the decoder gives it back unchanged (values), or is
    /// written as is (keys, which the decoder never unquotes).
    keep_quotes: bool,
}

/// Integers as their decimal text.
macro_rules! integer_text {
    ($($method:ident($ty:ty);)*) => {$(
        fn $method(self, value: $ty) -> Result<String, TextError> {
            Ok(value.to_string())
        }
    )*};
}

/// Compound values: leave them to `serde_json`.
macro_rules! needs_json {
    ($($method:ident($($arg:ty),*) -> $ret:ty;)*) => {$(
        fn $method(self, $(_: $arg),*) -> Result<$ret, TextError> {
            Err(TextError::NeedsJson)
        }
    )*};
}

/// A float as Python and JSON readers both parse it: the shortest text
/// that reads back exactly (`80.0`, `0.1`, `1e+300`), and Python's names for
/// the values JSON has no syntax for, which Rust's parser accepts too.
fn float_text<F: Serialize + Into<f64> + Copy>(value: F) -> Result<String, TextError> {
    let wide: f64 = value.into();
    if wide.is_nan() {
        Ok("NaN".to_owned())
    } else if wide.is_infinite() {
        Ok(if wide > 0.0 { "Infinity" } else { "-Infinity" }.to_owned())
    } else {
        serde_json::to_string(&value)
            .map_err(|error| TextError::Failed(<EncodeError as ser::Error>::custom(error)))
    }
}

impl ser::Serializer for TextSerializer {
    type Ok = String;
    type Error = TextError;
    type SerializeSeq = Impossible<String, TextError>;
    type SerializeTuple = Impossible<String, TextError>;
    type SerializeTupleStruct = Impossible<String, TextError>;
    type SerializeTupleVariant = Impossible<String, TextError>;
    type SerializeMap = Impossible<String, TextError>;
    type SerializeStruct = Impossible<String, TextError>;
    type SerializeStructVariant = Impossible<String, TextError>;

    integer_text! {
        serialize_i8(i8);
        serialize_i16(i16);
        serialize_i32(i32);
        serialize_i64(i64);
        serialize_i128(i128);
        serialize_u8(u8);
        serialize_u16(u16);
        serialize_u32(u32);
        serialize_u64(u64);
        serialize_u128(u128);
    }

    needs_json! {
        serialize_bytes(&[u8]) -> String;
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct(&'static str, usize) -> Self::SerializeStruct;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }

    fn serialize_bool(self, value: bool) -> Result<String, TextError> {
        Ok(if value { "true" } else { "false" }.to_owned())
    }

    fn serialize_f32(self, value: f32) -> Result<String, TextError> {
        float_text(value)
    }

    fn serialize_f64(self, value: f64) -> Result<String, TextError> {
        float_text(value)
    }

    fn serialize_char(self, value: char) -> Result<String, TextError> {
        Ok(value.to_string())
    }

    fn serialize_str(self, value: &str) -> Result<String, TextError> {
        if self.keep_quotes && json_string(value).is_some() {
            // Raw, `"x"` would decode as `x`; quoted, it decodes as `"x"`.
            serde_json::to_string(value)
                .map_err(|error| TextError::Failed(<EncodeError as ser::Error>::custom(error)))
        } else {
            Ok(value.to_owned())
        }
    }

    fn serialize_none(self) -> Result<String, TextError> {
        Ok(String::new())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<String, TextError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<String, TextError> {
        Ok(String::new())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<String, TextError> {
        Ok(String::new())
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<String, TextError> {
        Ok(variant.to_owned())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<String, TextError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<String, TextError> {
        Err(TextError::NeedsJson)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_read_back_exactly_in_rust_and_python_syntax() {
        assert_eq!(encode_value("f", &80.0f64).unwrap(), "80.0");
        assert_eq!(encode_value("f", &0.1f32).unwrap(), "0.1");
        // Exponent form (`1e300` or `1e+300`, by serde_json version), not 301 digits.
        let big = encode_value("f", &1e300f64).unwrap();
        assert!(big.len() < 8, "{big}");
        assert_eq!(big.parse::<f64>().unwrap().to_bits(), 1e300f64.to_bits());
        assert_eq!(encode_value("f", &f64::NAN).unwrap(), "NaN");
        assert_eq!(encode_value("f", &f32::NEG_INFINITY).unwrap(), "-Infinity");
        for text in ["NaN", "Infinity", "-Infinity"] {
            assert!(text.parse::<f64>().is_ok(), "{text}");
        }
    }

    #[test]
    fn keys_are_checked() {
        for key in ["", "a=b", "a b", "a\tb", "a\nb", "a\u{a0}b"] {
            assert!(check_key(key).is_err(), "{key:?}");
        }
        for key in ["port", "private-address", "a.b/c:d", "ключ", "\"q\""] {
            assert!(check_key(key).is_ok(), "{key:?}");
        }
    }

    #[test]
    fn map_keys_are_written_raw() {
        let map = BTreeMap::from([("\"q\"", "\"v\"")]);
        let bag = to_bag(&map).unwrap();
        assert_eq!(bag["\"q\""], r#""\"v\"""#);
    }
}
