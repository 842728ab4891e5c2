//! Running one event: the one place where a hook's work meets the store's
//! all-or-nothing commit.
//!
//! The process entry ([`crate::entry`]), the CLI's `relation-call` and
//! `dispatch`, and the simulator (in-process, and through the binaries it
//! starts) all come here. [`run`] opens the unit's store, gives `work` a
//! [`Session`], catches a panic as an error, and commits only when `work`
//! succeeded: relation writes first (Juju applies them only if the process
//! exits 0), then the store in one transaction. [`run_event`] is [`run`]
//! with the charm's dispatch as the work.
//!
//! What an event runs:
//!
//! | event | hooks phase | event phase | flag phase | commits |
//! |---|---|---|---|---|
//! | relation hook | the bound interface's `#[hook]` methods | | yes | yes |
//! | any other hook Juju 3.6/4.0 sends | | | yes | yes |
//! | action | its handler, and `action-set` of its results | | yes | yes; on failure `action-fail` and nothing |
//! | a name no Juju 3.6/4.0 sends ([`Event::Unknown`]) | | | | nothing: the store is not even opened |

use std::path::Path;

use crate::charm::{Charm, RunReport};
use crate::context::HookContext;
use crate::dispatch::FlagPhaseOptions;
use crate::error::Result;
use crate::event::Event;
use crate::session::Session;
use crate::store::Store;
use crate::tools::HookTools;

/// What running an event did.
#[derive(Debug)]
pub enum Outcome {
    /// The charm's handlers ran and their work was committed.
    Ran(RunReport),
    /// The event is one no Juju 3.6 or 4.0 sends: nothing ran, nothing was
    /// committed, and the store was not opened.
    Ignored,
    /// The action failed: `action-fail` told Juju why (this message), and
    /// nothing was committed. The process exits 0, as Juju expects.
    ActionFailed(String),
}

impl Outcome {
    /// What ran, unless the event was ignored.
    pub fn report(self) -> Option<RunReport> {
        match self {
            Outcome::Ran(report) => Some(report),
            Outcome::Ignored | Outcome::ActionFailed(_) => None,
        }
    }
}

/// Runs the event of `context` for `charm`: its dispatch ([`Charm::dispatch`])
/// in a session over `tools` and the store at `store`, committed if it
/// succeeded.
pub fn run_event(
    charm: &'static Charm,
    context: HookContext,
    tools: Box<dyn HookTools>,
    store: &Path,
    options: &FlagPhaseOptions,
) -> Result<Outcome> {
    if matches!(context.event, Event::Unknown(_)) {
        return Ok(Outcome::Ignored);
    }
    let action = context.event.action().is_some();
    let mut session = Session::new(context, tools, Store::open(store)?);
    match crate::panic::catch(|| charm.dispatch(&mut session, options)) {
        Ok(report) => {
            session.commit()?;
            Ok(Outcome::Ran(report))
        }
        Err(error) if action => {
            // The session is dropped uncommitted: nothing of the action stays.
            let message = error.to_string().replace('\n', " ");
            session.tools().action_fail(&message)?;
            Ok(Outcome::ActionFailed(message))
        }
        Err(error) => Err(error),
    }
}

/// Runs `work` in a session for `context` over `tools` and the store at
/// `store`, and commits the session if `work` returned `Ok` (a panic is an
/// [`Error::Panic`](crate::Error::Panic)). On error nothing is committed
/// and no relation data is written.
pub fn run<T>(
    context: HookContext,
    tools: Box<dyn HookTools>,
    store: &Path,
    work: impl FnOnce(&mut Session) -> Result<T>,
) -> Result<T> {
    let store = Store::open(store)?;
    let mut session = Session::new(context, tools, store);
    let value = crate::panic::catch(|| work(&mut session))?;
    session.commit()?;
    Ok(value)
}
