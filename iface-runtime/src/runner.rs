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
//! | action | | its handler (none yet: the action fails) | yes | yes |
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
}

impl Outcome {
    /// What ran, unless the event was ignored.
    pub fn report(self) -> Option<RunReport> {
        match self {
            Outcome::Ran(report) => Some(report),
            Outcome::Ignored => None,
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
    run(context, tools, store, |session| {
        charm.dispatch(session, options)
    })
    .map(Outcome::Ran)
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
