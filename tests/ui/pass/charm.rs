//! A charm with two relations and every kind of flag handler, under strict
//! lints.
#![deny(warnings, missing_docs, unused, unused_qualifications, rust_2018_idioms, nonstandard_style)]

use iface::prelude::*;

/// Provider side.
#[interface(name = "http", role = provides, scope = Global, flags(available))]
pub struct HttpProvides;

#[hooks]
impl HttpProvides {
    #[hook("{provides:http}-relation-{joined,changed}")]
    fn changed(&self, conv: &mut Conversation<'_>) -> iface::Result<()> {
        conv.set_state(Self::AVAILABLE)
    }

    /// Publishes the port.
    pub fn configure(&self, conv: &mut Conversation<'_>, port: u16) -> iface::Result<()> {
        conv.set_remote_value("port", &port)
    }

    /// The units in one conversation.
    pub fn count(&self, conv: &mut Conversation<'_>) -> usize {
        conv.units().len()
    }
}

/// Requirer side.
#[interface(name = "mysql", role = requires, flags(available, "database.requested"))]
pub struct MysqlRequires;

#[hooks]
impl MysqlRequires {}

iface::charm! {
    metadata = "../charm/metadata.yaml",
    relations { website: HttpProvides, db: MysqlRequires },
    handlers = [configure, wait, either, quietly],
}

#[when(Website::AVAILABLE)]
fn configure(website: &Website<'_>, unit: &Unit<'_>) -> iface::Result<()> {
    website.configure(80)?;
    let _: Vec<usize> = website.count()?;
    unit.set_flag("configured")
}

#[when_not(Db::AVAILABLE)]
fn wait(_unit: &Unit<'_>) {}

#[when_any(Db::AVAILABLE, Db::DATABASE_REQUESTED)]
#[when(Website::AVAILABLE)]
fn either(_db: &Db<'_>) {}

#[only_on_change]
#[when(Website::AVAILABLE)]
fn quietly() {}

fn main() {
    assert_eq!(CHARM.name, "shop");
    assert_eq!(CHARM.handlers.len(), 4);
    assert_eq!(Website::AVAILABLE.name(), "website.available");
    assert_eq!(Db::DATABASE_REQUESTED.name(), "db.database.requested");
    assert_eq!(CHARM.hook_names(), ["website-relation-changed", "website-relation-joined"]);
}
