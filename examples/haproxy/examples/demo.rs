//! The django charm provides `website: http`; the haproxy charm, with two
//! units, requires `reverseproxy: http`. Runs both charms' real hook code
//! in a modelled deployment (no Juju needed) and shows what each unit sees.
//!
//! Run with `cargo run -p haproxy-charm --example demo`.

use std::sync::{Arc, Mutex};

use iface::charm::Charm;
use iface::dispatch::FlagPhaseOptions;
use iface_sim::{Deployment, HookRelation, UnitStores, run_hook};

const RELATION: u32 = 1;

/// The charm that runs on `unit`.
fn charm_of(unit: &str) -> &'static Charm {
    if unit.starts_with("django/") {
        &django_charm::CHARM
    } else {
        &haproxy_charm::CHARM
    }
}

struct Demo {
    deployment: Arc<Mutex<Deployment>>,
    stores: UnitStores,
}

impl Demo {
    fn hook(&self, unit: &str, hook: &str, remote: &str, departing: bool) {
        let relation = HookRelation {
            id: RELATION,
            remote_unit: Some(remote.to_owned()),
            remote_app: Some(remote.split('/').next().unwrap_or_default().to_owned()),
            departing_unit: departing.then(|| remote.to_owned()),
        };
        let calls_before = self.deployment.lock().expect("model lock").calls.len();
        let outcome = run_hook(
            &self.deployment,
            &self.stores,
            unit,
            hook,
            Some(relation),
            |session| charm_of(unit).run(session, &FlagPhaseOptions::default()),
        );
        let model = self.deployment.lock().expect("model lock");
        println!("\n{unit}: {hook}   (remote {remote})");
        match outcome {
            Ok(report) => {
                let mut ran: Vec<String> = report
                    .hooks
                    .iter()
                    .map(|m| format!("#[hook] {m}"))
                    .collect();
                ran.extend(report.flags.ran().iter().map(|h| format!("#[when] {h}")));
                println!(
                    "  ran: {}",
                    if ran.is_empty() {
                        "nothing".to_owned()
                    } else {
                        ran.join(", ")
                    }
                );
            }
            Err(error) => println!("  FAILED: {error}"),
        }
        for call in &model.calls[calls_before..] {
            println!("  $ {} {}", call.tool, call.args.join(" "));
        }
    }

    fn flags(&self, unit: &str) {
        let flags = run_hook(
            &self.deployment,
            &self.stores,
            unit,
            "update-status",
            None,
            |s| s.flags(),
        )
        .map_or_else(
            |error| format!("(error: {error})"),
            |flags| flags.into_iter().collect::<Vec<_>>().join(", "),
        );
        let status = self.deployment.lock().expect("model lock").units[unit]
            .status
            .as_ref()
            .map(|s| format!("{}: {}", s.status, s.message))
            .unwrap_or_default();
        println!("  {unit:<10} flags: [{flags}]  status: {status}");
    }

    fn leave(&self, unit: &str) {
        let mut model = self.deployment.lock().expect("model lock");
        if let Some(relation) = model.relations.get_mut(&RELATION) {
            relation.members.remove(unit);
        }
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let mut model = Deployment::new("demo");
    for (unit, address) in [
        ("django/0", "10.0.0.1"),
        ("haproxy/0", "10.0.0.2"),
        ("haproxy/1", "10.0.0.3"),
    ] {
        model.add_unit(unit, address);
    }
    model.set_leader("django/0");
    model.set_leader("haproxy/0");
    model
        .add_relation(RELATION, ("django", "website"), ("haproxy", "reverseproxy"))
        .members
        .extend(["django/0", "haproxy/0", "haproxy/1"].map(str::to_owned));
    let demo = Demo {
        deployment: Arc::new(Mutex::new(model)),
        stores: UnitStores::new(dir.path()),
    };

    println!("== relate django:website to haproxy:reverseproxy (haproxy has 2 units)");
    demo.hook(
        "haproxy/0",
        "reverseproxy-relation-joined",
        "django/0",
        false,
    );
    demo.hook("django/0", "website-relation-joined", "haproxy/0", false);
    demo.hook("django/0", "website-relation-changed", "haproxy/0", false);
    demo.hook("django/0", "website-relation-joined", "haproxy/1", false);
    demo.hook(
        "haproxy/0",
        "reverseproxy-relation-changed",
        "django/0",
        false,
    );
    demo.hook(
        "haproxy/1",
        "reverseproxy-relation-joined",
        "django/0",
        false,
    );
    demo.hook(
        "haproxy/1",
        "reverseproxy-relation-changed",
        "django/0",
        false,
    );

    println!("\n== flags and status");
    for unit in ["django/0", "haproxy/0", "haproxy/1"] {
        demo.flags(unit);
    }

    println!("\n== remove haproxy/1");
    demo.leave("haproxy/1");
    demo.hook("django/0", "website-relation-departed", "haproxy/1", true);
    demo.flags("django/0");

    println!("\n== remove haproxy/0, the last unit");
    demo.leave("haproxy/0");
    demo.hook("django/0", "website-relation-departed", "haproxy/0", true);
    demo.flags("django/0");

    let model = demo.deployment.lock().expect("model lock");
    println!("\n== relation data (relation {RELATION})");
    for (unit, bag) in &model.relations[&RELATION].unit_data {
        println!("  {unit}: {bag:?}");
    }
    Ok(())
}
