//! `#[derive(RelationData)]` names keys exactly as serde does: for every
//! `rename_all` rule serde accepts, and for awkward field names, the keys
//! it derives are the keys `serde_json` writes, and the keys it calls
//! required are the ones `serde_json` cannot do without.
#![allow(non_snake_case, dead_code, clippy::pedantic)]

use std::collections::BTreeSet;

use iface::RelationData;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The keys `serde_json` writes for `T::default()`.
fn written<T: Serialize + Default>() -> BTreeSet<String> {
    match serde_json::to_value(T::default()).unwrap() {
        Value::Object(map) => map.keys().cloned().collect(),
        other => panic!("not an object: {other}"),
    }
}

fn set(keys: &[&str]) -> BTreeSet<String> {
    keys.iter().map(|k| (*k).to_owned()).collect()
}

/// `REQUIRED` is exactly what deserializing needs: an object with just
/// those keys decodes, and it fails without any one of them.
fn assert_required_is_what_serde_needs<T: DeserializeOwned + RelationData>() {
    let object = |skip: Option<&str>| -> Value {
        let map: Map<String, Value> = T::REQUIRED
            .iter()
            .filter(|key| Some(**key) != skip)
            .map(|key| ((*key).to_owned(), Value::from(0)))
            .collect();
        Value::Object(map)
    };
    serde_json::from_value::<T>(object(None)).unwrap_or_else(|error| {
        panic!(
            "{}: the keys it calls required are not enough: {error}",
            std::any::type_name::<T>()
        )
    });
    for key in T::REQUIRED {
        let error = serde_json::from_value::<T>(object(Some(key)))
            .err()
            .unwrap_or_else(|| panic!("`{key}` is called required but serde does without it"));
        assert!(
            error
                .to_string()
                .contains(&format!("missing field `{key}`")),
            "{error}"
        );
    }
}

/// One struct per rule, with the same awkward fields.
macro_rules! rule_case {
    ($name:ident, $rule:literal) => {
        #[derive(Serialize, Deserialize, Default, RelationData)]
        #[serde(rename_all = $rule)]
        struct $name {
            plain: u8,
            two_words: u8,
            HTTPPort: u8,
            mixedCase: u8,
            SCREAMING_ALREADY: u8,
            r#type: u8,
            _leading: u8,
            trailing_: u8,
            double__underscore: u8,
            x1_y2: u8,
            a: u8,
            grüße_field: u8,
            optional: Option<u8>,
            #[serde(default)]
            defaulted: u8,
            #[serde(rename = "Explicit-Name")]
            renamed: u8,
        }
    };
}

rule_case!(Lower, "lowercase");
rule_case!(Upper, "UPPERCASE");
rule_case!(Pascal, "PascalCase");
rule_case!(Camel, "camelCase");
rule_case!(Snake, "snake_case");
rule_case!(ScreamingSnake, "SCREAMING_SNAKE_CASE");
rule_case!(Kebab, "kebab-case");
rule_case!(ScreamingKebab, "SCREAMING-KEBAB-CASE");

#[derive(Serialize, Deserialize, Default, RelationData)]
struct NoRule {
    plain: u8,
    HTTPPort: u8,
    r#type: u8,
}

fn check<T: Serialize + DeserializeOwned + Default + RelationData>() {
    assert_eq!(
        set(T::KEYS),
        written::<T>(),
        "{}",
        std::any::type_name::<T>()
    );
    assert_eq!(T::KEYS.len(), set(T::KEYS).len(), "no key twice");
    assert_required_is_what_serde_needs::<T>();
}

#[test]
fn every_rename_all_rule_names_keys_as_serde_writes_them() {
    check::<Lower>();
    check::<Upper>();
    check::<Pascal>();
    check::<Camel>();
    check::<Snake>();
    check::<ScreamingSnake>();
    check::<Kebab>();
    check::<ScreamingKebab>();
    check::<NoRule>();
}

#[test]
fn serde_does_not_split_words_in_field_names() {
    // What a word-splitting library would get wrong.
    assert!(Snake::KEYS.contains(&"HTTPPort"));
    assert!(Kebab::KEYS.contains(&"HTTPPort"));
    assert!(Camel::KEYS.contains(&"hTTPPort"));
    assert!(Pascal::KEYS.contains(&"MixedCase"));
    assert!(ScreamingKebab::KEYS.contains(&"-LEADING"));
    assert!(Pascal::KEYS.contains(&"Type"));
}

/// Renames that differ between serializing and deserializing, and fields
/// serde skips one way.
#[derive(Serialize, Deserialize, Default, RelationData)]
#[serde(rename_all(serialize = "kebab-case", deserialize = "SCREAMING_SNAKE_CASE"))]
struct TwoWays {
    host_name: u8,
    #[serde(rename(serialize = "out", deserialize = "in"))]
    port: u8,
    #[serde(rename(deserialize = "only_in"))]
    read_name: u8,
    #[serde(skip_serializing)]
    read_only: u8,
    #[serde(skip_deserializing)]
    written_only: u8,
    #[serde(skip)]
    neither: u8,
}

#[test]
fn keys_are_the_written_names_and_required_the_read_ones() {
    check::<TwoWays>();
    assert_eq!(
        TwoWays::KEYS,
        ["host-name", "out", "read-name", "written-only"]
    );
    assert_eq!(
        TwoWays::REQUIRED,
        ["HOST_NAME", "in", "only_in", "READ_ONLY"]
    );
}

/// A container-level `default` makes no field required.
#[derive(Serialize, Deserialize, Default, RelationData)]
#[serde(default, rename_all = "camelCase")]
struct AllDefault {
    first_key: u8,
    second_key: u8,
}

#[test]
fn a_default_container_requires_nothing() {
    check::<AllDefault>();
    assert!(AllDefault::REQUIRED.is_empty());
}
