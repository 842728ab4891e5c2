//! A conversation as charms.reactive stores it.

use std::collections::BTreeSet;

use iface_model::scope::Scope;
use serde::{Deserialize, Serialize};

use crate::event::RelationHook;
use crate::store::CONVERSATION_PREFIX;

/// The scope value of the one conversation of a GLOBAL interface.
pub const GLOBAL_SCOPE: &str = "global";

/// A conversation's stored form: the JSON charms.reactive writes under
/// `reactive.conversations.<namespace>.<scope>`, fields in its order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationState {
    /// The relation name (GLOBAL) or relation id (SERVICE, UNIT).
    pub namespace: String,
    /// The remote units in the conversation, sorted.
    pub units: BTreeSet<String>,
    /// `global`, the remote application (SERVICE) or the remote unit (UNIT).
    pub scope: String,
}

impl ConversationState {
    /// An empty conversation.
    pub fn new(namespace: impl Into<String>, scope: impl Into<String>) -> ConversationState {
        ConversationState {
            namespace: namespace.into(),
            units: BTreeSet::new(),
            scope: scope.into(),
        }
    }

    /// The conversation `scope` puts the hook's remote side in, or `None`
    /// when the hook names no remote unit or application that scope needs
    /// (`-created`, `-broken`, an application bag change in UNIT scope).
    pub fn for_hook(scope: Scope, relation: &RelationHook) -> Option<ConversationState> {
        let remote_unit = relation.remote_unit.as_ref().map(ToString::to_string);
        match scope {
            Scope::Global => Some(ConversationState::new(&relation.endpoint, GLOBAL_SCOPE)),
            Scope::Service => {
                let app = relation.remote_app.clone()?;
                Some(ConversationState::new(relation.id.to_string(), app))
            }
            Scope::Unit => Some(ConversationState::new(
                relation.id.to_string(),
                remote_unit?,
            )),
        }
    }

    /// The store key: `reactive.conversations.<namespace>.<scope>`.
    pub fn key(&self) -> String {
        format!("{CONVERSATION_PREFIX}{}.{}", self.namespace, self.scope)
    }

    /// The relation name: the namespace up to its `:`.
    pub fn relation_name(&self) -> &str {
        self.namespace.split(':').next().unwrap_or_default()
    }

    /// Whether this conversation spans every relation of its endpoint.
    pub fn is_global(&self) -> bool {
        !self.namespace.contains(':')
    }

    /// The prefix of this conversation's local data keys.
    pub fn local_prefix(&self) -> String {
        format!("{}.local-data.", self.key())
    }
}

/// The value charms.reactive stores for a flag a conversation raised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct FlagValue {
    /// The relation name.
    pub(crate) relation: String,
    /// Keys of the conversations in the flag, in the order they joined it.
    pub(crate) conversations: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::pyjson;

    #[test]
    fn stored_text_matches_charms_reactive() {
        let mut state = ConversationState::new("website:1", "haproxy/0");
        state.units.insert("haproxy/0".into());
        assert_eq!(state.key(), "reactive.conversations.website:1.haproxy/0");
        assert_eq!(
            pyjson::to_string(&state).unwrap(),
            r#"{"namespace": "website:1", "units": ["haproxy/0"], "scope": "haproxy/0"}"#
        );
        let flag = FlagValue {
            relation: "website".into(),
            conversations: vec![state.key()],
        };
        assert_eq!(
            pyjson::to_string(&flag).unwrap(),
            r#"{"relation": "website", "conversations": ["reactive.conversations.website:1.haproxy/0"]}"#
        );
        assert_eq!(
            ConversationState::new("website", GLOBAL_SCOPE).key(),
            "reactive.conversations.website.global"
        );
        assert_eq!(state.relation_name(), "website");
    }
}
