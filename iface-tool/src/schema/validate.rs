//! Schemas in: relation data and declared types checked against a
//! published JSON Schema, each mismatch naming its bag and key.
//!
//! Two kinds of schema are understood. A *side* schema (charm-relation-
//! interfaces' `provider.json`/`requirer.json`) has `unit` and `app`
//! properties, one per bag. Any other object schema is a *bag* schema,
//! such as the one pydantic's `model_json_schema()` gives for a library's
//! databag model, and applies to every bag checked. A key's schema may
//! describe the text on the wire (`type: string`, with
//! `contentMediaType: application/json` and a `contentSchema` for the
//! decoded value, which is then checked too, since JSON Schema itself only
//! annotates content) or the decoded value (a model's `type: array`): a
//! key is accepted when its text, or the JSON it holds, is valid.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde_json::{Value, json};

use super::DRAFT_2020_12;

/// Relation data as a side wrote it: its application bag and each unit's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recorded {
    /// The application bag (written by the leader).
    #[serde(default)]
    pub app: BTreeMap<String, String>,
    /// Each unit's bag, by unit name.
    #[serde(default)]
    pub units: BTreeMap<String, BTreeMap<String, String>>,
}

/// One key (or bag) that does not satisfy the schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// `app`, a unit name, or for a type check `unit`/`app` and the type.
    pub bag: String,
    /// The key, when the mismatch is about one.
    pub key: Option<String>,
    /// What is wrong.
    pub reason: String,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.key {
            Some(key) => write!(f, "{} `{}`: {}", self.bag, key.escape_debug(), self.reason),
            None => write!(f, "{}: {}", self.bag, self.reason),
        }
    }
}

/// The schema of bag `bag` (`unit` or `app`) in `schema`: its property of
/// that name for a side schema (resolving a `$ref`), `None` when a side
/// schema has no such bag, else the schema itself.
fn bag_of<'a>(schema: &'a Value, bag: &str) -> Option<&'a Value> {
    let properties = &schema["properties"];
    if properties.get("unit").is_some() || properties.get("app").is_some() {
        properties.get(bag).map(|bag| resolve(schema, bag))
    } else {
        Some(schema)
    }
}

/// `value` with a local `$ref` (`#/$defs/Name`) followed, else itself.
fn resolve<'a>(root: &'a Value, value: &'a Value) -> &'a Value {
    match value["$ref"].as_str().and_then(|r| r.strip_prefix('#')) {
        Some(pointer) => root.pointer(pointer).unwrap_or(value),
        None => value,
    }
}

/// Validators of sub-schemas of one root, sharing its `$defs`.
struct Checker<'a> {
    root: &'a Value,
}

impl Checker<'_> {
    /// The problems of `instance` against `schema` (a part of the root),
    /// as `path: message` lines; an empty list when it is valid.
    fn problems(&self, schema: &Value, instance: &Value) -> Result<Vec<String>, String> {
        let mut wrapper = json!({ "$schema": DRAFT_2020_12, "allOf": [schema] });
        for defs in ["$defs", "definitions"] {
            if let Some(found) = self.root.get(defs) {
                wrapper[defs] = found.clone();
            }
        }
        let validator = jsonschema::draft202012::new(&wrapper)
            .map_err(|e| format!("the schema does not compile: {e}"))?;
        Ok(validator
            .iter_errors(instance)
            .map(|error| {
                let path = error.instance_path().to_string();
                let message = short(&error.to_string());
                if path.is_empty() {
                    message
                } else {
                    format!("at {path}: {message}")
                }
            })
            .collect())
    }

    /// The mismatches of one bag against its bag schema.
    fn bag(
        &self,
        name: &str,
        schema: &Value,
        bag: &BTreeMap<String, String>,
    ) -> Result<Vec<Mismatch>, String> {
        let mismatch = |key: Option<&str>, reason: String| Mismatch {
            bag: name.to_owned(),
            key: key.map(str::to_owned),
            reason,
        };
        let mut found = Vec::new();
        for key in schema["required"].as_array().into_iter().flatten() {
            let Some(key) = key.as_str() else { continue };
            if bag.get(key).is_none_or(String::is_empty) {
                found.push(mismatch(
                    Some(key),
                    "required by the schema, but absent".to_owned(),
                ));
            }
        }
        let properties = schema["properties"].as_object();
        let closed = schema["additionalProperties"] == Value::Bool(false);
        for (key, text) in bag.iter().filter(|(_, text)| !text.is_empty()) {
            let Some(property) = properties.and_then(|p| p.get(key)) else {
                if closed {
                    found.push(mismatch(
                        Some(key),
                        "not a key the schema allows".to_owned(),
                    ));
                }
                continue;
            };
            let property = resolve(self.root, property);
            if let Some(reason) = self.key(property, text)? {
                found.push(mismatch(Some(key), reason));
            }
        }
        Ok(found)
    }

    /// Why the text `text` of a key does not satisfy `property`, if it
    /// does not.
    fn key(&self, property: &Value, text: &str) -> Result<Option<String>, String> {
        let json = serde_json::from_str::<Value>(text);
        let as_text = Value::String(text.to_owned());
        let text_problems = self.problems(property, &as_text)?;
        if let Some(content) = property.get("contentSchema")
            && property["contentMediaType"] == "application/json"
        {
            if !text_problems.is_empty() {
                return Ok(Some(text_problems.join("; ")));
            }
            return Ok(match json {
                Err(error) => Some(format!("not JSON ({error}): {}", quote(text))),
                Ok(decoded) => {
                    let problems = self.problems(content, &decoded)?;
                    (!problems.is_empty()).then(|| problems.join("; "))
                }
            });
        }
        if text_problems.is_empty() {
            return Ok(None);
        }
        Ok(match json {
            Ok(decoded) => {
                let problems = self.problems(property, &decoded)?;
                (!problems.is_empty()).then(|| problems.join("; "))
            }
            Err(_) => Some(text_problems.join("; ")),
        })
    }
}

/// A validator's message, cut short: it may quote a whole certificate.
fn short(message: &str) -> String {
    const LIMIT: usize = 240;
    match message.char_indices().nth(LIMIT) {
        None => message.to_owned(),
        Some((cut, _)) => format!("{}... ({} bytes)", &message[..cut], message.len()),
    }
}

/// `text` quoted and cut short for a message.
fn quote(text: &str) -> String {
    short(&format!("{text:?}"))
}

/// Checks recorded relation data against `schema`: the application bag
/// against the schema's `app` bag, each unit's bag against its `unit` bag
/// (or every bag against a bag schema). A bag the data has but a side
/// schema does not describe is a mismatch; bags the data lacks are not
/// checked.
pub fn check_recorded(schema: &Value, data: &Recorded) -> Result<Vec<Mismatch>, String> {
    let checker = Checker { root: schema };
    let mut found = Vec::new();
    let bags = (!data.app.is_empty())
        .then(|| ("app".to_owned(), "app", &data.app))
        .into_iter()
        .chain(
            data.units
                .iter()
                .map(|(unit, bag)| (unit.clone(), "unit", bag)),
        );
    for (name, kind, bag) in bags {
        match bag_of(schema, kind) {
            Some(bag_schema) => found.extend(checker.bag(&name, bag_schema, bag)?),
            None => found.push(Mismatch {
                bag: name,
                key: None,
                reason: format!("the schema describes no {kind} bag"),
            }),
        }
    }
    Ok(found)
}

/// Checks the types an interface declares (from a charm binary's
/// `describe --format json`, relation `relation` or every relation bound
/// to the schema's interface) against a published side schema: every key
/// a type writes must be one the published bag lists, every key the
/// published bag requires must be one the type writes, and a key the
/// schema says holds JSON must not be a raw string.
pub fn check_describe(
    schema: &Value,
    describe: &Value,
    relation: Option<&str>,
) -> Result<Vec<Mismatch>, String> {
    let mut found = Vec::new();
    let mut checked = 0;
    for entry in describe["relations"].as_array().into_iter().flatten() {
        if relation.is_some_and(|wanted| entry["name"] != wanted) {
            continue;
        }
        for data in entry["bound"]["data"].as_array().into_iter().flatten() {
            if data["direction"] != "sets" {
                continue;
            }
            checked += 1;
            let bag = data["bag"].as_str().unwrap_or("unit");
            let name = format!("{bag} ({})", data["name"].as_str().unwrap_or("?"));
            let Some(published) = bag_of(schema, bag) else {
                found.push(Mismatch {
                    bag: name,
                    key: None,
                    reason: format!(
                        "the type writes the {bag} bag, which the schema does not describe"
                    ),
                });
                continue;
            };
            let keys: Vec<&str> = data["keys"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            let properties = published["properties"].as_object();
            for key in &keys {
                match properties.and_then(|p| p.get(*key)) {
                    None => found.push(Mismatch {
                        bag: name.clone(),
                        key: Some((*key).to_owned()),
                        reason:
                            "the type writes it, but the schema has no such key (readers ignore it)"
                                .to_owned(),
                    }),
                    Some(property) => {
                        let property = resolve(schema, property);
                        let json_wanted = property["contentMediaType"] == "application/json";
                        if json_wanted && data["encoding"] == "raw" {
                            let string = data["schema"]["properties"][*key]["type"] == "string";
                            if string {
                                found.push(Mismatch {
                                    bag: name.clone(),
                                    key: Some((*key).to_owned()),
                                    reason: "the schema wants JSON, the type writes a raw string (declare it #[iface::data(json)])".to_owned(),
                                });
                            }
                        }
                    }
                }
            }
            for key in published["required"].as_array().into_iter().flatten() {
                if let Some(key) = key.as_str()
                    && !keys.contains(&key)
                {
                    found.push(Mismatch {
                        bag: name.clone(),
                        key: Some(key.to_owned()),
                        reason: "the schema requires it, but the type never writes it".to_owned(),
                    });
                }
            }
        }
    }
    if checked == 0 {
        return Err(match relation {
            Some(relation) => {
                format!("relation `{relation}` declares no types it writes (`sets(...)`)")
            }
            None => "the charm declares no types it writes (`sets(...)`)".to_owned(),
        });
    }
    Ok(found)
}
