//! Describing a YAML value in an error message.

use serde_yaml_ng::Value;

/// The longest string quoted whole in a message.
const QUOTE_LIMIT: usize = 40;

/// What `value` is, for "found ..." in a message: "a list", "the number
/// \`3\`", "an empty value".
pub fn describe(value: &Value) -> String {
    match value {
        Value::Null => "an empty value".to_owned(),
        Value::Bool(b) => format!("the boolean `{b}`"),
        Value::Number(n) => format!("the number `{n}`"),
        Value::String(s) if s.is_empty() => "an empty string".to_owned(),
        Value::String(s) if s.chars().count() > QUOTE_LIMIT => {
            let head: String = s.chars().take(QUOTE_LIMIT).collect();
            format!("the string `{head}...`")
        }
        Value::String(s) => format!("the string `{s}`"),
        Value::Sequence(_) => "a list".to_owned(),
        Value::Mapping(map) if map.is_empty() => "an empty map".to_owned(),
        Value::Mapping(_) => "a map".to_owned(),
        Value::Tagged(tagged) => format!("a value tagged `{}`", tagged.tag),
    }
}
