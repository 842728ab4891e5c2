//! `iface doc`: a charm's relations as Markdown, from its metadata's
//! `gets`/`sets` (seed 002) and, when given, its binary's `describe`.
//!
//! Per relation: a table of role, interface, Juju scope and (from
//! `describe`) conversation scope, flags and callable methods; then seed
//! 002's key table, one row per key with who writes it, who reads it and
//! when; then, from `describe`, the flags and the handlers that watch them.

use std::fmt::Write as _;

use iface_model::metadata::{Metadata, RelationDecl};
use iface_model::role::Role;
use serde_json::Value;

/// The Markdown for `charm`; `describe` is the parsed output of the charm
/// binary's `describe --format json`.
pub(crate) fn markdown(charm: &Metadata, describe: Option<&Value>) -> Result<String, String> {
    if let Some(describe) = describe {
        let name = describe.get("charm").and_then(Value::as_str);
        if name != Some(charm.name.as_str()) {
            return Err(format!(
                "the `describe` output is for charm {}, the metadata for `{}`",
                name.map_or_else(|| "(none named)".to_owned(), |n| format!("`{n}`")),
                charm.name
            ));
        }
    }
    let mut out = String::new();
    let source = if describe.is_some() {
        "its metadata and its binary's `describe`"
    } else {
        "its metadata"
    };
    let _ = writeln!(out, "# Charm `{}`\n", charm.name);
    let _ = writeln!(
        out,
        "Relations of `{}`, from {source} (`iface doc`).",
        charm.name
    );
    if charm.relations.is_empty() {
        let _ = writeln!(out, "\nIt declares no relations.");
    }
    for relation in &charm.relations {
        let described = describe.and_then(|d| described(d, &relation.name));
        out.push('\n');
        relation_doc(&mut out, charm, relation, described, describe);
    }
    if let Some(describe) = describe {
        config_doc(&mut out, describe);
        actions_doc(&mut out, describe);
    }
    Ok(out)
}

/// A table cell: `|` escaped, lines joined, empty as `-`.
fn cell(text: Option<&str>) -> String {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => text.replace('|', "\\|").replace('\n', " "),
        None => "-".to_owned(),
    }
}

/// `## Configuration`: every option, from `describe`'s `config`.
fn config_doc(out: &mut String, describe: &Value) {
    let Some(options) = describe.get("config").and_then(Value::as_array) else {
        return;
    };
    if options.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n## Configuration\n");
    let _ = writeln!(out, "| option | type | default | description |");
    let _ = writeln!(out, "|---|---|---|---|");
    for option in options {
        let text = |key| option.get(key).and_then(Value::as_str);
        let default = match option.get("default") {
            None | Some(Value::Null) => "none".to_owned(),
            Some(value) => format!("`{value}`"),
        };
        let _ = writeln!(
            out,
            "| `{}` | {} | {default} | {} |",
            text("name").unwrap_or_default(),
            text("type").unwrap_or_default(),
            cell(text("description"))
        );
    }
}

/// `## Actions`: every action with its parameters and handler, from
/// `describe`'s `actions`.
fn actions_doc(out: &mut String, describe: &Value) {
    let Some(actions) = describe.get("actions").and_then(Value::as_array) else {
        return;
    };
    if actions.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n## Actions");
    for action in actions {
        let text = |key| action.get(key).and_then(Value::as_str);
        let _ = writeln!(
            out,
            "\n### `{}` (handler `{}`)\n",
            text("name").unwrap_or_default(),
            text("handler").unwrap_or_default()
        );
        if let Some(description) = text("description").filter(|d| !d.trim().is_empty()) {
            let _ = writeln!(out, "{}\n", description.trim());
        }
        let params = action.get("params").and_then(Value::as_array);
        match params.filter(|p| !p.is_empty()) {
            None => {
                let _ = writeln!(out, "No parameters.");
            }
            Some(params) => {
                let _ = writeln!(out, "| parameter | type | required | description |");
                let _ = writeln!(out, "|---|---|---|---|");
                for param in params {
                    let field = |key| param.get(key).and_then(Value::as_str);
                    let required = param.get("required").and_then(Value::as_bool) == Some(true);
                    let _ = writeln!(
                        out,
                        "| `{}` | {} | {} | {} |",
                        field("name").unwrap_or_default(),
                        field("type").unwrap_or("any"),
                        if required { "yes" } else { "no" },
                        cell(field("description"))
                    );
                }
            }
        }
    }
}

/// The `describe` entry of relation `name`.
fn described<'v>(describe: &'v Value, name: &str) -> Option<&'v Value> {
    describe
        .get("relations")?
        .as_array()?
        .iter()
        .find(|r| r.get("name").and_then(Value::as_str) == Some(name))
}

fn code_list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|item| format!("`{item}`")).collect();
    match items.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn relation_doc(
    out: &mut String,
    charm: &Metadata,
    relation: &RelationDecl,
    described: Option<&Value>,
    describe: Option<&Value>,
) {
    let me = format!("each `{}` unit", charm.name);
    let (remote, side) = if relation.role == Role::Peers {
        ("each peer unit", "the peers have")
    } else {
        ("each remote unit", "the remote side has")
    };
    let _ = writeln!(out, "## Relation `{}`\n", relation.name);
    let _ = writeln!(out, "| | |\n|---|---|");
    let _ = writeln!(out, "| role | {} |", relation.role);
    let _ = writeln!(out, "| interface | `{}` |", relation.interface);
    let _ = writeln!(out, "| Juju scope | {} |", relation.scope);
    let bound = described
        .and_then(|d| d.get("bound"))
        .filter(|b| !b.is_null());
    match (describe, bound) {
        (None, _) => {}
        (Some(_), None) => {
            let _ = writeln!(
                out,
                "| bound | no interface: the charm handles no hook of it |"
            );
        }
        (Some(_), Some(bound)) => {
            if let Some(scope) = bound.get("scope").and_then(Value::as_str) {
                let _ = writeln!(out, "| conversation scope | {scope} |");
            }
            let methods: Vec<String> = bound
                .get("methods")
                .and_then(Value::as_array)
                .map(|methods| methods.iter().map(method).collect())
                .unwrap_or_default();
            if !methods.is_empty() {
                let _ = writeln!(out, "| methods | {} |", methods.join(", "));
            }
        }
    }

    let _ = writeln!(out, "\n### Relation data\n");
    if relation.sets.is_empty() && relation.gets.is_empty() {
        let _ = writeln!(out, "Its metadata documents no `gets` or `sets`.");
    } else {
        let _ = writeln!(
            out,
            "| key | written by | read by | when |\n|---|---|---|---|"
        );
        let leader = format!("the leader of `{}`", charm.name);
        for set in &relation.sets {
            let when = if set.after.is_empty() {
                "as soon as related".to_owned()
            } else {
                format!("once {side} written {}", code_list(&set.after))
            };
            let writer = match placement(bound, "sets", &set.key) {
                Some(("app", encoding)) => format!("{leader} (application bag{encoding})"),
                Some((_, encoding)) => format!("{me}{encoding}"),
                None => me.clone(),
            };
            let _ = writeln!(out, "| `{}` | {writer} | {remote} | {when} |", set.key);
        }
        for key in &relation.gets {
            let writer = match placement(bound, "gets", key) {
                Some(("app", encoding)) => {
                    format!("the remote application's leader (application bag{encoding})")
                }
                Some((_, encoding)) => format!("{remote}{encoding}"),
                None => remote.to_owned(),
            };
            let _ = writeln!(
                out,
                "| `{key}` | {writer} | {me} | `{}` needs it to complete |",
                charm.name
            );
        }
    }

    let Some(describe) = describe else {
        return;
    };
    let flags = strings(described.and_then(|d| d.get("flags")));
    let _ = writeln!(out, "\n### Flags\n");
    if flags.is_empty() {
        let _ = writeln!(out, "It raises no flags.");
        return;
    }
    let _ = writeln!(out, "| flag | handlers that watch it |\n|---|---|");
    for flag in &flags {
        let watchers = watchers(describe, flag);
        let watchers = if watchers.is_empty() {
            "none".to_owned()
        } else {
            watchers.join(", ")
        };
        let _ = writeln!(out, "| `{flag}` | {watchers} |");
    }
}

/// Where the interface's types put `key` (`direction` `sets` or `gets`):
/// its bag, and `, JSON` (or ` (JSON)` for a unit bag) when JSON-encoded;
/// `None` when `describe` was not given or no declared type has the key.
fn placement(
    bound: Option<&Value>,
    direction: &str,
    key: &str,
) -> Option<(&'static str, &'static str)> {
    let data = bound?.get("data")?.as_array()?;
    let entry = data.iter().find(|d| {
        d.get("direction").and_then(Value::as_str) == Some(direction)
            && strings(d.get("keys")).iter().any(|k| k == key)
    })?;
    let json = entry.get("encoding").and_then(Value::as_str) == Some("json");
    Some(match (entry.get("bag").and_then(Value::as_str), json) {
        (Some("app"), true) => ("app", ", JSON"),
        (Some("app"), false) => ("app", ""),
        (_, true) => ("unit", " (JSON)"),
        (_, false) => ("unit", ""),
    })
}

/// `name(param: type, ...)`.
fn method(method: &Value) -> String {
    let name = method.get("name").and_then(Value::as_str).unwrap_or("?");
    let params: Vec<String> = method
        .get("params")
        .and_then(Value::as_array)
        .map(|params| {
            params
                .iter()
                .map(|p| {
                    format!(
                        "{}: {}",
                        p.get("name").and_then(Value::as_str).unwrap_or("?"),
                        p.get("type").and_then(Value::as_str).unwrap_or("?")
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    format!("`{name}({})`", params.join(", "))
}

/// The charm's handlers that watch `flag`, as `` `name` (when_not) ``.
fn watchers(describe: &Value, flag: &str) -> Vec<String> {
    let handlers = describe
        .get("handlers")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    handlers
        .iter()
        .filter_map(|handler| {
            let name = handler.get("name").and_then(Value::as_str)?;
            let mut how = Vec::new();
            for key in ["when", "when_not"] {
                if strings(handler.get(key)).iter().any(|f| f == flag) {
                    how.push(key);
                }
            }
            let any = handler
                .get("when_any")
                .and_then(Value::as_array)
                .is_some_and(|groups| {
                    groups
                        .iter()
                        .any(|g| strings(Some(g)).iter().any(|f| f == flag))
                });
            if any {
                how.push("when_any");
            }
            (!how.is_empty()).then(|| format!("`{name}` ({})", how.join(", ")))
        })
        .collect()
}
