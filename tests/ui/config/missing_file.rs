#[path = "../fixtures/shop.rs"]
mod shop;

use iface::prelude::*;
use shop::HttpProvides;

// One error: an empty `Config` is still emitted for the handler.
iface::charm! {
    metadata = "../charm/metadata.yaml",
    config = "settings.yaml",
    relations { website: HttpProvides },
    handlers = [configure],
}

#[when(Website::AVAILABLE)]
fn configure(_website: &Website, _config: &Config) {}

fn main() {}
