//! A unified charmcraft.yaml: charm! reads the options from its `config`
//! section.
#![deny(warnings)]

use iface::config::CharmConfig;
use iface::prelude::*;

/// Provider side.
#[interface(name = "http", role = provides, scope = Global, flags(available))]
pub struct HttpProvides;

#[hooks]
impl HttpProvides {}

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
