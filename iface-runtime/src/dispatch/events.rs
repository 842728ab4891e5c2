//! The event phase: a charm's own handlers for the event itself
//! (`#[on(config_changed)]`), between the hooks phase and the flag phase.

use super::flags::FlagHandler;
use crate::error::{Error, Result};
use crate::session::Session;

/// Runs each of `handlers` (those bound to the running event, in table
/// order) once, when its flag conditions hold and, for one that takes
/// `&Leader`, on the leader only. Returns the names of those that ran.
///
/// A handler's error stops the phase at once and comes back as
/// [`Error::Handler`] naming it; the caller drops the session, so nothing
/// the hook did is committed.
pub fn run_event_handlers(
    session: &mut Session,
    handlers: &[FlagHandler],
) -> Result<Vec<&'static str>> {
    let mut ran = Vec::new();
    for handler in handlers {
        if handler.failing_condition(&session.flags()?).is_some() {
            continue;
        }
        if handler.needs_leader && !session.is_leader()? {
            continue;
        }
        (handler.run)(session).map_err(|source| Error::Handler {
            handler: handler.name.to_owned(),
            source: Box::new(source),
        })?;
        ran.push(handler.name);
    }
    Ok(ran)
}
