//! Which conversations a relation hook concerns, and who joins or leaves
//! them.

use iface_model::hook::RelationEvent;
use iface_model::scope::Scope;

use super::state::ConversationState;
use crate::error::Result;
use crate::session::Session;

/// The conversations of the current relation hook for an interface of
/// `scope`, after the hook's remote unit joined (`-created`, `-joined`,
/// `-changed`) or left (`-departed`) them.
///
/// With no remote unit (`-created`, `-broken`, an application bag change)
/// nobody joins: GLOBAL and SERVICE give their one conversation, UNIT gives
/// every conversation of the relation. Outside a relation hook: none.
pub fn hook_conversations(session: &mut Session, scope: Scope) -> Result<Vec<ConversationState>> {
    let Some(relation) = session.context().relation().cloned() else {
        return Ok(Vec::new());
    };
    let departed = relation.kind == RelationEvent::Departed;
    // The unit that leaves the conversation is the remote one. In Juju 2.8+
    // JUJU_DEPARTING_UNIT may name the local unit instead (when this unit is
    // the one leaving), so it only stands in when no remote unit is given.
    let remote_unit = if departed {
        relation
            .remote_unit
            .as_ref()
            .or(relation.departing_unit.as_ref())
    } else {
        relation.remote_unit.as_ref()
    }
    .map(ToString::to_string);

    let Some(template) = ConversationState::for_hook(scope, &relation) else {
        // UNIT scope with no remote unit: every conversation of the relation.
        return session.conversations_in(&relation.id.to_string());
    };
    let mut state = session
        .load_conversation(&template.key())?
        .unwrap_or(template);
    if let Some(unit) = remote_unit {
        if departed {
            if state.units.remove(&unit) {
                session.save_departure(&state)?;
            }
        } else if state.units.insert(unit) {
            session.save_conversation(&state)?;
        }
    }
    Ok(vec![state])
}
