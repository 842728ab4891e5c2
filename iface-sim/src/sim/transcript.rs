//! The transcript of a simulation: every hook that ran, what ran in it,
//! and every relation-get and relation-set with its values, as a person
//! intercepting the conversation with `juju debug-hooks` would see it
//! (seed 002), but for every unit at once.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Value;

use crate::model::{Bag, CallRecord, HookSecret};

/// How a hook ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It exited 0: its relation writes and flags were committed.
    Succeeded,
    /// It failed with this message: nothing was committed.
    Failed(String),
}

/// One `relation-get` as the hook ran it, and what it returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationGet {
    /// The relation id.
    pub relation: u32,
    /// The relation's endpoint on the reading unit's side.
    pub endpoint: String,
    /// The unit (or with `app`, the application) whose bag was read.
    pub target: String,
    /// Whether the application bag was read.
    pub app: bool,
    /// The key asked for; `None` for the whole bag.
    pub key: Option<String>,
    /// The whole bag, or the one key's value (`None` when missing); for a
    /// failed call, nothing.
    pub values: Bag,
    /// The call's exit code.
    pub code: i32,
}

/// One `relation-set` as the hook ran it. Juju applies it only if the hook
/// succeeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationSet {
    /// The relation id.
    pub relation: u32,
    /// The relation's endpoint on the writing unit's side.
    pub endpoint: String,
    /// Whether it wrote the application bag.
    pub app: bool,
    /// Key to new value; an empty value deletes the key.
    pub values: Bag,
    /// The call's exit code.
    pub code: i32,
}

/// A relation-data call of a hook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataCall {
    /// A read.
    Get(RelationGet),
    /// A write.
    Set(RelationSet),
}

/// One hook run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HookRecord {
    /// Its place in the run, from 1.
    pub index: usize,
    /// The unit that ran it.
    pub unit: String,
    /// The hook name, e.g. `website-relation-changed`.
    pub hook: String,
    /// For relation hooks: the relation id.
    pub relation: Option<u32>,
    /// `JUJU_REMOTE_UNIT`, if set.
    pub remote_unit: Option<String>,
    /// `JUJU_REMOTE_APP`, if set.
    pub remote_app: Option<String>,
    /// `JUJU_DEPARTING_UNIT`, if set.
    pub departing_unit: Option<String>,
    /// For `secret-*` hooks: the secret (`JUJU_SECRET_*`).
    pub secret: Option<HookSecret>,
    /// Whether it was an action (`hook` is then the action's name).
    pub action: bool,
    /// 1 for the first run, more when a failed hook is retried.
    pub attempt: u32,
    /// How it ended.
    pub outcome: Outcome,
    /// What ran: `#[hook]` methods as `#[hook] name`, then flag handlers
    /// by name. Empty for charm processes, whose handlers are not visible.
    pub handlers: Vec<String>,
    /// Its relation-get and relation-set calls, in order.
    pub data: Vec<DataCall>,
    /// Every hook-tool call it made, in order (secret content redacted).
    pub calls: Vec<CallRecord>,
    /// The endpoint of each relation on the unit's side, by id: how the
    /// transcript names relations (`website:1`).
    pub relation_names: BTreeMap<u32, String>,
}

impl HookRecord {
    /// Whether the hook succeeded.
    pub fn succeeded(&self) -> bool {
        self.outcome == Outcome::Succeeded
    }

    /// The hook with its remote unit, e.g.
    /// `website-relation-joined haproxy/0`; the hook alone when none.
    pub fn label(&self) -> String {
        if self.action {
            return format!("action {}", self.hook);
        }
        if let Some(secret) = &self.secret {
            return match secret.revision {
                Some(revision) => format!("{} {} revision {revision}", self.hook, secret.id),
                None => format!("{} {}", self.hook, secret.id),
            };
        }
        match (&self.remote_unit, &self.remote_app) {
            (Some(unit), _) => format!("{} {unit}", self.hook),
            (None, Some(app)) if self.hook.ends_with("-changed") => {
                format!("{} {app} (application bag)", self.hook)
            }
            _ => self.hook.clone(),
        }
    }

    /// The relation-set calls that exited 0.
    pub fn relation_sets(&self) -> impl Iterator<Item = &RelationSet> {
        self.data.iter().filter_map(|call| match call {
            DataCall::Set(set) if set.code == 0 => Some(set),
            _ => None,
        })
    }

    /// The relation-get calls.
    pub fn relation_gets(&self) -> impl Iterator<Item = &RelationGet> {
        self.data.iter().filter_map(|call| match call {
            DataCall::Get(get) => Some(get),
            DataCall::Set(_) => None,
        })
    }

    /// Builds the record's [`HookRecord::data`] from its tool calls, with
    /// `names` the unit's endpoint of each relation and `relation` the
    /// hook's, which calls without `-r` act on.
    pub(crate) fn data_of(
        calls: &[CallRecord],
        names: &BTreeMap<u32, String>,
        relation: Option<u32>,
    ) -> Vec<DataCall> {
        calls
            .iter()
            .filter_map(|call| data_call(call, names, relation))
            .collect()
    }
}

/// The hooks of a simulation, in the order they ran.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Transcript {
    hooks: Vec<HookRecord>,
}

impl Transcript {
    /// Appends a hook run, numbering it.
    pub(crate) fn push(&mut self, mut record: HookRecord) {
        record.index = self.hooks.len() + 1;
        self.hooks.push(record);
    }

    /// Every hook run, in order.
    pub fn hooks(&self) -> &[HookRecord] {
        &self.hooks
    }

    /// Every hook run, in order, as its unit, its label and the relation
    /// data calls it made: what two runs of one scenario (in process and
    /// as processes) must share.
    pub fn data_calls(&self) -> Vec<(String, String, Vec<DataCall>)> {
        self.hooks
            .iter()
            .map(|hook| (hook.unit.clone(), hook.label(), hook.data.clone()))
            .collect()
    }

    /// The hook runs of `unit`, in order.
    pub fn hooks_of<'a>(&'a self, unit: &str) -> impl Iterator<Item = &'a HookRecord> + use<'a> {
        let unit = unit.to_owned();
        self.hooks.iter().filter(move |h| h.unit == unit)
    }

    /// The labels ([`HookRecord::label`]) of `unit`'s successful hooks, in
    /// order: the sequence Juju delivered to it.
    pub fn sequence(&self, unit: &str) -> Vec<String> {
        self.hooks_of(unit)
            .filter(|h| h.succeeded())
            .map(HookRecord::label)
            .collect()
    }

    /// The relation-set calls of `unit` that were committed (made in hooks
    /// that succeeded), in order.
    pub fn relation_sets_by(&self, unit: &str) -> Vec<&RelationSet> {
        self.hooks_of(unit)
            .filter(|h| h.succeeded())
            .flat_map(HookRecord::relation_sets)
            .collect()
    }

    /// The relation-get calls of `unit`, in order.
    pub fn relation_gets_by(&self, unit: &str) -> Vec<&RelationGet> {
        self.hooks_of(unit)
            .flat_map(HookRecord::relation_gets)
            .collect()
    }

    /// Hooks run and tool calls made by the units of application `app`,
    /// per kind of hook (`install`, `relation-changed` for any relation),
    /// summed over the run: what a test prints to compare two charms.
    pub fn calls_per_hook_kind(&self, app: &str) -> BTreeMap<String, (usize, usize)> {
        let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for hook in &self.hooks {
            if hook.unit.split('/').next() != Some(app) {
                continue;
            }
            let kind = hook
                .hook
                .split_once("-relation-")
                .map_or(hook.hook.clone(), |(_, event)| format!("relation-{event}"));
            let entry = counts.entry(kind).or_default();
            entry.0 += 1;
            entry.1 += hook.calls.len();
        }
        counts
    }

    /// Every tool call that exited non-zero, with the hook that made it.
    pub fn refused_calls(&self) -> impl Iterator<Item = (&HookRecord, &CallRecord)> {
        self.hooks
            .iter()
            .flat_map(|hook| hook.calls.iter().map(move |call| (hook, call)))
            .filter(|(_, call)| call.code != 0)
    }

    /// The hooks that failed.
    pub fn failures(&self) -> impl Iterator<Item = &HookRecord> {
        self.hooks.iter().filter(|h| !h.succeeded())
    }

    /// How many hooks ran.
    pub fn len(&self) -> usize {
        self.hooks.len()
    }

    /// Whether no hook ran.
    pub fn is_empty(&self) -> bool {
        self.hooks.is_empty()
    }

    /// The hooks from number `from` (1-based) on, as a transcript to print.
    #[must_use]
    pub fn since(&self, from: usize) -> Transcript {
        Transcript {
            hooks: self
                .hooks
                .iter()
                .skip(from.saturating_sub(1))
                .cloned()
                .collect(),
        }
    }
}

/// The relation id of a `-r` value: the number after the last `:`.
fn relation_number(value: &str) -> Option<u32> {
    value.rsplit(':').next()?.parse().ok()
}

/// The `-r` value, `--app`, and the positionals of a hook-tool argv.
fn split_args(args: &[String]) -> (Option<u32>, bool, Vec<&str>) {
    let (mut relation, mut app, mut positionals) = (None, false, Vec::new());
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-r" | "--relation" => relation = args.next().and_then(|v| relation_number(v)),
            "--app" => app = true,
            "--file" | "--format" => {
                args.next();
            }
            "--" => positionals.extend(args.by_ref().map(String::as_str)),
            flag if flag.starts_with("-r=") || flag.starts_with("--relation=") => {
                relation = flag.split_once('=').and_then(|(_, v)| relation_number(v));
            }
            flag if flag.starts_with('-') && flag != "-" => {}
            positional => positionals.push(positional),
        }
    }
    (relation, app, positionals)
}

/// A relation-data call from a recorded tool call; calls without `-r`
/// act on `default`, the hook's relation (0 when there is none, for a
/// call that failed for it).
fn data_call(
    call: &CallRecord,
    names: &BTreeMap<u32, String>,
    default: Option<u32>,
) -> Option<DataCall> {
    let (relation, app, positionals) = split_args(&call.args);
    let relation = relation.or(default).unwrap_or(0);
    let endpoint = names.get(&relation).cloned().unwrap_or_default();
    match call.tool.as_str() {
        "relation-get" => {
            let key = positionals
                .first()
                .filter(|k| **k != "-")
                .map(|k| (*k).to_owned());
            let target = positionals
                .get(1)
                .map(|t| (*t).to_owned())
                .unwrap_or_default();
            let json = call
                .args
                .windows(2)
                .any(|w| w[0] == "--format" && w[1] == "json")
                || call.args.iter().any(|a| a == "--format=json");
            let value: Value = if json {
                serde_json::from_str(&call.stdout).unwrap_or(Value::Null)
            } else if key.is_some() {
                // The smart format prints a value raw, nothing when missing.
                call.stdout
                    .strip_suffix('\n')
                    .map_or(Value::Null, |v| Value::String(v.to_owned()))
            } else {
                serde_yaml_ng::from_str(&call.stdout).unwrap_or(Value::Null)
            };
            let values = match (&key, value) {
                (None, Value::Object(map)) => map
                    .into_iter()
                    .map(|(k, v)| (k, v.as_str().map_or_else(|| v.to_string(), str::to_owned)))
                    .collect(),
                (Some(key), Value::String(text)) => Bag::from([(key.clone(), text)]),
                _ => Bag::new(),
            };
            Some(DataCall::Get(RelationGet {
                relation,
                endpoint,
                target,
                app,
                key,
                values,
                code: call.code,
            }))
        }
        "relation-set" => {
            let mut values: Bag = call
                .stdin
                .as_deref()
                .and_then(|doc| serde_yaml_ng::from_str::<Option<Bag>>(doc).ok())
                .flatten()
                .unwrap_or_default();
            for pair in positionals {
                if let Some((key, value)) = pair.split_once('=') {
                    values.insert(key.trim().to_owned(), value.trim().to_owned());
                }
            }
            Some(DataCall::Set(RelationSet {
                relation,
                endpoint,
                app,
                values,
                code: call.code,
            }))
        }
        _ => None,
    }
}

/// Writes `bag` as `relation-get` prints it in seed 002: `key: value`
/// lines, or `(no results)`.
fn write_bag(f: &mut fmt::Formatter<'_>, bag: &Bag, indent: &str) -> fmt::Result {
    if bag.is_empty() {
        return writeln!(f, "{indent}(no results)");
    }
    for (key, value) in bag {
        writeln!(f, "{indent}{key}: {}", quoted(value))?;
    }
    Ok(())
}

/// A value as YAML would show it: quoted when it would not read back as
/// the same string.
fn quoted(value: &str) -> String {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "./-_@".contains(c))
        && value.parse::<f64>().is_err()
        && !["true", "false", "null", "yes", "no", "~"].contains(&value);
    if plain {
        value.to_owned()
    } else {
        format!("{value:?}")
    }
}

/// A value as a `KEY=VALUE` argument reads in a shell: quoted only when
/// it holds spaces, quotes or nothing.
fn shell_word(value: &str) -> String {
    if value.is_empty() || value.contains(|c: char| c.is_whitespace() || "'\"\\$`".contains(c)) {
        format!("{value:?}")
    } else {
        value.to_owned()
    }
}

/// Tools whose output the transcript shows, after the call.
const SHOWN_OUTPUT: [&str; 17] = [
    "is-leader",
    "config-get",
    "relation-ids",
    "relation-list",
    "unit-get",
    "network-get",
    "leader-get",
    "status-get",
    "state-get",
    "opened-ports",
    "action-get",
    "secret-add",
    "secret-get",
    "secret-ids",
    "secret-info-get",
    "goal-state",
    "credential-get",
];

/// Output longer than this is cut in the transcript.
const OUTPUT_SHOWN: usize = 100;

impl HookRecord {
    /// `args` with each `-r`/`--relation` value written `endpoint:id`.
    fn named_args(&self, args: &[String]) -> Vec<String> {
        let name = |value: &str| match relation_number(value) {
            Some(id) => self
                .relation_names
                .get(&id)
                .map_or_else(|| value.to_owned(), |n| format!("{n}:{id}")),
            None => value.to_owned(),
        };
        let mut out = Vec::with_capacity(args.len());
        let mut next_is_relation = false;
        for arg in args {
            if next_is_relation {
                out.push(name(arg));
                next_is_relation = false;
            } else if arg == "-r" || arg == "--relation" {
                out.push(arg.clone());
                next_is_relation = true;
            } else if let Some(value) = arg.strip_prefix("--relation=") {
                out.push(format!("--relation={}", name(value)));
            } else if let Some(value) = arg.strip_prefix("-r").filter(|v| !v.is_empty()) {
                out.push(format!("-r {}", name(value.trim_start_matches('='))));
            } else {
                out.push(arg.clone());
            }
        }
        out
    }

    fn write_data(&self, f: &mut fmt::Formatter<'_>, call: &DataCall) -> fmt::Result {
        match call {
            DataCall::Get(get) => {
                let app = if get.app { "--app " } else { "" };
                let key = get.key.as_deref().unwrap_or("-");
                writeln!(
                    f,
                    "       $ relation-get -r {}:{} {app}{key} {}",
                    get.endpoint, get.relation, get.target
                )?;
                if get.code == 0 {
                    write_bag(f, &get.values, "         ")
                } else {
                    writeln!(f, "         (error, exit {})", get.code)
                }
            }
            DataCall::Set(set) => {
                let app = if set.app { " --app" } else { "" };
                let pairs: Vec<String> = set
                    .values
                    .iter()
                    .map(|(k, v)| format!("{k}={}", shell_word(v)))
                    .collect();
                let note = if set.code != 0 {
                    format!("   (error, exit {})", set.code)
                } else if self.succeeded() {
                    String::new()
                } else {
                    "   (dropped: the hook failed)".to_owned()
                };
                writeln!(
                    f,
                    "       $ relation-set -r {}:{}{app} {}{note}",
                    set.endpoint,
                    set.relation,
                    pairs.join(" ")
                )
            }
        }
    }

    fn write_call(&self, f: &mut fmt::Formatter<'_>, call: &CallRecord) -> fmt::Result {
        let args: Vec<String> = self
            .named_args(&call.args)
            .iter()
            .map(|a| shell_word(a))
            .collect();
        let line = format!("{} {}", call.tool, args.join(" "));
        writeln!(f, "       $ {}", line.trim_end())?;
        if call.code != 0 {
            return writeln!(f, "         (error, exit {})", call.code);
        }
        if SHOWN_OUTPUT.contains(&call.tool.as_str()) {
            let output = call.stdout.trim_end().replace('\n', " | ");
            if !output.is_empty() {
                let cut: String = output.chars().take(OUTPUT_SHOWN).collect();
                let more = if cut.len() < output.len() { " ..." } else { "" };
                writeln!(f, "         {cut}{more}")?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for HookRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let result = match &self.outcome {
            Outcome::Succeeded => String::new(),
            Outcome::Failed(error) => format!("   FAILED: {error}"),
        };
        let retry = if self.attempt > 1 {
            format!(" (retry {})", self.attempt - 1)
        } else {
            String::new()
        };
        writeln!(
            f,
            "{:>3}. {}: {}{retry}{result}",
            self.index,
            self.unit,
            self.label()
        )?;
        if !self.handlers.is_empty() {
            writeln!(f, "       ran {}", self.handlers.join(", "))?;
        }
        // Every tool call in order; relation data calls with what they
        // read and wrote.
        let mut data = self.data.iter();
        for call in &self.calls {
            if matches!(call.tool.as_str(), "relation-get" | "relation-set")
                && let Some(data_call) = data.next()
            {
                self.write_data(f, data_call)?;
            } else {
                self.write_call(f, call)?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for Transcript {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for hook in &self.hooks {
            hook.fmt(f)?;
        }
        Ok(())
    }
}

/// Counts hook labels per unit, for naming what kept a run from settling.
pub(crate) fn busiest(hooks: &[HookRecord], top: usize) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for hook in hooks {
        *counts
            .entry(format!("{}: {}", hook.unit, hook.label()))
            .or_default() += 1;
    }
    let mut counts: Vec<(String, usize)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counts.truncate(top);
    counts
}
