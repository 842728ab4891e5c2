#[path = "../fixtures/shop.rs"]
mod shop;

use iface::prelude::*;
use shop::HttpProvides;

// charmcraft.yaml has a config section: naming a config file too is one
// error, and `Config` still has the section's options.
iface::charm! {
    metadata = "charmcraft.yaml",
    config = "config.yaml",
    relations { website: HttpProvides },
    handlers = [configure],
}

#[when(Website::AVAILABLE)]
fn configure(_website: &Website, config: &Config) {
    let _: i64 = config.port;
}

fn main() {}
