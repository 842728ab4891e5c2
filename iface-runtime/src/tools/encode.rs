//! Text the hook tools receive: the `relation-set --file -` document and
//! `juju-log` messages cut to Juju's size guidance.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Writes `settings` as a one-line JSON object (`{"k": "v", ...}`) whose every string a YAML
/// parser (Juju reads `--file` with go-yaml) decodes to exactly the same
/// text.
///
/// JSON is valid YAML, with traps this avoids: YAML 1.1 folds a raw
/// U+0085, U+2028 or U+2029 inside a quoted scalar as a line break, refuses
/// raw non-printable characters (DEL, C1 controls, U+FFFE/U+FFFF), and
/// go-yaml rejects `\u` escapes of surrogates, so astral characters stay raw
/// UTF-8 and every other risky character becomes a `\uXXXX` escape.
pub fn settings_document(settings: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(
        2 + settings
            .iter()
            .map(|(k, v)| k.len() + v.len() + 6)
            .sum::<usize>(),
    );
    out.push('{');
    for (i, (key, value)) in settings.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        push_string(&mut out, key);
        // A space after `:` and `,`: YAML parsers derived from older libyaml
        // only accept a flow value adjacent to a quoted key in JSON mode.
        out.push_str(": ");
        push_string(&mut out, value);
    }
    out.push('}');
    out
}

fn push_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{0}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{feff}'
            | '\u{fffe}'
            | '\u{ffff}' => {
                // Infallible: writing to a String.
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            _ => out.push(c),
        }
    }
    out.push('"');
}

/// The largest `juju-log` message this crate passes, in bytes: Juju's
/// guidance is to keep a message under 128 KiB.
pub const JUJU_LOG_MAX_BYTES: usize = 128 * 1024 - 1;

/// `message` unchanged if it fits in [`JUJU_LOG_MAX_BYTES`]; otherwise cut
/// on a char boundary and ended with a marker saying how many bytes were
/// dropped, the whole still within the limit.
pub fn truncate_log_message(message: &str) -> Cow<'_, str> {
    if message.len() <= JUJU_LOG_MAX_BYTES {
        return Cow::Borrowed(message);
    }
    // The marker's length depends on the count it prints; reserving room
    // for the longest count keeps the arithmetic one pass.
    let room = JUJU_LOG_MAX_BYTES - marker(message.len()).len();
    let mut end = room;
    while !message.is_char_boundary(end) {
        end -= 1;
    }
    let mut out = String::with_capacity(JUJU_LOG_MAX_BYTES);
    out.push_str(&message[..end]);
    out.push_str(&marker(message.len() - end));
    Cow::Owned(out)
}

fn marker(dropped: usize) -> String {
    format!(" [... {dropped} bytes truncated]")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_document_is_json_of_the_same_map() {
        let map: BTreeMap<String, String> = [
            ("a", "x\ny"),
            ("nel", "\u{85}\u{2028}\u{2029}\u{feff}\u{7f}\u{1}"),
            ("astral", "🎉"),
            ("q", "\"\\"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        let doc = settings_document(&map);
        assert!(doc.is_ascii() || doc.contains('🎉'));
        assert!(!doc.contains('\u{85}') && !doc.contains('\u{2028}'));
        let back: BTreeMap<String, String> = serde_json::from_str(&doc).unwrap();
        assert_eq!(back, map);
        assert_eq!(settings_document(&BTreeMap::new()), "{}");
    }

    #[test]
    fn log_messages_are_cut_on_a_char_boundary_with_a_marker() {
        assert_eq!(truncate_log_message("short"), "short");
        let exact = "x".repeat(JUJU_LOG_MAX_BYTES);
        assert!(matches!(truncate_log_message(&exact), Cow::Borrowed(_)));
        // Multi-byte chars straddling the cut.
        let long = "é".repeat(JUJU_LOG_MAX_BYTES);
        let cut = truncate_log_message(&long);
        assert!(cut.len() <= JUJU_LOG_MAX_BYTES);
        assert!(cut.ends_with(" bytes truncated]"));
        let kept = cut.split(" [... ").next().unwrap();
        let dropped: usize = cut
            .rsplit("[... ")
            .next()
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(kept.len() + dropped, long.len());
    }
}
