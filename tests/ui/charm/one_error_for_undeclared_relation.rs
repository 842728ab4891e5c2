// A relation metadata lacks is one error: its handle is still emitted.
#[path = "../fixtures/shop.rs"]
mod shop;

use iface::prelude::*;
use shop::{HttpProvides, MysqlRequires};

iface::charm! {
    metadata = "metadata.yaml",
    relations { website: HttpProvides, dbs: MysqlRequires },
    handlers = [configure, wait],
}

#[when(Website::AVAILABLE)]
fn configure(website: &Website) -> iface::Result<()> {
    website.configure(80)
}

#[when(Dbs::AVAILABLE)]
fn wait(_db: &Dbs) {}

fn main() {
    let _ = CHARM.main();
}
