//! How serde names a struct field under `#[serde(rename_all = "...")]`.
//!
//! serde does not split words: it assumes a field is already `snake_case`
//! and only moves underscores and ASCII case. So `snake_case` and
//! `lowercase` leave every field as written (`HTTPPort` stays `HTTPPort`),
//! `PascalCase` drops each `_` and upper-cases the letter after it and the
//! first one, `camelCase` then lower-cases the first letter again, the
//! SCREAMING rules upper-case ASCII letters only, and the kebab rules turn
//! `_` into `-`. A case-conversion library that splits words (heck gives
//! `http_port`) names keys serde never writes; these rules are checked
//! against `serde_json`'s output in `tests/serde_field_names.rs`.

/// A `rename_all` rule serde accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RenameRule {
    Lower,
    Upper,
    Pascal,
    Camel,
    Snake,
    ScreamingSnake,
    Kebab,
    ScreamingKebab,
}

impl RenameRule {
    /// Every rule, by the name `rename_all` gives it, in serde's order.
    pub(crate) const ALL: [(&'static str, RenameRule); 8] = [
        ("lowercase", RenameRule::Lower),
        ("UPPERCASE", RenameRule::Upper),
        ("PascalCase", RenameRule::Pascal),
        ("camelCase", RenameRule::Camel),
        ("snake_case", RenameRule::Snake),
        ("SCREAMING_SNAKE_CASE", RenameRule::ScreamingSnake),
        ("kebab-case", RenameRule::Kebab),
        ("SCREAMING-KEBAB-CASE", RenameRule::ScreamingKebab),
    ];

    /// The rule `rename_all = "name"` names, if serde knows it.
    pub(crate) fn named(name: &str) -> Option<RenameRule> {
        Self::ALL
            .iter()
            .find(|(known, _)| *known == name)
            .map(|&(_, rule)| rule)
    }

    /// The key serde writes for the field `field` (as written, `r#`
    /// removed) under this rule.
    pub(crate) fn field(self, field: &str) -> String {
        match self {
            RenameRule::Lower | RenameRule::Snake => field.to_owned(),
            RenameRule::Upper | RenameRule::ScreamingSnake => field.to_ascii_uppercase(),
            RenameRule::Pascal => words_joined_capitalized(field),
            RenameRule::Camel => {
                let pascal = words_joined_capitalized(field);
                let mut chars = pascal.chars();
                match chars.next() {
                    Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
                    None => pascal,
                }
            }
            RenameRule::Kebab => field.replace('_', "-"),
            RenameRule::ScreamingKebab => field.to_ascii_uppercase().replace('_', "-"),
        }
    }
}

/// `field` without its underscores, with the first character and each
/// one that followed an underscore upper-cased (ASCII only); the rest as
/// written.
fn words_joined_capitalized(field: &str) -> String {
    let mut joined = String::with_capacity(field.len());
    let mut at_word_start = true;
    for c in field.chars() {
        if c == '_' {
            at_word_start = true;
        } else if at_word_start {
            joined.push(c.to_ascii_uppercase());
            at_word_start = false;
        } else {
            joined.push(c);
        }
    }
    joined
}

#[cfg(test)]
mod tests {
    use super::RenameRule;

    fn all(field: &str) -> Vec<String> {
        RenameRule::ALL
            .iter()
            .map(|&(_, rule)| rule.field(field))
            .collect()
    }

    #[test]
    fn fields_are_not_split_into_words() {
        assert_eq!(
            all("HTTPPort"),
            [
                "HTTPPort", "HTTPPORT", "HTTPPort", "hTTPPort", "HTTPPort", "HTTPPORT", "HTTPPort",
                "HTTPPORT"
            ]
        );
        assert_eq!(
            all("_leading__double_"),
            [
                "_leading__double_",
                "_LEADING__DOUBLE_",
                "LeadingDouble",
                "leadingDouble",
                "_leading__double_",
                "_LEADING__DOUBLE_",
                "-leading--double-",
                "-LEADING--DOUBLE-"
            ]
        );
    }

    #[test]
    fn only_ascii_changes_case() {
        assert_eq!(RenameRule::Upper.field("grüße"), "GRüßE");
        assert_eq!(RenameRule::Pascal.field("über_all"), "überAll");
        assert_eq!(RenameRule::Camel.field("__"), "");
    }

    #[test]
    fn rules_are_found_by_serde_s_names_only() {
        assert_eq!(RenameRule::named("kebab-case"), Some(RenameRule::Kebab));
        assert_eq!(RenameRule::named("Kebab-Case"), None);
        assert_eq!(RenameRule::named("snake"), None);
    }
}
