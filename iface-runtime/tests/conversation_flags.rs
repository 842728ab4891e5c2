//! Conversation flags through a hook session over a real store file: what a
//! hook writes, and what it leaves alone for other processes.

use iface_runtime::conversation::Conversation;
use iface_runtime::conversation::state::ConversationState;
use iface_runtime::session::Session;
use iface_runtime::store::{Changes, Store, flag_key};
use iface_runtime::tools::{ToolCall, ToolError, ToolOutput, ToolRunner};
use iface_sim::HookEnv;
use serde_json::{Value, json};
use tempfile::TempDir;

/// Hook tools no test here may call.
struct NoTools;

impl ToolRunner for NoTools {
    fn run(&self, call: &ToolCall) -> Result<ToolOutput, ToolError> {
        panic!("no tool call expected, got {}", call.tool);
    }
}

const FLAG: &str = "reverseproxy.available";

fn session(dir: &TempDir) -> Session {
    let context = HookEnv::new("haproxy/0", dir.path(), "update-status")
        .context()
        .unwrap();
    let store = Store::open(&dir.path().join(".unit-state.db")).unwrap();
    Session::new(context, Box::new(NoTools), store)
}

fn unit_conversation(unit: &str) -> ConversationState {
    let mut state = ConversationState::new("reverseproxy:1", unit);
    state.units.insert(unit.to_owned());
    state
}

fn flag_value(dir: &TempDir) -> Option<Value> {
    Store::open(&dir.path().join(".unit-state.db"))
        .unwrap()
        .get(&flag_key(FLAG))
        .unwrap()
}

#[test]
fn raising_a_flag_a_conversation_holds_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let first = unit_conversation("django/0");
    let second = unit_conversation("django/1");

    let mut hook = session(&dir);
    Conversation::new(&mut hook, first.clone())
        .set_state(FLAG)
        .unwrap();
    hook.commit().unwrap();
    assert_eq!(
        flag_value(&dir),
        Some(json!({"relation": "reverseproxy", "conversations": [first.key()]}))
    );

    // A hook reads the flag, then another process adds a conversation to
    // it before the hook commits.
    let mut hook = session(&dir);
    let mut conversation = Conversation::new(&mut hook, first.clone());
    assert!(conversation.is_state(FLAG).unwrap());
    let mut other = Store::open(&dir.path().join(".unit-state.db")).unwrap();
    let mut changes = Changes::new();
    changes
        .set(
            flag_key(FLAG),
            &json!({"relation": "reverseproxy", "conversations": [first.key(), second.key()]}),
        )
        .unwrap();
    other.commit(&changes, None).unwrap();

    // Raising it again changes nothing, so the hook does not write the list
    // it read back over the other process's.
    conversation.set_state(FLAG).unwrap();
    hook.commit().unwrap();
    assert_eq!(
        flag_value(&dir),
        Some(json!({"relation": "reverseproxy", "conversations": [first.key(), second.key()]}))
    );
}

#[test]
fn the_last_conversation_to_leave_a_flag_clears_it() {
    let dir = tempfile::tempdir().unwrap();
    let first = unit_conversation("django/0");
    let second = unit_conversation("django/1");
    let mut hook = session(&dir);
    for state in [&first, &second] {
        Conversation::new(&mut hook, state.clone())
            .set_state(FLAG)
            .unwrap();
    }
    assert!(hook.is_flag_set(FLAG).unwrap());
    assert_eq!(
        hook.conversations_of_flag(FLAG).unwrap(),
        [first.clone(), second.clone()]
    );
    Conversation::new(&mut hook, first.clone())
        .remove_state(FLAG)
        .unwrap();
    assert_eq!(
        hook.conversations_of_flag(FLAG).unwrap(),
        core::slice::from_ref(&second)
    );
    Conversation::new(&mut hook, second)
        .remove_state(FLAG)
        .unwrap();
    assert!(!hook.is_flag_set(FLAG).unwrap());
    assert!(hook.flags().unwrap().is_empty());
    hook.commit().unwrap();
    assert_eq!(flag_value(&dir), None);
}
