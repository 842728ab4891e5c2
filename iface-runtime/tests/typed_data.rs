//! `Conversation::send` and `receive` honour the bag and encoding a type
//! declares: an application-bag type is the leader's to write (a typed
//! error elsewhere, before any relation tool runs), a JSON type is written
//! and read one JSON document per key, and bad data names relation, sender
//! and key.

use std::sync::Arc;

use iface_runtime::Error;
use iface_runtime::conversation::Conversation;
use iface_runtime::conversation::state::ConversationState;
use iface_runtime::data::{Databag, Encoding, RelationData};
use iface_runtime::session::Session;
use iface_runtime::store::Store;
use iface_sim::{HookEnv, Scripted};
use serde::{Deserialize, Serialize};
use tempfile::TempDir;

/// What a CA answers: the application bag, JSON per key.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Issued {
    certificates: Vec<String>,
}

impl RelationData for Issued {
    const KEYS: &'static [&'static str] = &["certificates"];
    const REQUIRED: &'static [&'static str] = &["certificates"];
    const BAG: Databag = Databag::App;
    const ENCODING: Encoding = Encoding::Json;
    const NAME: &'static str = "Issued";
}

/// What each requirer unit asks: its unit bag, JSON per key.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Requests {
    hosts: Vec<String>,
}

impl RelationData for Requests {
    const KEYS: &'static [&'static str] = &["hosts"];
    const REQUIRED: &'static [&'static str] = &["hosts"];
    const ENCODING: Encoding = Encoding::Json;
    const NAME: &'static str = "Requests";
}

fn session(dir: &TempDir, tools: &Arc<Scripted>) -> Session {
    let env = HookEnv::new("ca/0", dir.path(), "certificates-relation-changed")
        .relation("certificates:3", Some("client/0"));
    let store = Store::open(&dir.path().join(".unit-state.db")).unwrap();
    Session::new(env.context().unwrap(), Box::new(Arc::clone(tools)), store)
}

/// The unit-scope conversation with client/0.
fn conversation(s: &mut Session) -> Conversation<'_> {
    let mut state = ConversationState::new("certificates:3", "client/0");
    state.units.insert("client/0".to_owned());
    Conversation::new(s, state)
}

#[test]
fn a_non_leader_sending_application_data_is_not_leader_before_any_relation_tool() {
    let dir = tempfile::tempdir().unwrap();
    let tools = Arc::new(Scripted::new().answer("is-leader", 0, "false"));
    let mut s = session(&dir, &tools);
    let error = conversation(&mut s)
        .send(&Issued {
            certificates: vec!["PEM".into()],
        })
        .unwrap_err();
    assert!(matches!(error, Error::NotLeader { .. }), "{error:?}");
    assert!(error.to_string().contains("`Issued`"), "{error}");
    assert_eq!(tools.tools_called(), ["is-leader"]);
}

#[test]
fn the_leader_sends_application_data_as_json_with_app() {
    let dir = tempfile::tempdir().unwrap();
    let tools = Arc::new(
        Scripted::new()
            .answer("is-leader", 0, "true")
            .answer("relation-get", 0, "{}")
            .answer("relation-set", 0, ""),
    );
    let mut s = session(&dir, &tools);
    conversation(&mut s)
        .send(&Issued {
            certificates: vec!["a \"PEM\"".into()],
        })
        .unwrap();
    s.commit().unwrap();
    let set = tools
        .calls()
        .into_iter()
        .find(|call| call.tool == "relation-set")
        .expect("a relation-set");
    assert!(set.args.iter().any(|a| a == "--app"), "{set:?}");
    let document: serde_json::Value = serde_json::from_str(set.stdin.as_deref().unwrap()).unwrap();
    assert_eq!(
        document,
        serde_json::json!({"certificates": r#"["a \"PEM\""]"#})
    );
}

#[test]
fn raw_text_where_json_is_expected_is_a_data_error_naming_relation_unit_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let tools = Arc::new(Scripted::new().answer(
        "relation-get",
        0,
        r#"{"hosts": "a.example", "private-address": "10.0.0.9"}"#,
    ));
    let mut s = session(&dir, &tools);
    let error = conversation(&mut s).receive::<Requests>().unwrap_err();
    let Error::Data {
        relation,
        unit,
        source,
    } = &error
    else {
        panic!("{error:?}");
    };
    assert_eq!(
        (relation.to_string().as_str(), unit.as_str(), source.key()),
        ("certificates:3", "client/0", Some("hosts"))
    );
    let each = conversation(&mut s).receive_each::<Requests>().unwrap();
    assert_eq!(each.len(), 1);
    assert_eq!(each[0].sender, "client/0");
    assert!(each[0].value.is_err());
}

#[test]
fn json_data_is_received_and_unknown_keys_are_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let tools = Arc::new(Scripted::new().answer(
        "relation-get",
        0,
        r#"{"hosts": "[\"a.example\"]", "egress-subnets": "10.0.0.9/32", "newer": "{"}"#,
    ));
    let mut s = session(&dir, &tools);
    assert_eq!(
        conversation(&mut s).receive::<Requests>().unwrap(),
        Some(Requests {
            hosts: vec!["a.example".into()]
        })
    );
}
