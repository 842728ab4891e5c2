//! Schemas out: each side's bags, from the types of the interfaces a
//! charm binary's `describe` lists.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::{Map, Value, json};

use super::DRAFT_2020_12;

/// One side's schema of one interface, and where charm-relation-interfaces
/// keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct SideSchema {
    /// `<interface>/v<N>/<side>.json`, the interface's `-` written `_`.
    pub path: PathBuf,
    /// The schema.
    pub schema: Value,
}

/// What one side writes to one bag: the types (by name) and their schemas.
#[derive(Debug, Default)]
struct BagTypes {
    names: Vec<String>,
    /// `(type name, encoding, schema)`.
    types: Vec<(String, String, Value)>,
}

/// The schemas of every interface that the `describes` (each a charm
/// binary's `describe --format json`) bind, or only of `interface`, at
/// version `version`.
///
/// A side's bags come from the types its own charm `sets` and from the
/// types the other side's charm `gets`, so one charm describes both sides
/// of its interface as far as it knows them; given both charms, a side's
/// own `sets` win. Types without a schema (a hand-written `RelationData`)
/// are named in the error.
pub fn export(
    describes: &[Value],
    interface: Option<&str>,
    version: u32,
) -> Result<Vec<SideSchema>, String> {
    // (interface, side, bag) -> types, `sets` first.
    let mut bags: BTreeMap<(String, &'static str, String), (BagTypes, BagTypes)> = BTreeMap::new();
    for describe in describes {
        let relations = describe["relations"]
            .as_array()
            .ok_or("a describe output has no `relations` list")?;
        for relation in relations {
            let bound = &relation["bound"];
            let Some(name) = bound["name"].as_str() else {
                continue;
            };
            if interface.is_some_and(|wanted| wanted != name) {
                continue;
            }
            let own = match bound["role"].as_str() {
                Some("provides") => ("provider", "requirer"),
                Some("requires") => ("requirer", "provider"),
                _ => continue,
            };
            for data in bound["data"].as_array().into_iter().flatten() {
                let (Some(direction), Some(bag), Some(type_name)) = (
                    data["direction"].as_str(),
                    data["bag"].as_str(),
                    data["name"].as_str(),
                ) else {
                    return Err(format!(
                        "interface `{name}`: a data entry lacks `direction`, `bag` or `name`"
                    ));
                };
                let side = if direction == "sets" { own.0 } else { own.1 };
                let schema = data["schema"].clone();
                if schema.is_null() {
                    return Err(format!(
                        "interface `{name}`: type `{type_name}` has no JSON Schema (derive it with #[iface::data])"
                    ));
                }
                let encoding = data["encoding"].as_str().unwrap_or("raw").to_owned();
                let entry = bags
                    .entry((name.to_owned(), side, bag.to_owned()))
                    .or_default();
                let target = if direction == "sets" {
                    &mut entry.0
                } else {
                    &mut entry.1
                };
                if !target.names.iter().any(|n| n == type_name) {
                    target.names.push(type_name.to_owned());
                    target.types.push((type_name.to_owned(), encoding, schema));
                }
            }
        }
    }
    if bags.is_empty() {
        return Err(match interface {
            Some(name) => format!("no charm given binds interface `{name}` with declared types"),
            None => {
                "no interface with declared types (`sets(...)`, `gets(...)`) in the charms given"
                    .to_owned()
            }
        });
    }
    let mut sides: BTreeMap<(String, &'static str), Map<String, Value>> = BTreeMap::new();
    let mut defs: BTreeMap<(String, &'static str), Map<String, Value>> = BTreeMap::new();
    for ((name, side, bag), (sets, gets)) in bags {
        let chosen = if sets.types.is_empty() { gets } else { sets };
        let side_defs = defs.entry((name.clone(), side)).or_default();
        let bag_schema = bag_schema(&chosen, side_defs);
        sides
            .entry((name, side))
            .or_default()
            .insert(bag, bag_schema);
    }
    Ok(sides
        .into_iter()
        .map(|((name, side), properties)| {
            let mut side_defs = defs.remove(&(name.clone(), side)).unwrap_or_default();
            let required: Vec<&String> = properties.keys().collect();
            let mut schema = json!({
                "$schema": DRAFT_2020_12,
                "title": format!("{}Schema", if side == "provider" { "Provider" } else { "Requirer" }),
                "description": format!("The {side} side of the `{name}` interface, v{version}: the bags it writes, from its Rust types (iface schema)."),
                "type": "object",
                "properties": properties,
                "required": required,
            });
            if !side_defs.is_empty() {
                schema["$defs"] = Value::Object(std::mem::take(&mut side_defs));
            }
            SideSchema {
                path: PathBuf::from(name.replace('-', "_"))
                    .join(format!("v{version}"))
                    .join(format!("{side}.json")),
                schema,
            }
        })
        .collect())
}

/// One bag's schema: an object whose keys are strings on the wire, the
/// `$defs` of its types hoisted into `defs`.
fn bag_schema(types: &BagTypes, defs: &mut Map<String, Value>) -> Value {
    let mut properties = Map::new();
    let mut required: Vec<Value> = Vec::new();
    let mut descriptions = Vec::new();
    for (_, encoding, schema) in &types.types {
        if let Some(type_defs) = schema["$defs"].as_object() {
            for (key, def) in type_defs {
                defs.entry(key.clone()).or_insert_with(|| def.clone());
            }
        }
        if let Some(text) = schema["description"].as_str() {
            descriptions.push(text.to_owned());
        }
        for (key, property) in schema["properties"].as_object().into_iter().flatten() {
            properties
                .entry(key.clone())
                .or_insert_with(|| wire(property, encoding));
        }
        for key in schema["required"].as_array().into_iter().flatten() {
            if !required.contains(key) {
                required.push(key.clone());
            }
        }
    }
    let mut bag = json!({
        "title": types.names.join(" + "),
        "type": "object",
        "properties": properties,
        "required": required,
    });
    if !descriptions.is_empty() {
        bag["description"] = Value::String(descriptions.join("\n\n"));
    }
    bag
}

/// A key's schema on the wire: a string; a raw string key as it is, any
/// other key JSON text whose decoded value `property` describes.
fn wire(property: &Value, encoding: &str) -> Value {
    let description = property["description"].clone();
    let raw_string = encoding == "raw" && admits_string(property);
    let mut wire = if raw_string {
        property.clone()
    } else {
        let mut content = property.clone();
        if let Some(object) = content.as_object_mut() {
            object.remove("description");
        }
        json!({
            "type": "string",
            "contentMediaType": "application/json",
            "contentSchema": content,
        })
    };
    if !description.is_null() {
        wire["description"] = description;
    }
    wire
}

/// Whether a decoded value `property` allows is a string (`"type":
/// "string"`, alone or in a list).
fn admits_string(property: &Value) -> bool {
    match &property["type"] {
        Value::String(kind) => kind == "string",
        Value::Array(kinds) => kinds.iter().any(|kind| kind == "string"),
        _ => false,
    }
}
