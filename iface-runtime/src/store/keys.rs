//! The key layout charms.reactive uses, so Python and Rust see the same flags.

/// Prefix of every flag key: the flag `website.available` is stored under
/// `reactive.states.website.available`. A plain flag's value is `null`;
/// conversation-backed flags hold `{"relation": ..., "conversations": [...]}`.
pub const FLAG_PREFIX: &str = "reactive.states.";

/// Prefix of every conversation key, e.g.
/// `reactive.conversations.website:1.haproxy/0`; a conversation's local data
/// lives below it under `.local-data.`.
pub const CONVERSATION_PREFIX: &str = "reactive.conversations.";

/// The store key of the flag `name`.
pub fn flag_key(name: &str) -> String {
    format!("{FLAG_PREFIX}{name}")
}

/// The flag name stored under `key`, if `key` is a flag key.
pub fn flag_name(key: &str) -> Option<&str> {
    key.strip_prefix(FLAG_PREFIX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_keys_round_trip() {
        assert_eq!(
            flag_key("website.available"),
            "reactive.states.website.available"
        );
        assert_eq!(flag_name(&flag_key("a.b")), Some("a.b"));
        assert_eq!(flag_name("reactive.conversations.x"), None);
    }
}
