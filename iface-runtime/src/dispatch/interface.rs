//! The hooks phase: running the `#[hook]` handlers of an interface.

use iface_model::role::Role;

use crate::conversation::{Conversation, hook_conversations};
use crate::error::{Error, Result};
use crate::interface::Hooks;
use crate::session::Session;

/// Runs every `#[hook]` handler of `T` whose patterns match the current
/// relation hook, once per conversation the hook concerns, in source order.
/// `endpoint_of` gives the role and interface a relation name is declared
/// with in the charm's metadata. Returns the names of the methods that ran.
///
/// Handlers see conversations after the hook's remote unit joined or left
/// them. The first error stops the hook; the caller then drops the session,
/// so nothing the hook did is committed.
pub fn run_interface_hooks<'m, T: Hooks>(
    session: &mut Session,
    endpoint_of: impl Fn(&str) -> Option<(Role, &'m str)> + Copy,
) -> Result<Vec<&'static str>> {
    let Some(hook) = session.context().relation().cloned() else {
        return Ok(Vec::new());
    };
    let Some((role, interface)) = endpoint_of(&hook.endpoint) else {
        return Ok(Vec::new());
    };
    let handlers: Vec<_> = T::HOOKS
        .iter()
        .filter(|handler| handler.handles(&hook.endpoint, role, interface, hook.kind))
        .collect();
    if handlers.is_empty() {
        return Ok(Vec::new());
    }
    let conversations = hook_conversations(session, T::SCOPE)?;
    let interface = T::instance();
    let mut ran = Vec::new();
    for handler in handlers {
        for state in &conversations {
            let mut conversation = Conversation::new(session, state.clone());
            crate::panic::catch(|| (handler.call)(&interface, &mut conversation)).map_err(
                |error| Error::Handler {
                    handler: format!("{}::{}", short_type_name::<T>(), handler.method),
                    source: Box::new(error),
                },
            )?;
        }
        ran.push(handler.method);
    }
    Ok(ran)
}

/// `HttpProvides` for `http_interface::provides::HttpProvides`.
fn short_type_name<T>() -> &'static str {
    let name = core::any::type_name::<T>();
    name.rsplit("::").next().unwrap_or(name)
}
