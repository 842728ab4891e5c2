//! What each hook tool does to a [`Deployment`]: argument parsing, output
//! formats, error messages and exit codes as jujuc has them.
//!
//! Exit codes: 2 for usage errors (unknown flag, bad `-r` value, unknown
//! relation, missing or extra arguments, malformed `KEY=VALUE`), 1 for
//! errors while running (`--app` writes from a non-leader, unreadable
//! `--file`, bags the unit may not read), 127 for a tool the deployment's
//! Juju does not have (`leader-get`/`leader-set` on Juju 4, as a shell
//! reports a missing command), 0 otherwise. Errors go to stderr as
//! `ERROR <message>`, except that shell's `<tool>: command not found`.

mod action;
pub(crate) mod base64;
mod goal_state;
mod ports;
mod secret;
mod secret_access;
mod secret_args;
mod state;
mod status;

use std::collections::BTreeMap;
use std::io::Read;

use iface_runtime::tools::ToolOutput;
use serde_json::{Value, json};

use crate::flags::{Flag, Parsed, parse};
use crate::model::{Bag, CallRecord, Deployment, HookState, LogEntry, app_of};

/// The tools [`run_tool`] knows, as their executables are named.
pub const TOOL_NAMES: &[&str] = &[
    "relation-get",
    "relation-set",
    "relation-ids",
    "relation-list",
    "unit-get",
    "network-get",
    "juju-log",
    "status-set",
    "config-get",
    "is-leader",
    "leader-get",
    "leader-set",
    "application-version-set",
    "status-get",
    "state-get",
    "state-set",
    "state-delete",
    "open-port",
    "close-port",
    "opened-ports",
    "action-get",
    "action-set",
    "action-log",
    "action-fail",
    "secret-add",
    "secret-get",
    "secret-set",
    "secret-grant",
    "secret-revoke",
    "secret-remove",
    "secret-ids",
    "secret-info-get",
    "goal-state",
];

/// What the calls log shows in place of secret content.
pub const REDACTED: &str = "<redacted>";

/// A failed call: exit code and message.
struct Fail {
    code: i32,
    message: String,
}

fn usage(message: impl Into<String>) -> Fail {
    Fail {
        code: 2,
        message: message.into(),
    }
}

/// The exit code of a shell that finds no such command.
const COMMAND_NOT_FOUND: i32 = 127;

/// Tools Juju 4 no longer installs (it removed leader settings; shared
/// settings live in the peer relation's application bag): a charm that runs
/// one there gets its shell's `command not found`.
const GONE_IN_JUJU_4: &[&str] = &["leader-get", "leader-set"];

/// `tool`, when the deployment's Juju does not have it: exit 127 and the
/// shell's message, printed without jujuc's `ERROR` prefix.
fn missing_on(dep: &Deployment, tool: &str) -> Option<Fail> {
    (!dep.has_leader_settings() && GONE_IN_JUJU_4.contains(&tool)).then(|| Fail {
        code: COMMAND_NOT_FOUND,
        message: format!("{tool}: command not found"),
    })
}

fn failed(message: impl Into<String>) -> Fail {
    Fail {
        code: 1,
        message: message.into(),
    }
}

/// A successful call's stdout, and a warning for stderr.
#[derive(Default)]
struct Printed {
    stdout: String,
    warning: String,
}

impl From<String> for Printed {
    fn from(stdout: String) -> Self {
        Self {
            stdout,
            warning: String::new(),
        }
    }
}

type Outcome = Result<Printed, Fail>;

/// Runs hook tool `tool` with `args` against `deployment`, acting for the
/// unit of its running hook, and records the call in
/// [`Deployment::calls`]. `stdin` is read only by `relation-set --file -`.
pub fn run_tool(
    deployment: &mut Deployment,
    tool: &str,
    args: &[String],
    stdin: &mut dyn Read,
) -> ToolOutput {
    let mut stdin = Captured {
        inner: stdin,
        seen: None,
    };
    let outcome = dispatch(deployment, tool, args, &mut stdin);
    let (code, stdout, stderr) = match outcome {
        Ok(p) => (0, p.stdout, p.warning),
        Err(f) if f.code == COMMAND_NOT_FOUND => (f.code, String::new(), f.message + "\n"),
        Err(f) => (f.code, String::new(), format!("ERROR {}\n", f.message)),
    };
    let secret_output = tool == "secret-get" && !stdout.is_empty();
    deployment.calls.push(CallRecord {
        tool: tool.to_owned(),
        args: recorded_args(tool, args),
        code,
        stdin: stdin
            .seen
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned()),
        stdout: if secret_output {
            format!("{REDACTED}\n")
        } else {
            stdout.clone()
        },
        elapsed_us: None,
    });
    ToolOutput {
        code: Some(code),
        stdout: stdout.into_bytes(),
        stderr,
    }
}

/// `args` as the calls log keeps them: the values of `secret-add` and
/// `secret-set` content arguments (`key=value`, `key#base64=...`) replaced
/// by [`REDACTED`]; file paths (`key#file=...`) are kept.
fn recorded_args(tool: &str, args: &[String]) -> Vec<String> {
    if tool != "secret-add" && tool != "secret-set" {
        return args.to_vec();
    }
    let mut options_done = false;
    let mut takes_value = false;
    args.iter()
        .map(|arg| {
            if takes_value {
                takes_value = false;
                return arg.clone();
            }
            if !options_done && arg == "--" {
                options_done = true;
                return arg.clone();
            }
            if !options_done && arg.starts_with('-') {
                takes_value = !arg.contains('=');
                return arg.clone();
            }
            match arg.split_once('=') {
                Some((key, _)) if !key.ends_with("#file") => format!("{key}={REDACTED}"),
                _ => arg.clone(),
            }
        })
        .collect()
}

/// Stdin that keeps what was read from it, for [`CallRecord::stdin`].
struct Captured<'a> {
    inner: &'a mut dyn Read,
    seen: Option<Vec<u8>>,
}

impl Read for Captured<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.seen
            .get_or_insert_with(Vec::new)
            .extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

fn dispatch(dep: &mut Deployment, tool: &str, args: &[String], stdin: &mut dyn Read) -> Outcome {
    if let Some(missing) = missing_on(dep, tool) {
        return Err(missing);
    }
    if matches!(args, [flag] if flag == "--help" || flag == "-h") {
        // charmhelpers' relation_set asks `relation-set --help` whether
        // `--file` is supported; jujuc prints its usage and exits 0.
        return Ok(Printed {
            stdout: help(tool),
            ..Printed::default()
        });
    }
    let hook = dep
        .hook
        .clone()
        .ok_or_else(|| failed("no hook is running in the simulated deployment"))?;
    if !dep.units.contains_key(&hook.unit) {
        return Err(failed(format!(
            "unit {:?} is not in the deployment",
            hook.unit
        )));
    }
    match tool {
        "relation-get" => relation_get(dep, &hook, args),
        "relation-set" => relation_set(dep, &hook, args, stdin),
        "relation-ids" => relation_ids(dep, &hook, args),
        "relation-list" => relation_list(dep, &hook, args),
        "unit-get" => unit_get(dep, &hook, args),
        "network-get" => network_get(dep, &hook, args),
        "juju-log" => juju_log(dep, &hook, args),
        "status-set" => status::status_set(dep, &hook, args),
        "status-get" => status::status_get(dep, &hook, args),
        "config-get" => config_get(dep, &hook, args),
        "is-leader" => is_leader(dep, &hook, args),
        "leader-get" => leader_get(dep, &hook, args),
        "leader-set" => leader_set(dep, &hook, args),
        "application-version-set" => application_version_set(dep, &hook, args),
        "state-get" => state::state_get(dep, &hook, args),
        "state-set" => state::state_set(dep, args, stdin),
        "state-delete" => state::state_delete(dep, args),
        "open-port" | "close-port" => ports::change_port(dep, &hook, tool, args),
        "opened-ports" => ports::opened_ports(dep, &hook, args),
        "action-get" => action::action_get(dep, args),
        "action-set" => action::action_set(dep, args),
        "action-log" => action::action_log(dep, args),
        "action-fail" => action::action_fail(dep, args),
        "secret-add" => secret::secret_add(dep, &hook, args),
        "secret-set" => secret::secret_set(dep, args),
        "secret-get" => secret::secret_get(dep, &hook, args),
        "secret-info-get" => secret::secret_info_get(dep, &hook, args),
        "secret-ids" => secret::secret_ids(dep, &hook, args),
        "secret-grant" => secret_access::secret_grant(dep, &hook, args),
        "secret-revoke" => secret_access::secret_revoke(dep, &hook, args),
        "secret-remove" => secret::secret_remove(dep, args),
        "goal-state" => goal_state::goal_state(dep, &hook, args),
        other => Err(usage(format!("unknown command {other:?}"))),
    }
}

/// A short usage text in jujuc's shape, naming each tool's options.
fn help(tool: &str) -> String {
    let options = match tool {
        "relation-get" => "[-r <relation id>] [--app] [--format smart|yaml|json] <key> <unit id>",
        "relation-set" => "[-r <relation id>] [--app] [--file <path>|-] key=value ...",
        "relation-ids" => "[--format smart|yaml|json] <name>",
        "relation-list" => "[-r <relation id>] [--app] [--format smart|yaml|json]",
        "juju-log" => "[-l <level>] <message>",
        "status-set" => "[--application] <maintenance|blocked|waiting|active> [message]",
        _ => "[options]",
    };
    format!("Usage: {tool} {options}\n")
}

const FORMAT: Flag = Flag::value(&["format"]);
const RELATION: Flag = Flag::value(&["r", "relation"]);
const APP: Flag = Flag::switch(&["app"]);

/// An output format of `--format`.
#[derive(Clone, Copy)]
enum Format {
    Smart,
    Yaml,
    Json,
}

fn format_of(parsed: &Parsed) -> Result<Format, Fail> {
    match parsed.value("format") {
        None => Ok(Format::Smart),
        Some(given) => match given.value.as_str() {
            "smart" => Ok(Format::Smart),
            "yaml" => Ok(Format::Yaml),
            "json" => Ok(Format::Json),
            other => Err(usage(format!(
                "invalid value {other:?} for option {}: unknown format {other:?}",
                given.spelling
            ))),
        },
    }
}

/// `--format` of the tools that print only YAML (the default) or JSON.
fn yaml_or_json(parsed: &Parsed) -> Result<Format, Fail> {
    match parsed.value("format") {
        None => Ok(Format::Yaml),
        Some(given) => match given.value.as_str() {
            "yaml" => Ok(Format::Yaml),
            "json" => Ok(Format::Json),
            other => Err(usage(format!(
                "invalid value {other:?} for option {}: unknown format {other:?}",
                given.spelling
            ))),
        },
    }
}

/// `value` as jujuc's formatters print it.
fn render(value: &Value, format: Format) -> String {
    match format {
        Format::Json => format!("{value}\n"),
        Format::Yaml => yaml(value),
        Format::Smart => {
            let scalar = |v: &Value| match v {
                Value::Null => Some(String::new()),
                Value::String(s) => Some(s.clone()),
                Value::Bool(true) => Some("True".to_owned()),
                Value::Bool(false) => Some("False".to_owned()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            };
            let text = match value {
                Value::Array(items) => items
                    .iter()
                    .map(scalar)
                    .collect::<Option<Vec<_>>>()
                    .map(|v| v.join("\n")),
                other => scalar(other),
            };
            match text {
                Some(t) if t.is_empty() => t,
                Some(t) => t + "\n",
                None => yaml(value),
            }
        }
    }
}

fn yaml(value: &Value) -> String {
    serde_yaml_ng::to_string(value).unwrap_or_else(|e| format!("{e}\n"))
}

fn printed(value: &Value, format: Format) -> Printed {
    render(value, format).into()
}

fn bag_value(bag: &Bag) -> Value {
    Value::Object(
        bag.iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect(),
    )
}

/// Go's `%q` of a string slice, as `unrecognized args` prints it.
fn quoted_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("{s:?}")).collect();
    format!("[{}]", quoted.join(" "))
}

fn check_empty(rest: &[String]) -> Result<(), Fail> {
    if rest.is_empty() {
        Ok(())
    } else {
        Err(usage(format!("unrecognized args: {}", quoted_list(rest))))
    }
}

/// The relation `-r` names (checked like jujuc: the number after the last
/// `:`, and a relation this unit is in), else the hook's relation.
fn relation_of(dep: &Deployment, hook: &HookState, parsed: &Parsed) -> Result<Option<u32>, Fail> {
    let Some(given) = parsed.value("r") else {
        return Ok(hook.relation.as_ref().map(|r| r.id));
    };
    let bad = |why: &str| {
        usage(format!(
            "invalid value {:?} for option {}: {why}",
            given.value, given.spelling
        ))
    };
    let number = iface_runtime::context::RelationId::parse_number(&given.value)
        .map_err(|_| bad("invalid relation id"))?;
    let app = app_of(&hook.unit);
    match dep.relations.get(&number) {
        Some(rel) if rel.side(app).is_some() => Ok(Some(number)),
        _ => Err(bad("relation not found")),
    }
}

fn required_relation(dep: &Deployment, hook: &HookState, parsed: &Parsed) -> Result<u32, Fail> {
    relation_of(dep, hook, parsed)?.ok_or_else(|| usage("no relation id specified"))
}

/// `endpoint:id` from the hook unit's side, as jujuc names a relation.
fn fake_id(dep: &Deployment, hook: &HookState, id: u32) -> String {
    let endpoint = dep.relations[&id]
        .side(app_of(&hook.unit))
        .map_or("", |s| s.endpoint.as_str());
    format!("{endpoint}:{id}")
}

/// Parses `KEY=VALUE` arguments like Juju's keyvalues package: split on the
/// first `=`, trim both sides, empty values allowed, duplicates refused.
fn key_values(args: &[String]) -> Result<BTreeMap<String, String>, Fail> {
    let mut out = BTreeMap::new();
    for arg in args {
        let Some((key, value)) = arg.split_once('=') else {
            return Err(usage(format!("expected \"key=value\", got {arg:?}")));
        };
        let (key, value) = (key.trim(), value.trim());
        if key.is_empty() {
            return Err(usage(format!(
                "expected \"key=value\", got \"{key}={value}\""
            )));
        }
        if out.insert(key.to_owned(), value.to_owned()).is_some() {
            return Err(usage(format!("key {key:?} specified more than once")));
        }
    }
    Ok(out)
}

fn relation_get(dep: &Deployment, hook: &HookState, args: &[String]) -> Outcome {
    let parsed = parse(&[FORMAT, RELATION, APP], args).map_err(usage)?;
    let format = format_of(&parsed)?;
    let id = required_relation(dep, hook, &parsed)?;
    let mut positionals = parsed.positionals.iter();
    let key = positionals.next().filter(|k| *k != "-");
    let mut app = parsed.switch("app");
    let remote = hook.relation.as_ref();
    let target = match positionals.next() {
        // With --app, a unit name stands for its application.
        Some(t) if app && t.contains('/') => app_of(t).to_owned(),
        Some(t) => t.clone(),
        None if app => remote
            .and_then(|r| r.remote_app.clone())
            .ok_or_else(|| usage("no unit or application specified"))?,
        None => match (
            remote.and_then(|r| r.remote_unit.clone()),
            remote.and_then(|r| r.remote_app.clone()),
        ) {
            (Some(unit), _) => unit,
            (None, Some(remote_app)) => {
                app = true;
                remote_app
            }
            (None, None) => return Err(usage("no unit or application specified")),
        },
    };
    check_empty(positionals.as_slice())?;

    let bag = if app {
        read_app_bag(dep, hook, id, &target)?
    } else {
        read_unit_bag(dep, hook, id, &target)?
    };
    let value = match key {
        None => bag_value(&bag),
        Some(key) => bag
            .get(key)
            .map_or(Value::Null, |v| Value::String(v.clone())),
    };
    Ok(printed(&value, format))
}

/// `bag` with pending `changes` applied.
fn overlaid(mut bag: Bag, changes: Option<&BTreeMap<String, Option<String>>>) -> Bag {
    for (key, value) in changes.into_iter().flatten() {
        match value {
            Some(value) => bag.insert(key.clone(), value.clone()),
            None => bag.remove(key),
        };
    }
    bag
}

fn read_unit_bag(dep: &Deployment, hook: &HookState, id: u32, unit: &str) -> Result<Bag, Fail> {
    let rel = &dep.relations[&id];
    let mut committed = rel.unit_data.get(unit).cloned().unwrap_or_default();
    if rel.members.contains(unit) && !dep.without_juju_addresses {
        with_juju_addresses(dep, unit, &mut committed);
    }
    if unit == hook.unit {
        // Your own bag shows this hook's writes.
        let pending = dep.pending.relations.get(&id).map(|p| &p.unit);
        return Ok(overlaid(committed, pending));
    }
    if !unit.contains('/') {
        return Err(failed(format!("{unit:?} is not a valid unit name")));
    }
    let own_app = app_of(&hook.unit);
    if app_of(unit) == own_app && !rel.is_peer() {
        return Err(failed("permission denied"));
    }
    let known = rel.members.contains(unit) || rel.unit_data.contains_key(unit);
    if rel.side(app_of(unit)).is_none() || !known {
        return Err(failed(format!(
            "cannot read settings for unit {unit:?} in relation {:?}: settings not found",
            fake_id(dep, hook, id)
        )));
    }
    Ok(committed)
}

/// Juju puts `private-address`, `ingress-address` and `egress-subnets` in
/// a unit's bag when it enters a relation; a model that did not write them
/// (a hand-built state file) still serves them, from the unit's address.
fn with_juju_addresses(dep: &Deployment, unit: &str, bag: &mut Bag) {
    let Some(address) = dep
        .units
        .get(unit)
        .map(|u| u.private_address.clone())
        .filter(|a| !a.is_empty())
    else {
        return;
    };
    for (key, value) in crate::model::juju_addresses(&address) {
        bag.entry(key).or_insert(value);
    }
}

fn read_app_bag(dep: &Deployment, hook: &HookState, id: u32, app: &str) -> Result<Bag, Fail> {
    let rel = &dep.relations[&id];
    let committed = rel.app_data.get(app).cloned().unwrap_or_default();
    if app == app_of(&hook.unit) {
        if dep.is_leader(&hook.unit) {
            let pending = dep.pending.relations.get(&id).map(|p| &p.app);
            return Ok(overlaid(committed, pending));
        }
        // Non-leaders may read their own application's bag only in peer
        // relations.
        return if rel.is_peer() {
            Ok(committed)
        } else {
            Err(failed("permission denied"))
        };
    }
    if rel.side(app).is_none() {
        return Err(failed(format!(
            "cannot read application settings for {app:?} in relation {:?}: not found",
            fake_id(dep, hook, id)
        )));
    }
    Ok(committed)
}

/// Reads a `--file` document: a YAML map of strings (JSON is YAML).
fn read_settings(path: &str, stdin: &mut dyn Read) -> Result<BTreeMap<String, String>, Fail> {
    let mut data = Vec::new();
    if path == "-" {
        stdin
            .read_to_end(&mut data)
            .map_err(|e| failed(e.to_string()))?;
    } else {
        data = std::fs::read(path).map_err(|e| failed(format!("open {path}: {e}")))?;
    }
    if data.iter().all(u8::is_ascii_whitespace) {
        return Ok(BTreeMap::new());
    }
    let doc: serde_yaml_ng::Value =
        serde_yaml_ng::from_slice(&data).map_err(|e| failed(format!("yaml: {e}")))?;
    let scalar = |v: &serde_yaml_ng::Value| match v {
        serde_yaml_ng::Value::String(s) => Some(s.clone()),
        serde_yaml_ng::Value::Number(n) => Some(n.to_string()),
        serde_yaml_ng::Value::Bool(b) => Some(b.to_string()),
        serde_yaml_ng::Value::Null => Some(String::new()),
        _ => None,
    };
    match doc {
        serde_yaml_ng::Value::Null => Ok(BTreeMap::new()),
        serde_yaml_ng::Value::Mapping(map) => map
            .iter()
            .map(|(k, v)| match (scalar(k), scalar(v)) {
                (Some(k), Some(v)) => Ok((k, v)),
                _ => Err(failed(format!(
                    "expected YAML map of strings, got {k:?}: {v:?}"
                ))),
            })
            .collect(),
        other => Err(failed(format!("expected YAML map, got {other:?}"))),
    }
}

fn relation_set(
    dep: &mut Deployment,
    hook: &HookState,
    args: &[String],
    stdin: &mut dyn Read,
) -> Outcome {
    let parsed = parse(&[RELATION, APP, Flag::value(&["file"]), FORMAT], args).map_err(usage)?;
    let id = required_relation(dep, hook, &parsed)?;
    let overrides = key_values(&parsed.positionals)?;
    let mut settings = match parsed.value("file") {
        Some(file) => read_settings(&file.value, stdin)?,
        None => BTreeMap::new(),
    };
    settings.extend(overrides);
    let warning = if parsed.value("format").is_some() {
        "--format flag deprecated for command \"relation-set\"".to_owned()
    } else {
        String::new()
    };
    let app = parsed.switch("app");
    if app && !dep.is_leader(&hook.unit) {
        return Err(failed("cannot write relation settings"));
    }
    let pending = dep.pending.relations.entry(id).or_default();
    let bag = if app {
        &mut pending.app
    } else {
        &mut pending.unit
    };
    for (key, value) in settings {
        bag.insert(key, Some(value).filter(|v| !v.is_empty()));
    }
    Ok(Printed {
        stdout: String::new(),
        warning,
    })
}

fn relation_ids(dep: &Deployment, hook: &HookState, args: &[String]) -> Outcome {
    let parsed = parse(&[FORMAT], args).map_err(usage)?;
    let format = format_of(&parsed)?;
    let own_app = app_of(&hook.unit);
    let hook_endpoint = hook
        .relation
        .as_ref()
        .and_then(|r| dep.relations.get(&r.id))
        .and_then(|r| r.side(own_app))
        .map(|s| s.endpoint.clone());
    let (name, rest) = match parsed.positionals.split_first() {
        Some((name, rest)) => (name.clone(), rest),
        None => (
            hook_endpoint.ok_or_else(|| usage("no endpoint name specified"))?,
            &[][..],
        ),
    };
    check_empty(rest)?;
    let mut ids: Vec<String> = dep
        .relations
        .iter()
        .filter(|(_, r)| !r.dead && r.side(own_app).is_some_and(|s| s.endpoint == name))
        .map(|(id, _)| format!("{name}:{id}"))
        .collect();
    // Juju sorts the strings, so `x:10` comes before `x:9`.
    ids.sort();
    Ok(printed(&json!(ids), format))
}

fn relation_list(dep: &Deployment, hook: &HookState, args: &[String]) -> Outcome {
    let parsed = parse(&[FORMAT, RELATION, APP], args).map_err(usage)?;
    let format = format_of(&parsed)?;
    let id = required_relation(dep, hook, &parsed)?;
    check_empty(&parsed.positionals)?;
    let rel = &dep.relations[&id];
    let own_app = app_of(&hook.unit);
    let remote_app = rel
        .remote_side(own_app)
        .map(|s| s.app.clone())
        .unwrap_or_default();
    if parsed.switch("app") {
        return Ok(printed(&Value::String(remote_app), format));
    }
    let departing = hook
        .relation
        .as_ref()
        .filter(|r| r.id == id)
        .and_then(|r| r.departing_unit.as_deref());
    let units: Vec<&String> = rel
        .members
        .iter()
        .filter(|u| app_of(u) == remote_app && **u != hook.unit && Some(u.as_str()) != departing)
        // In a container-scoped relation a unit sees only its own container.
        .filter(|u| dep.sees(rel, &hook.unit, u))
        .collect();
    Ok(printed(&json!(units), format))
}

fn unit_get(dep: &Deployment, hook: &HookState, args: &[String]) -> Outcome {
    let parsed = parse(&[FORMAT], args).map_err(usage)?;
    let format = format_of(&parsed)?;
    let Some((key, rest)) = parsed.positionals.split_first() else {
        return Err(usage("no setting specified"));
    };
    let unit = &dep.units[&hook.unit];
    let value = match key.as_str() {
        "private-address" => unit.private_address.clone(),
        "public-address" => unit.public_address.clone(),
        other => return Err(usage(format!("unknown setting {other:?}"))),
    };
    check_empty(rest)?;
    Ok(printed(&Value::String(value), format))
}

fn network_get(dep: &Deployment, hook: &HookState, args: &[String]) -> Outcome {
    const FIELDS: [(&str, &str); 3] = [
        ("bind-address", "bind-addresses"),
        ("ingress-address", "ingress-addresses"),
        ("egress-subnets", "egress-subnets"),
    ];
    let parsed = parse(
        &[
            FORMAT,
            RELATION,
            Flag::switch(&["bind-address"]),
            Flag::switch(&["ingress-address"]),
            Flag::switch(&["egress-subnets"]),
            Flag::switch(&["primary-address"]),
        ],
        args,
    )
    .map_err(usage)?;
    let format = format_of(&parsed)?;
    relation_of(dep, hook, &parsed)?;
    let Some((binding, rest)) = parsed.positionals.split_first() else {
        return Err(usage("no arguments specified"));
    };
    check_empty(rest)?;
    let bindings = dep
        .applications
        .get(app_of(&hook.unit))
        .map(|a| &a.bindings);
    if bindings.is_some_and(|b| !b.is_empty() && !b.contains(binding)) {
        return Err(failed(format!(
            "undefined for unit charm: endpoint {binding:?} not valid"
        )));
    }
    let primary = parsed.switch("primary-address");
    if primary && FIELDS.iter().any(|(flag, _)| parsed.switch(flag)) {
        return Err(failed("--primary-address must be the only flag specified"));
    }
    let unit = &dep.units[&hook.unit];
    let info = unit.networks.get(binding).cloned().unwrap_or_else(|| {
        let address = &unit.private_address;
        json!({
            "bind-addresses": [{
                "mac-address": "",
                "interface-name": "",
                "addresses": [{"hostname": "", "value": address, "cidr": ""}],
            }],
            "egress-subnets": [format!("{address}/32")],
            "ingress-addresses": [address],
        })
    });
    let pick = |flag: &str, field: &str| -> Value {
        let all = &info[field];
        match flag {
            "bind-address" => all[0]["addresses"][0]["value"].clone(),
            "ingress-address" => all[0].clone(),
            _ => all.clone(),
        }
    };
    let chosen: Vec<(&str, &str)> = FIELDS
        .into_iter()
        .filter(|(flag, _)| parsed.switch(flag))
        .collect();
    let value = match chosen.as_slice() {
        [] if primary => pick("bind-address", "bind-addresses"),
        [] => info.clone(),
        [(flag, field)] => pick(flag, field),
        many => Value::Object(
            many.iter()
                .map(|(flag, field)| ((*flag).to_owned(), pick(flag, field)))
                .collect(),
        ),
    };
    Ok(printed(&value, format))
}

fn juju_log(dep: &mut Deployment, hook: &HookState, args: &[String]) -> Outcome {
    let parsed = parse(
        &[
            Flag::switch(&["debug"]),
            Flag::value(&["l", "log-level"]),
            FORMAT,
        ],
        args,
    )
    .map_err(usage)?;
    if parsed.positionals.is_empty() {
        return Err(usage("no message specified"));
    }
    let level = if parsed.switch("debug") {
        "DEBUG".to_owned()
    } else {
        match parsed.value("l").map(|g| g.value.to_ascii_uppercase()) {
            Some(level)
                if ["TRACE", "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
                    .contains(&level.as_str()) =>
            {
                level
            }
            Some(level) if level == "WARN" => "WARNING".to_owned(),
            // Juju logs an unknown level at INFO rather than failing.
            _ => "INFO".to_owned(),
        }
    };
    dep.logs.push(LogEntry {
        unit: hook.unit.clone(),
        level,
        message: parsed.positionals.join(" "),
    });
    Ok(Printed::default())
}

fn config_get(dep: &Deployment, hook: &HookState, args: &[String]) -> Outcome {
    let parsed = parse(&[FORMAT, Flag::switch(&["a", "all"])], args).map_err(usage)?;
    let format = format_of(&parsed)?;
    let all = parsed.switch("a");
    let (key, rest) = match parsed.positionals.split_first() {
        Some((key, rest)) => (Some(key.as_str()).filter(|k| !k.is_empty()), rest),
        None => (None, &[][..]),
    };
    if let Some(key) = key
        && all
    {
        return Err(usage(format!(
            "cannot use argument --all together with key {key:?}"
        )));
    }
    check_empty(rest)?;
    let config = dep
        .applications
        .get(app_of(&hook.unit))
        .map(|a| a.config.clone())
        .unwrap_or_default();
    let value = match key {
        Some(key) => config.get(key).cloned().unwrap_or(Value::Null),
        None if all => Value::Object(config),
        None => Value::Object(config.into_iter().filter(|(_, v)| !v.is_null()).collect()),
    };
    Ok(printed(&value, format))
}

fn is_leader(dep: &Deployment, hook: &HookState, args: &[String]) -> Outcome {
    let parsed = parse(&[FORMAT], args).map_err(usage)?;
    let format = format_of(&parsed)?;
    check_empty(&parsed.positionals)?;
    Ok(printed(&Value::Bool(dep.is_leader(&hook.unit)), format))
}

fn leader_get(dep: &Deployment, hook: &HookState, args: &[String]) -> Outcome {
    let parsed = parse(&[FORMAT], args).map_err(usage)?;
    let format = format_of(&parsed)?;
    let (key, rest) = match parsed.positionals.split_first() {
        Some((key, rest)) => (Some(key.as_str()).filter(|k| *k != "-"), rest),
        None => (None, &[][..]),
    };
    if let Some(key) = key
        && key.contains('=')
    {
        return Err(usage(format!("invalid key {key:?}")));
    }
    check_empty(rest)?;
    let settings = dep
        .applications
        .get(app_of(&hook.unit))
        .map(|a| a.leader_settings.clone())
        .unwrap_or_default();
    let value = match key {
        None => bag_value(&settings),
        Some(key) => settings
            .get(key)
            .map_or(Value::Null, |v| Value::String(v.clone())),
    };
    Ok(printed(&value, format))
}

fn leader_set(dep: &mut Deployment, hook: &HookState, args: &[String]) -> Outcome {
    let parsed = parse(&[], args).map_err(usage)?;
    let settings = key_values(&parsed.positionals)?;
    if !dep.is_leader(&hook.unit) {
        return Err(failed("cannot write leadership settings: not the leader"));
    }
    let bag = &mut dep
        .applications
        .entry(app_of(&hook.unit).to_owned())
        .or_default()
        .leader_settings;
    for (key, value) in settings {
        if value.is_empty() {
            bag.remove(&key);
        } else {
            bag.insert(key, value);
        }
    }
    Ok(Printed::default())
}

fn application_version_set(dep: &mut Deployment, hook: &HookState, args: &[String]) -> Outcome {
    let parsed = parse(&[], args).map_err(usage)?;
    let Some((version, rest)) = parsed.positionals.split_first() else {
        return Err(usage("no version specified"));
    };
    check_empty(rest)?;
    dep.applications
        .entry(app_of(&hook.unit).to_owned())
        .or_default()
        .version = Some(version.clone());
    Ok(Printed::default())
}
