//! Recognising a value that is a JSON string literal, as charms.reactive's
//! Endpoint writers produce for every string they publish.

/// The string a JSON string literal such as `"example.com"` (quotes
/// included) stands for, or `None` if `text` is not exactly one such
/// literal.
///
/// The encoder uses the same test to decide when a string must be quoted to
/// survive the decoder, which is what keeps every string round-trip exact.
pub(crate) fn json_string(text: &str) -> Option<String> {
    // The cheap test first: most values are not quoted at all.
    if text.len() >= 2 && text.starts_with('"') && text.ends_with('"') {
        serde_json::from_str(text).ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::json_string;

    #[test]
    fn only_whole_literals_count() {
        assert_eq!(
            json_string(r#""example.com""#).as_deref(),
            Some("example.com")
        );
        assert_eq!(json_string(r#""a\"b\n""#).as_deref(), Some("a\"b\n"));
        assert_eq!(json_string(r#""""#).as_deref(), Some(""));
        assert_eq!(json_string("\""), None);
        assert_eq!(json_string(r#""a" "b""#), None);
        assert_eq!(json_string(r#""a"#), None);
        assert_eq!(json_string("example.com"), None);
        assert_eq!(json_string("80"), None);
        // A raw control character is not valid inside a JSON string.
        assert_eq!(json_string("\"a\nb\""), None);
    }
}
