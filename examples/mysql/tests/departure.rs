//! Departure in SERVICE scope: one conversation per remote application,
//! which a departing unit leaves (charms.reactive kept it forever) and
//! which goes, with its flags and local data, when its last unit leaves.

use std::sync::{Arc, Mutex};

use iface::dispatch::run_interface_hooks;
use iface::prelude::*;
use iface::store::Store;
use iface_sim::{Deployment, HookRelation, UnitStores, run_hook};

/// A minimal mysql-like provider: one conversation per client application.
/// (The crate's own interface answers with credentials; this one only
/// raises a flag, to watch conversations come and go.)
#[interface(name = "mysql", role = provides, scope = Service, flags("database.requested"))]
pub struct MysqlProvides;

#[hooks]
impl MysqlProvides {
    #[hook("{provides:mysql}-relation-{joined,changed}")]
    fn changed(&self, conv: &mut Conversation) -> iface::Result<()> {
        conv.set_local("seen", &true)?;
        conv.set_state(Self::DATABASE_REQUESTED)
    }

    #[hook("{provides:mysql}-relation-departed")]
    fn departed(&self, conv: &mut Conversation) -> iface::Result<()> {
        if conv.units().is_empty() {
            conv.remove_state(Self::DATABASE_REQUESTED)?;
        }
        Ok(())
    }
}

const RELATION: u32 = 3;
const CONVERSATION: &str = "reactive.conversations.db:3.wordpress";

fn endpoint_of(name: &str) -> Option<(Role, &'static str)> {
    (name == "db").then_some((Role::Provides, "mysql"))
}

fn hook(
    model: &Arc<Mutex<Deployment>>,
    stores: &UnitStores,
    name: &str,
    unit: &str,
    departing: bool,
) {
    let relation = HookRelation {
        id: RELATION,
        remote_unit: Some(unit.into()),
        remote_app: Some("wordpress".into()),
        departing_unit: departing.then(|| unit.to_owned()),
    };
    if departing {
        model.lock().unwrap().depart(RELATION, unit);
    }
    run_hook(model, stores, "mysql/0", name, Some(relation), |session| {
        run_interface_hooks::<MysqlProvides>(session, endpoint_of)
    })
    .unwrap();
}

fn stored(stores: &UnitStores, key: &str) -> Option<serde_json::Value> {
    Store::open(&stores.path("mysql/0"))
        .unwrap()
        .get(key)
        .unwrap()
}

#[test]
fn a_service_conversation_outlives_one_unit_and_not_the_last() {
    let mut deployment = Deployment::new("test");
    for (unit, address) in [
        ("mysql/0", "10.0.0.1"),
        ("wordpress/0", "10.0.0.2"),
        ("wordpress/1", "10.0.0.3"),
    ] {
        deployment.add_unit(unit, address);
    }
    deployment
        .add_relation(RELATION, ("mysql", "db"), ("wordpress", "database"))
        .members
        .extend(["mysql/0", "wordpress/0", "wordpress/1"].map(str::to_owned));
    let model = Arc::new(Mutex::new(deployment));
    let dir = tempfile::tempdir().unwrap();
    let stores = UnitStores::new(dir.path());

    hook(&model, &stores, "db-relation-joined", "wordpress/0", false);
    hook(&model, &stores, "db-relation-joined", "wordpress/1", false);
    assert_eq!(
        stored(&stores, CONVERSATION),
        Some(
            serde_json::json!({"namespace": "db:3", "units": ["wordpress/0", "wordpress/1"], "scope": "wordpress"})
        )
    );
    assert_eq!(
        stored(&stores, "reactive.states.db.database.requested"),
        Some(serde_json::json!({"relation": "db", "conversations": [CONVERSATION]}))
    );

    hook(&model, &stores, "db-relation-departed", "wordpress/0", true);
    assert_eq!(
        stored(&stores, CONVERSATION),
        Some(
            serde_json::json!({"namespace": "db:3", "units": ["wordpress/1"], "scope": "wordpress"})
        ),
        "the departed unit left the SERVICE conversation"
    );
    assert!(stored(&stores, "reactive.states.db.database.requested").is_some());

    hook(&model, &stores, "db-relation-departed", "wordpress/1", true);
    assert_eq!(stored(&stores, CONVERSATION), None);
    assert_eq!(
        stored(&stores, &format!("{CONVERSATION}.local-data.seen")),
        None
    );
    assert_eq!(
        stored(&stores, "reactive.states.db.database.requested"),
        None
    );
}
