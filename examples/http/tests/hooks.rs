//! The http interface driven hook by hook against a modelled deployment:
//! a django-like provider (`website`) and a haproxy-like requirer
//! (`reverseproxy`) with two units, each unit with its own store file.

use std::sync::{Arc, Mutex};

use http_interface::{HttpProvides, HttpRequires, HttpSettings};
use iface::__private::RelationEvent;
use iface::Error;
use iface::conversation::Conversation;
use iface::dispatch::run_interface_hooks;
use iface::session::Session;
use iface::store::Store;
use iface::testing::{Deployment, HookRelation, UnitStores, run_hook};
use iface::{Hooks, Interface, Role};

const RELATION: u32 = 1;

struct World {
    deployment: Arc<Mutex<Deployment>>,
    stores: UnitStores,
    _dir: tempfile::TempDir,
}

fn world() -> World {
    let mut model = Deployment::new("test");
    model.add_unit("django/0", "10.0.0.1");
    model.add_unit("haproxy/0", "10.0.0.2");
    model.add_unit("haproxy/1", "10.0.0.3");
    model.set_leader("django/0");
    model.set_leader("haproxy/0");
    let relation = model.add_relation(RELATION, ("django", "website"), ("haproxy", "reverseproxy"));
    relation.members.extend([
        "django/0".to_owned(),
        "haproxy/0".to_owned(),
        "haproxy/1".to_owned(),
    ]);
    let dir = tempfile::tempdir().unwrap();
    World {
        deployment: Arc::new(Mutex::new(model)),
        stores: UnitStores::new(dir.path()),
        _dir: dir,
    }
}

/// The charms' metadata: django provides `website: http`, haproxy requires
/// `reverseproxy: http`.
fn endpoint_of(relation: &str) -> Option<(Role, &'static str)> {
    match relation {
        "website" => Some((Role::Provides, "http")),
        "reverseproxy" => Some((Role::Requires, "http")),
        _ => None,
    }
}

/// A relation hook whose remote unit is `unit`.
fn remote(unit: &str) -> HookRelation {
    HookRelation {
        id: RELATION,
        remote_unit: Some(unit.to_owned()),
        remote_app: Some(unit.split('/').next().unwrap().to_owned()),
        departing_unit: None,
    }
}

fn departing(unit: &str) -> HookRelation {
    HookRelation {
        departing_unit: Some(unit.to_owned()),
        ..remote(unit)
    }
}

/// A django hook: the interface's hooks, then what the charm does when
/// `website.available` is set (seed 000: `website.configure(80)`).
fn django(
    world: &World,
    hook: &str,
    relation: Option<HookRelation>,
) -> iface::Result<Vec<&'static str>> {
    run_hook(
        &world.deployment,
        &world.stores,
        "django/0",
        hook,
        relation,
        |session| {
            let ran = run_interface_hooks::<HttpProvides>(session, endpoint_of)?;
            if session.is_flag_set("website.available")? {
                for state in session.conversations_of_flag("website.available")? {
                    HttpProvides.configure(&mut Conversation::new(session, state), 80)?;
                }
            }
            Ok(ran)
        },
    )
}

fn haproxy(
    world: &World,
    unit: &str,
    hook: &str,
    relation: Option<HookRelation>,
) -> iface::Result<Vec<&'static str>> {
    run_hook(
        &world.deployment,
        &world.stores,
        unit,
        hook,
        relation,
        |session| run_interface_hooks::<HttpRequires>(session, endpoint_of),
    )
}

/// The raw `data` text of a store key, as Python's charmhelpers would read it.
fn stored_text(world: &World, unit: &str, key: &str) -> Option<String> {
    let db = rusqlite::Connection::open(world.stores.path(unit)).unwrap();
    db.query_row("SELECT data FROM kv WHERE key = ?1", [key], |row| {
        row.get(0)
    })
    .ok()
}

fn flags(world: &World, unit: &str) -> Vec<String> {
    let db = rusqlite::Connection::open(world.stores.path(unit)).unwrap();
    let mut query = db
        .prepare("SELECT key FROM kv WHERE key LIKE 'reactive.states.%' ORDER BY key")
        .unwrap();
    query
        .query_map([], |row| row.get::<_, String>(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn bag(world: &World, unit: &str) -> std::collections::BTreeMap<String, String> {
    let model = world.deployment.lock().unwrap();
    model.relations[&RELATION]
        .unit_data
        .get(unit)
        .cloned()
        .unwrap_or_default()
}

#[test]
fn the_interface_describes_itself() {
    assert_eq!(<HttpProvides as Interface>::NAME, "http");
    assert_eq!(
        HttpProvides::AVAILABLE.for_relation("website"),
        "website.available"
    );
    let methods: Vec<_> = <HttpRequires as Hooks>::HOOKS
        .iter()
        .map(|h| h.method)
        .collect();
    assert_eq!(methods, ["changed", "departed"]);
    let handler = <HttpProvides as Hooks>::HOOKS
        .iter()
        .find(|h| h.method == "changed")
        .unwrap();
    let provides = |endpoint, kind| handler.handles(endpoint, Role::Provides, "http", kind);
    assert!(provides("website", RelationEvent::Joined));
    assert!(provides("website", RelationEvent::Changed));
    assert!(!provides("website", RelationEvent::Departed));
    assert!(!handler.handles(
        "reverseproxy",
        Role::Requires,
        "http",
        RelationEvent::Joined
    ));
}

#[test]
fn provider_publishes_and_flags_in_the_reactive_format() {
    let world = world();
    assert_eq!(
        django(&world, "website-relation-joined", Some(remote("haproxy/0"))).unwrap(),
        ["changed"]
    );

    assert_eq!(
        flags(&world, "django/0"),
        ["reactive.states.website.available"]
    );
    assert_eq!(
        stored_text(&world, "django/0", "reactive.states.website.available").unwrap(),
        r#"{"relation": "website", "conversations": ["reactive.conversations.website.global"]}"#
    );
    assert_eq!(
        stored_text(&world, "django/0", "reactive.conversations.website.global").unwrap(),
        r#"{"namespace": "website", "units": ["haproxy/0"], "scope": "global"}"#
    );
    let published = bag(&world, "django/0");
    assert_eq!(
        published.get("hostname").map(String::as_str),
        Some("10.0.0.1")
    );
    assert_eq!(published.get("port").map(String::as_str), Some("80"));
}

#[test]
fn a_hook_with_nothing_new_writes_nothing() {
    let world = world();
    django(&world, "website-relation-joined", Some(remote("haproxy/0"))).unwrap();
    let before = world.deployment.lock().unwrap().count_calls("relation-set");
    django(
        &world,
        "website-relation-changed",
        Some(remote("haproxy/0")),
    )
    .unwrap();
    let after = world.deployment.lock().unwrap().count_calls("relation-set");
    assert_eq!(
        (before, after),
        (1, 1),
        "unchanged settings are not written again"
    );
}

#[test]
fn requirer_waits_for_complete_data_per_unit() {
    let world = world();
    haproxy(
        &world,
        "haproxy/0",
        "reverseproxy-relation-joined",
        Some(remote("django/0")),
    )
    .unwrap();
    assert!(
        flags(&world, "haproxy/0").is_empty(),
        "nothing published yet, so not available"
    );

    django(&world, "website-relation-joined", Some(remote("haproxy/0"))).unwrap();
    haproxy(
        &world,
        "haproxy/0",
        "reverseproxy-relation-changed",
        Some(remote("django/0")),
    )
    .unwrap();
    assert_eq!(
        flags(&world, "haproxy/0"),
        ["reactive.states.reverseproxy.available"]
    );
    assert_eq!(
        stored_text(
            &world,
            "haproxy/0",
            "reactive.states.reverseproxy.available"
        )
        .unwrap(),
        r#"{"relation": "reverseproxy", "conversations": ["reactive.conversations.reverseproxy:1.django/0"]}"#
    );

    let settings = run_hook(
        &world.deployment,
        &world.stores,
        "haproxy/0",
        "update-status",
        None,
        |session| {
            let state = session
                .conversations_of_flag("reverseproxy.available")?
                .remove(0);
            HttpRequires.settings(&mut Conversation::new(session, state))
        },
    )
    .unwrap();
    assert_eq!(
        settings,
        Some(HttpSettings {
            hostname: "10.0.0.1".into(),
            port: 80
        })
    );
}

#[test]
fn bad_remote_data_is_a_typed_error_and_commits_nothing() {
    let world = world();
    world
        .deployment
        .lock()
        .unwrap()
        .relations
        .get_mut(&RELATION)
        .unwrap()
        .unit_data
        .insert(
            "django/0".into(),
            [("hostname", "10.0.0.1"), ("port", "eighty")]
                .map(|(k, v)| (k.into(), v.into()))
                .into(),
        );

    let error = haproxy(
        &world,
        "haproxy/1",
        "reverseproxy-relation-changed",
        Some(remote("django/0")),
    )
    .unwrap_err();
    let Error::Handler { handler, source } = &error else {
        panic!("expected a handler error, got {error:?}")
    };
    assert_eq!(handler, "HttpRequires::changed");
    match source.as_ref() {
        Error::Data {
            relation,
            unit,
            source,
        } => {
            assert_eq!(relation.to_string(), "reverseproxy:1");
            assert_eq!(unit, "django/0");
            assert_eq!(source.key(), Some("port"));
        }
        other => panic!("expected a data error, got {other:?}"),
    }
    let message = error.to_string();
    assert!(
        message.contains("reverseproxy:1")
            && message.contains("django/0")
            && message.contains("port"),
        "{message}"
    );
    assert!(message.contains("eighty"), "{message}");
    assert!(flags(&world, "haproxy/1").is_empty());
    assert_eq!(
        stored_text(
            &world,
            "haproxy/1",
            "reactive.conversations.reverseproxy:1.django/0"
        ),
        None
    );
}

#[test]
fn global_flag_stays_until_the_last_unit_departs() {
    let world = world();
    django(&world, "website-relation-joined", Some(remote("haproxy/0"))).unwrap();
    django(&world, "website-relation-joined", Some(remote("haproxy/1"))).unwrap();
    assert_eq!(
        stored_text(&world, "django/0", "reactive.conversations.website.global").unwrap(),
        r#"{"namespace": "website", "units": ["haproxy/0", "haproxy/1"], "scope": "global"}"#
    );

    world
        .deployment
        .lock()
        .unwrap()
        .depart(RELATION, "haproxy/0");
    django(
        &world,
        "website-relation-departed",
        Some(departing("haproxy/0")),
    )
    .unwrap();
    assert_eq!(
        flags(&world, "django/0"),
        ["reactive.states.website.available"],
        "haproxy/1 is still there"
    );
    assert_eq!(
        stored_text(&world, "django/0", "reactive.conversations.website.global").unwrap(),
        r#"{"namespace": "website", "units": ["haproxy/1"], "scope": "global"}"#
    );

    world
        .deployment
        .lock()
        .unwrap()
        .depart(RELATION, "haproxy/1");
    django(
        &world,
        "website-relation-departed",
        Some(departing("haproxy/1")),
    )
    .unwrap();
    assert!(flags(&world, "django/0").is_empty());
    assert_eq!(
        stored_text(&world, "django/0", "reactive.conversations.website.global"),
        None
    );
}

#[test]
fn unit_departure_removes_its_conversation_and_local_data() {
    let world = world();
    django(&world, "website-relation-joined", Some(remote("haproxy/0"))).unwrap();
    haproxy(
        &world,
        "haproxy/0",
        "reverseproxy-relation-joined",
        Some(remote("django/0")),
    )
    .unwrap();
    run_hook(
        &world.deployment,
        &world.stores,
        "haproxy/0",
        "update-status",
        None,
        |session| {
            let state = session
                .conversations_of_flag("reverseproxy.available")?
                .remove(0);
            Conversation::new(session, state).set_local("seen", &true)
        },
    )
    .unwrap();
    let conversation = "reactive.conversations.reverseproxy:1.django/0";
    assert!(
        stored_text(
            &world,
            "haproxy/0",
            &format!("{conversation}.local-data.seen")
        )
        .is_some()
    );

    world
        .deployment
        .lock()
        .unwrap()
        .depart(RELATION, "django/0");
    haproxy(
        &world,
        "haproxy/0",
        "reverseproxy-relation-departed",
        Some(departing("django/0")),
    )
    .unwrap();
    assert!(flags(&world, "haproxy/0").is_empty());
    assert_eq!(stored_text(&world, "haproxy/0", conversation), None);
    assert_eq!(
        stored_text(
            &world,
            "haproxy/0",
            &format!("{conversation}.local-data.seen")
        ),
        None
    );
}

#[test]
fn a_failing_hook_commits_no_flag_and_writes_no_relation_data() {
    let world = world();
    let error = run_hook(
        &world.deployment,
        &world.stores,
        "django/0",
        "website-relation-joined",
        Some(remote("haproxy/0")),
        |session: &mut Session| {
            run_interface_hooks::<HttpProvides>(session, endpoint_of)?;
            for state in session.conversations_of_flag("website.available")? {
                HttpProvides.configure(&mut Conversation::new(session, state), 80)?;
            }
            Err::<(), _>(Error::msg("the charm's own handler failed"))
        },
    )
    .unwrap_err();
    assert_eq!(error.to_string(), "the charm's own handler failed");
    assert!(flags(&world, "django/0").is_empty());
    assert!(bag(&world, "django/0").is_empty());
    // The store file exists and is intact, just unchanged.
    assert!(
        Store::open(&world.stores.path("django/0"))
            .unwrap()
            .get("reactive.states.website.available")
            .unwrap()
            .is_none()
    );
}

#[test]
fn a_unit_that_is_itself_leaving_drops_each_remote_unit_from_its_conversations() {
    // Juju 2.8+: when the local unit leaves, its -departed hooks name the
    // remote unit in JUJU_REMOTE_UNIT and the local unit in JUJU_DEPARTING_UNIT.
    let world = world();
    django(&world, "website-relation-joined", Some(remote("haproxy/0"))).unwrap();
    haproxy(
        &world,
        "haproxy/0",
        "reverseproxy-relation-joined",
        Some(remote("django/0")),
    )
    .unwrap();
    let leaving = HookRelation {
        departing_unit: Some("haproxy/0".to_owned()),
        ..remote("django/0")
    };
    haproxy(
        &world,
        "haproxy/0",
        "reverseproxy-relation-departed",
        Some(leaving),
    )
    .unwrap();
    assert!(flags(&world, "haproxy/0").is_empty());
    assert_eq!(
        stored_text(
            &world,
            "haproxy/0",
            "reactive.conversations.reverseproxy:1.django/0"
        ),
        None
    );
}

#[test]
fn relation_ids_are_asked_once_then_kept_by_the_hooks() {
    let world = world();
    django(&world, "website-relation-joined", Some(remote("haproxy/0"))).unwrap();
    assert_eq!(
        stored_text(&world, "django/0", "iface.relation-ids.website").as_deref(),
        Some(r#"["website:1"]"#)
    );
    let asked = || world.deployment.lock().unwrap().count_calls("relation-ids");
    let before = asked();
    django(
        &world,
        "website-relation-changed",
        Some(remote("haproxy/0")),
    )
    .unwrap();
    assert_eq!(asked(), before, "remembered, not asked again");

    world
        .deployment
        .lock()
        .unwrap()
        .depart(RELATION, "haproxy/0");
    django(
        &world,
        "website-relation-departed",
        Some(departing("haproxy/0")),
    )
    .unwrap();
    let broken = HookRelation {
        remote_unit: None,
        ..remote("haproxy/0")
    };
    django(&world, "website-relation-broken", Some(broken)).unwrap();
    assert_eq!(
        stored_text(&world, "django/0", "iface.relation-ids.website").as_deref(),
        Some("[]")
    );
}
