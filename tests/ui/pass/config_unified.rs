//! A unified charmcraft.yaml: charm! reads the options from its `config`
//! section.
#![deny(warnings)]

use iface::config::CharmConfig;
use iface::prelude::*;
use shop::HttpProvides;

#[allow(dead_code)] // The fixture's other interface.
#[path = "../fixtures/shop.rs"]
mod shop;

iface::charm! {
    metadata = "../config/charmcraft.yaml",
    relations { website: HttpProvides },
    handlers = [configure],
}

#[when(Website::AVAILABLE)]
fn configure(_website: &Website<'_>, config: &Config) {
    let _: i64 = config.port;
}

fn main() {
    assert_eq!(CHARM.name, "shop");
    assert_eq!(Config::OPTIONS.len(), 1);
    assert_eq!(Config::OPTIONS[0].description, "The port to serve on.");
}
