//! The process entry of a charm binary: everything that concerns the
//! process itself, and nothing else.
//!
//! Juju starts the binary with no arguments for every hook and action
//! (as `dispatch`, or through a `hooks/<name>` link); with arguments it is
//! the command-line API ([`crate::cli`]). This module reads argv as
//! `OsString`s and the environment as bytes, so nothing that arrives there
//! can panic the process: an argument that is not UTF-8 is one `ERROR`
//! line and exit 2, a hook environment that is not (or that is missing,
//! malformed or contradictory) is one `ERROR` line and exit 1, before any
//! hook tool runs. Exit statuses: a hook or action exits 0 when it
//! succeeded and 1 when it failed (Juju then retries the hook, or marks the
//! action failed); the CLI's are in [`crate::cli`].

use std::ffi::{OsStr, OsString};
use std::process::ExitCode;

use crate::charm::Charm;
use crate::context::HookContext;
use crate::dispatch::FlagPhaseOptions;
use crate::env::{Env, ProcessEnv};
use crate::runner::{Outcome, run_event};
use crate::store::Store;
use crate::tools::{HookTools, LogLevel, ProcessTools};

/// Runs the charm binary: the hook or action Juju started it for, or with
/// arguments a command-line API command.
pub fn main(charm: &'static Charm) -> ExitCode {
    let argv: Vec<OsString> = std::env::args_os().collect();
    let argv0 = argv.first().map(OsString::as_os_str);
    if argv.len() > 1 {
        return ExitCode::from(command(charm, argv0, &argv[1..], &ProcessEnv));
    }
    crate::panic::install_quiet_hook();
    match hook(charm, argv0, &ProcessEnv) {
        Ok(()) => ExitCode::SUCCESS,
        Err(line) => fail(&line),
    }
}

/// Runs a command line (arguments without the program name); returns the
/// exit status.
fn command(charm: &'static Charm, argv0: Option<&OsStr>, args: &[OsString], env: &dyn Env) -> u8 {
    let program = argv0
        .map(|path| path.to_string_lossy())
        .and_then(|path| path.rsplit('/').next().map(str::to_owned))
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| charm.name.to_owned());
    let mut text = Vec::with_capacity(args.len());
    for (index, arg) in args.iter().enumerate() {
        let Some(arg) = arg.to_str() else {
            eprintln!(
                "ERROR argument {} is not valid UTF-8: {:?}",
                index + 1,
                arg.to_string_lossy()
            );
            return 2;
        };
        text.push(arg.to_owned());
    }
    crate::cli::run(
        charm,
        &program,
        &text,
        env,
        &mut std::io::stdout(),
        &mut std::io::stderr(),
    )
}

/// Runs the hook or action `env` names; `Err` is the one line that says
/// why it failed.
fn hook(charm: &'static Charm, argv0: Option<&OsStr>, env: &dyn Env) -> Result<(), String> {
    let context = HookContext::from_env(env, argv0, charm)
        .map_err(|error| format!("{}: hook environment: {error}", charm.name))?;
    let event = context.event.clone();
    let failed = |error: &dyn std::fmt::Display| {
        format!(
            "{} {} {} failed: {error}",
            charm.name,
            event.noun(),
            event.name()
        )
    };
    let store = Store::default_path(|var| env.var_os(var)).map_err(|e| failed(&e))?;
    let options = FlagPhaseOptions::from_env(env);
    let tools = Box::new(ProcessTools::from_path());
    match run_event(charm, context, tools, &store, &options).map_err(|e| failed(&e))? {
        // Juju shows the action failed with the message action-fail gave.
        Outcome::Ran(_) | Outcome::ActionFailed(_) => {}
        // Stderr reaches Juju's log at WARNING without a tool call.
        Outcome::Ignored => eprintln!(
            "{}: no Juju 3.6 or 4.0 event is called `{}`; nothing ran",
            charm.name,
            event.name()
        ),
    }
    Ok(())
}

/// Reports a failed hook in one line, on stderr and through `juju-log`
/// (best effort: the hook is failing already), and exits 1.
fn fail(line: &str) -> ExitCode {
    let line = line.replace('\n', " ");
    eprintln!("ERROR {line}");
    let _ = ProcessTools::from_path().juju_log(LogLevel::Error, &line);
    ExitCode::FAILURE
}
