#[path = "../fixtures/shop.rs"]
mod shop;

use iface::prelude::*;
use shop::HttpProvides;

// An unknown type and a default of the wrong type: both reported, each
// with its file:line:col, and nothing else (Config still has every field).
iface::charm! {
    metadata = "../charm/metadata.yaml",
    config = "faults.yaml",
    relations { website: HttpProvides },
    handlers = [configure],
}

#[when(Website::AVAILABLE)]
fn configure(_website: &Website, config: &Config) -> iface::Result<()> {
    let _ = (config.port, config.ratio, config.debug);
    Ok(())
}

fn main() {}
