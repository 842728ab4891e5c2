#[path = "../fixtures/shop.rs"]
mod shop;

use shop::HttpProvides;

// charmcraft.yaml has a config section: naming a config file too is an error.
iface::charm! {
    metadata = "charmcraft.yaml",
    config = "config.yaml",
    relations { website: HttpProvides },
}

fn main() {}
