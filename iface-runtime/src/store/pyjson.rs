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

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::Formatter;

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
