//! Every charm binary is also a command-line API (seed 000: interfaces are
//! written in one language and used from any): flags, interface methods,
//! the hooks the charm handles and a description of its interfaces.
//!
//! The CLI uses the hook's store and the same atomicity: a command's
//! changes are committed in one transaction when it succeeds, and nothing
//! is when it fails. (A shell hook that runs several commands commits each
//! on its own: if the hook fails later, their flag changes stay, while Juju
//! drops the hook's relation writes.) Exit status: 0 success or true, 1
//! failure or false, 2 bad arguments (with the usage), 3 a failure of
//! `is-flag-set`, `all-flags-set` or `any-flags-set`, whose 1 means false.
//! Errors are one `ERROR ...` line; there are no backtraces.

mod args;

use std::io::Write;
use std::path::PathBuf;

pub use self::args::{COMMANDS, Command, Format, Target, UsageError, parse, usage};
use crate::charm::Charm;
use crate::context::HookContext;
use crate::dispatch::FlagPhaseOptions;
use crate::env::Env;
use crate::error::{Error, Result};
use crate::runner;
use crate::store::{Changes, Store, StoreError, flag_key};
use crate::tools::ProcessTools;

/// Runs the command line `args` (without the program name) for `charm`,
/// reading the environment through `env`, printing to `out` and `err`.
pub fn run(
    charm: &'static Charm,
    program: &str,
    args: &[String],
    env: &dyn Env,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let (format, command) = match parse(args) {
        Ok(parsed) => parsed,
        Err(UsageError(message)) => {
            let _ = writeln!(err, "ERROR {message}");
            let _ = write!(err, "{}", usage(program));
            return 2;
        }
    };
    let question = matches!(
        command,
        Command::IsFlagSet(_) | Command::AllFlagsSet(_) | Command::AnyFlagsSet(_)
    );
    match execute(charm, program, format, &command, env, out) {
        Ok(status) => status,
        Err(error) => {
            let _ = writeln!(err, "ERROR {}", error.to_string().replace('\n', " "));
            if matches!(error, Error::Argument { .. }) {
                2
            } else if question {
                // Their 1 means "false", so a failure must differ.
                3
            } else {
                1
            }
        }
    }
}

/// Where the unit's store is, from the environment.
fn store_path(env: &dyn Env) -> Result<PathBuf> {
    Ok(Store::default_path(|var| env.var_os(var))?)
}

fn open_store(env: &dyn Env) -> Result<Store> {
    Ok(Store::open(&store_path(env)?)?)
}

/// The set flags, without creating a store that does not exist yet (a
/// unit with no store has no flags).
fn read_flags(env: &dyn Env) -> Result<Vec<String>> {
    let path = store_path(env)?;
    if !path.exists() {
        return Ok(Vec::new());
    }
    let store = Store::open(&path)?;
    Ok(Changes::new()
        .prefix(&store, crate::store::FLAG_PREFIX)?
        .keys()
        .filter_map(|key| crate::store::flag_name(key))
        .map(str::to_owned)
        .collect())
}

fn print_list(out: &mut dyn Write, format: Format, items: &[String]) -> Result<()> {
    let written = match format {
        Format::Json => writeln!(out, "{}", serde_json::Value::from(items.to_vec())),
        Format::Text => items.iter().try_for_each(|item| writeln!(out, "{item}")),
    };
    written.map_err(|e| Error::msg(format!("cannot write the output: {e}")))
}

fn status(yes: bool) -> u8 {
    u8::from(!yes)
}

fn execute(
    charm: &'static Charm,
    program: &str,
    format: Format,
    command: &Command,
    env: &dyn Env,
    out: &mut dyn Write,
) -> Result<u8> {
    let write_err = |e: std::io::Error| Error::msg(format!("cannot write the output: {e}"));
    match command {
        Command::Help => {
            write!(out, "{}", usage(program)).map_err(write_err)?;
            Ok(0)
        }
        Command::Dispatch => {
            let context = HookContext::from_env(env, None, charm)?;
            let tools = Box::new(ProcessTools::from_path());
            let options = FlagPhaseOptions::from_env(env);
            runner::run_event(charm, context, tools, &store_path(env)?, &options)?;
            Ok(0)
        }
        Command::Hooks => {
            print_list(out, format, &charm.hook_names())?;
            Ok(0)
        }
        Command::Describe => {
            let description = describe(charm);
            let text = match format {
                Format::Json => serde_json::to_string(&description),
                Format::Text => serde_json::to_string_pretty(&description),
            }
            .map_err(|e| Error::msg(e.to_string()))?;
            writeln!(out, "{text}").map_err(write_err)?;
            Ok(0)
        }
        Command::GetFlags => {
            print_list(out, format, &read_flags(env)?)?;
            Ok(0)
        }
        Command::IsFlagSet(flag) => is_set(env, std::slice::from_ref(flag), true),
        Command::AllFlagsSet(flags) => is_set(env, flags, true),
        Command::AnyFlagsSet(flags) => is_set(env, flags, false),
        Command::SetFlag { flag, value } => {
            // Re-encoded from its text, so that big integers stay exact, and
            // before the store is opened, so that a bad value creates nothing.
            let mut staged = Changes::new();
            staged
                .set_json(flag_key(flag), value.as_deref().unwrap_or("null"))
                .map_err(|error| match error {
                    StoreError::Encode { source, .. } => Error::Argument {
                        param: Some(("--value", "JSON")),
                        reason: source.to_string(),
                    },
                    other => other.into(),
                })?;
            change(env, |changes, _| {
                changes.clone_from(&staged);
                Ok(())
            })
        }
        Command::ClearFlag(flag) => change(env, |changes, _| {
            changes.unset(flag_key(flag));
            Ok(())
        }),
        Command::ToggleFlag(flag) => change(env, |changes, store| {
            if changes.contains(store, &flag_key(flag))? {
                changes.unset(flag_key(flag));
                Ok(())
            } else {
                changes.set(flag_key(flag), &()).map_err(Error::from)
            }
        }),
        Command::RelationCall {
            target,
            method,
            args,
        } => {
            let results = relation_call(charm, env, target, method, args)?;
            match format {
                Format::Json => {
                    writeln!(out, "{}", serde_json::Value::from(results)).map_err(write_err)?;
                }
                Format::Text => {
                    for value in results.into_iter().flatten() {
                        match value {
                            serde_json::Value::String(text) => writeln!(out, "{text}"),
                            other => writeln!(out, "{other}"),
                        }
                        .map_err(write_err)?;
                    }
                }
            }
            Ok(0)
        }
    }
}

fn is_set(env: &dyn Env, flags: &[String], all: bool) -> Result<u8> {
    let set = read_flags(env)?;
    let mut answers = flags.iter().map(|flag| set.contains(flag));
    let answer = if all {
        answers.all(|yes| yes)
    } else {
        answers.any(|yes| yes)
    };
    Ok(status(answer))
}

/// Applies one change to the store, reading and writing in one
/// transaction ([`Store::update`]): a command that reads what it then
/// changes (`toggle-flag`) cannot lose another process's update made in
/// between. `apply` may run more than once.
fn change(env: &dyn Env, mut apply: impl FnMut(&mut Changes, &Store) -> Result<()>) -> Result<u8> {
    let mut store = open_store(env)?;
    store.update(|store| -> Result<Changes> {
        let mut changes = Changes::new();
        apply(&mut changes, store)?;
        Ok(changes)
    })?;
    Ok(0)
}

/// Calls `method` on the bound relation's conversations within a session
/// of its own, committed only if every call succeeded.
fn relation_call(
    charm: &'static Charm,
    env: &dyn Env,
    target: &Target,
    method: &str,
    args: &[String],
) -> Result<Vec<Option<serde_json::Value>>> {
    let context = HookContext::from_env(env, None, charm)?;
    let tools = Box::new(ProcessTools::from_path());
    runner::run(context, tools, &store_path(env)?, |session| {
        let (relation, conversations) = match target {
            Target::Relation(name) => (name.clone(), session.conversations_of_relation(name)?),
            Target::Flag(flag) => {
                let conversations = session.conversations_of_flag(flag)?;
                let Some(first) = conversations.first() else {
                    // A state of the unit, not a mistake in the command line.
                    return Err(Error::msg(format!(
                        "no conversation holds the flag `{flag}`"
                    )));
                };
                (first.relation_name().to_owned(), conversations)
            }
        };
        let Some(bound) = charm.relations.iter().find(|b| b.relation == relation) else {
            let names: Vec<String> = charm
                .relations
                .iter()
                .map(|b| format!("`{}`", b.relation))
                .collect();
            return Err(Error::Argument {
                param: Some(("--relation", "relation name")),
                reason: format!(
                    "no interface is bound to `{relation}`; expected one of {}",
                    names.join(", ")
                ),
            });
        };
        (bound.call)(session, &conversations, method, args)
    })
}

/// What `describe --format json` prints: the charm, its relations, the
/// interfaces bound to them (flags, methods, the types they write and read
/// with bag, encoding and JSON Schema) and its handlers; public so that
/// tests and tools get it without running the binary.
pub fn describe(charm: &'static Charm) -> serde_json::Value {
    let relations: Vec<serde_json::Value> = charm
        .endpoints
        .iter()
        .map(|&(name, role, interface)| {
            let bound = charm.relations.iter().find(|b| b.relation == name).map(|b| (b.describe)());
            serde_json::json!({
                "name": name,
                "role": role.as_str(),
                "interface": interface,
                "bound": bound,
                "flags": bound.as_ref().map(|b| {
                    b.flags.iter().map(|f| f.replace(crate::flag::RELATION_NAME, name)).collect::<Vec<_>>()
                }),
            })
        })
        .collect();
    let handlers: Vec<serde_json::Value> = charm
        .handlers
        .iter()
        .map(|h| {
            let names = crate::flag::Flag::names;
            serde_json::json!({
                "name": h.name,
                "when": names(h.when),
                "when_not": names(h.when_not),
                "when_any": h.when_any.iter().map(|g| names(g)).collect::<Vec<_>>(),
                "only_on_change": h.only_on_change,
            })
        })
        .collect();
    let config: Vec<serde_json::Value> = charm
        .config
        .iter()
        .map(|option| {
            serde_json::json!({
                "name": option.name,
                "type": option.kind.as_str(),
                "default": option.default.and_then(|json| serde_json::from_str::<serde_json::Value>(json).ok()),
                "description": option.description,
            })
        })
        .collect();
    let actions: Vec<serde_json::Value> = charm
        .actions
        .iter()
        .map(|bound| {
            let params: Vec<serde_json::Value> = bound
                .params
                .iter()
                .map(|param| {
                    serde_json::json!({
                        "name": param.name,
                        "type": param.kind.map(crate::action::ParamType::as_str),
                        "required": param.required,
                        "description": param.description,
                    })
                })
                .collect();
            serde_json::json!({
                "name": bound.action,
                "description": bound.description,
                "handler": bound.handler.name,
                "params": params,
            })
        })
        .collect();
    serde_json::json!({
        "charm": charm.name,
        "relations": relations,
        "handlers": handlers,
        "hooks": charm.hook_names(),
        "config": config,
        "actions": actions,
    })
}
