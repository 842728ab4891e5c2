//! JSON text exactly as Python's `json.dumps(value)` writes it.
//!
//! charmhelpers skips a write when the new text equals the stored text, and
//! Python code may compare stored text directly, so values written from Rust
//! must be the same bytes Python would produce: `", "` and `": "` separators,
//! every non-ASCII character (and DEL) escaped as `\uXXXX` in lower-case hex
//! with UTF-16 surrogate pairs, and floats in `repr` form (`1e+16`, `1e-05`,
//! `100.0`).
//!
//! Object keys keep the order the value serializes them in, so a Rust struct
//! written here gives the same text as a Python dict built in field order.
//!
//! One deliberate difference: serde hands non-finite floats to the formatter
//! as `null`, so `NaN` and infinities become `null` where Python would write
//! the non-standard `NaN` / `Infinity`, which no strict JSON reader accepts.
//!
//! [`reencode`] does the same for JSON text (the CLI's `set-flag --value`),
//! keeping every integer exact: the store is shared with Python, whose
//! integers have no size limit, while a [`serde_json::Value`] holds at most
//! 64 bits and reads a larger integer as the nearest float.

use std::collections::HashMap;
use std::fmt;
use std::io::{self, Write};

use serde::Serialize;
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::ser::Formatter;
use serde_json::value::RawValue;

/// Serializes `value` the way Python's `json.dumps(value)` does, byte for
/// byte (apart from non-finite floats, see the module docs).
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, PyFormatter);
    value.serialize(&mut ser)?;
    // The formatter only emits ASCII, so this cannot fail; map it anyway
    // rather than panic.
    String::from_utf8(out).map_err(|e| serde_json::Error::io(io::Error::other(e)))
}

/// How deep [`reencode`] follows arrays and objects: `serde_json`'s own
/// limit, so that every reader in iface can read back what it writes.
const MAX_DEPTH: usize = 128;

/// The most digits Python (3.11 and later, by default) converts from text
/// to an integer: `json.loads` refuses longer ones.
const PYTHON_MAX_DIGITS: usize = 4300;

/// `text` as Python's `json.dumps(json.loads(text))` writes it, byte for
/// byte: Python's separators and escapes, each object key where it first
/// appears with the last value given for it, integers exact whatever their
/// size (`-0` is `0`), and other numbers as the float Python reads
/// (`2.50` is `2.5`, `1E5` is `100000.0`).
///
/// Refused: text that is not JSON; a number Python reads as infinity
/// (`1e400`), since `json.dumps` writes that as `Infinity`, which is not
/// JSON and which no strict reader, iface's included, can read back; an
/// integer longer than Python reads (4300 digits); nesting deeper than 128.
pub fn reencode(text: &str) -> Result<String, serde_json::Error> {
    let raw: &RawValue = serde_json::from_str(text)?;
    let mut out = String::with_capacity(text.len());
    write_raw(raw, 0, &mut out)?;
    Ok(out)
}

/// Appends `raw`, a JSON value `depth` levels down, to `out` the way
/// [`reencode`] says.
fn write_raw(raw: &RawValue, depth: usize, out: &mut String) -> Result<(), serde_json::Error> {
    let text = raw.get();
    match text.as_bytes().first() {
        Some(b'{' | b'[') if depth >= MAX_DEPTH => {
            return Err(refused(format!("it is nested more than {MAX_DEPTH} deep")));
        }
        Some(b'{') => {
            let Members(members) = serde_json::from_str(text)?;
            out.push('{');
            for (i, (key, value)) in members.into_iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&to_string(&key)?);
                out.push_str(": ");
                write_raw(value, depth + 1, out)?;
            }
            out.push('}');
        }
        Some(b'[') => {
            let items: Vec<&RawValue> = serde_json::from_str(text)?;
            out.push('[');
            for (i, item) in items.into_iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_raw(item, depth + 1, out)?;
            }
            out.push(']');
        }
        Some(b'"') => out.push_str(&to_string(&serde_json::from_str::<String>(text)?)?),
        Some(b't' | b'f' | b'n') => out.push_str(text),
        _ => out.push_str(&number(text)?),
    }
    Ok(())
}

/// A JSON number's text as Python writes the number it reads from it.
fn number(text: &str) -> Result<String, serde_json::Error> {
    if text.contains(['.', 'e', 'E']) {
        // Rust and Python both read the nearest double.
        let float: f64 = text
            .parse()
            .map_err(|e| refused(format!("{text} is not a number: {e}")))?;
        if !float.is_finite() {
            return Err(refused(format!(
                "{text} is beyond the range of a double: Python would read it as infinity \
                 and store `Infinity`, which is not JSON"
            )));
        }
        return Ok(python_float_repr(&format!("{float:e}")));
    }
    let digits = text.trim_start_matches('-');
    if digits.len() > PYTHON_MAX_DIGITS {
        return Err(refused(format!(
            "an integer of {} digits is longer than Python reads ({PYTHON_MAX_DIGITS} digits)",
            digits.len()
        )));
    }
    Ok(if digits == "0" { digits } else { text }.to_owned())
}

fn refused(reason: String) -> serde_json::Error {
    <serde_json::Error as de::Error>::custom(reason)
}

/// An object's members in the order Python's `dict` keeps them: where each
/// key first appears, with the last value given for it.
struct Members<'de>(Vec<(String, &'de RawValue)>);

impl<'de> Deserialize<'de> for Members<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MembersVisitor;

        impl<'de> Visitor<'de> for MembersVisitor {
            type Value = Members<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members<'de>, A::Error> {
                let mut members: Vec<(String, &'de RawValue)> = Vec::new();
                let mut position: HashMap<String, usize> = HashMap::new();
                while let Some((key, value)) = map.next_entry::<String, &'de RawValue>()? {
                    if let Some(&i) = position.get(&key) {
                        members[i].1 = value;
                    } else {
                        position.insert(key.clone(), members.len());
                        members.push((key, value));
                    }
                }
                Ok(Members(members))
            }
        }

        deserializer.deserialize_map(MembersVisitor)
    }
}

/// A [`Formatter`] producing Python `json.dumps` defaults.
///
/// Exposed so callers can stream into their own writer with
/// [`serde_json::Serializer::with_formatter`].
#[derive(Debug, Clone, Copy, Default)]
pub struct PyFormatter;

impl Formatter for PyFormatter {
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if first { Ok(()) } else { w.write_all(b", ") }
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if first { Ok(()) } else { w.write_all(b", ") }
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn write_f64<W: ?Sized + Write>(&mut self, w: &mut W, value: f64) -> io::Result<()> {
        w.write_all(python_float_repr(&format!("{value:e}")).as_bytes())
    }

    fn write_f32<W: ?Sized + Write>(&mut self, w: &mut W, value: f32) -> io::Result<()> {
        // Shortest digits of the f32 itself: widening first would print
        // 0.1f32 as 0.10000000149011612, which is not what the caller meant.
        w.write_all(python_float_repr(&format!("{value:e}")).as_bytes())
    }

    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // serde_json has already split out quotes, backslashes and control
        // characters (which it escapes as Python does); everything else
        // outside printable ASCII is ours to escape.
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if (' '..='~').contains(&c) {
                continue;
            }
            w.write_all(&fragment.as_bytes()[start..i])?;
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                write!(w, "\\u{unit:04x}")?;
            }
            start = i + c.len_utf8();
        }
        w.write_all(&fragment.as_bytes()[start..])
    }
}

/// Lays out Rust's shortest round-trip digits (given as `{:e}` output, e.g.
/// `-1.25e-7`) the way Python's `float.__repr__` does.
///
/// Both languages pick the shortest digit string that reads back as the same
/// float, so only the layout differs: Python uses an exponent when the
/// decimal exponent is below -4 or at least 16, writes it with a sign and at
/// least two digits, and otherwise adds `.0` to whole numbers.
fn python_float_repr(sci: &str) -> String {
    let (negative, sci) = match sci.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, sci),
    };
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((sci, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();

    let mut out = String::with_capacity(digits.len() + 8);
    if negative {
        out.push('-');
    }
    if !(-4..16).contains(&exponent) {
        let (first, rest) = digits.split_at(1.min(digits.len()));
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        let sign = if exponent < 0 { '-' } else { '+' };
        return format!("{out}e{sign}{:02}", exponent.unsigned_abs());
    }
    // Position of the decimal point counted from the start of `digits`.
    let point = exponent + 1;
    if point <= 0 {
        out.push_str("0.");
        for _ in 0..-point {
            out.push('0');
        }
        out.push_str(&digits);
    } else {
        let point = usize::try_from(point).unwrap_or(0);
        if point < digits.len() {
            out.push_str(&digits[..point]);
            out.push('.');
            out.push_str(&digits[point..]);
        } else {
            out.push_str(&digits);
            for _ in digits.len()..point {
                out.push('0');
            }
            out.push_str(".0");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_layout_matches_python_repr() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1.0, "1.0"),
            (0.1, "0.1"),
            (1e15, "1000000000000000.0"),
            (1e16, "1e+16"),
            (1.5e16, "1.5e+16"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.25e-7, "1.25e-07"),
            (123.456, "123.456"),
            (-2.5e300, "-2.5e+300"),
            (5e-324, "5e-324"),
        ];
        for &(value, expected) in cases {
            assert_eq!(to_string(&value).unwrap(), expected, "{value:e}");
        }
        assert_eq!(to_string(&0.1f32).unwrap(), "0.1");
    }

    #[test]
    fn separators_and_escapes() {
        let value = serde_json::json!([1, {"a": "é\u{1F600}\u{7f}\"\\\n"}, [], {}]);
        assert_eq!(
            to_string(&value).unwrap(),
            r#"[1, {"a": "\u00e9\ud83d\ude00\u007f\"\\\n"}, [], {}]"#
        );
    }

    #[test]
    fn non_finite_floats_become_null() {
        assert_eq!(
            to_string(&[f64::NAN, f64::INFINITY]).unwrap(),
            "[null, null]"
        );
    }
}
