#[path = "../fixtures/shop.rs"]
mod shop;

use iface::prelude::*;
use shop::HttpProvides;

iface::charm! {
    metadata = "../charm/metadata.yaml",
    config = "config.yaml",
    relations { website: HttpProvides },
    handlers = [configure],
}

// Reading an option config.yaml does not declare does not compile.
#[when(Website::AVAILABLE)]
fn configure(_website: &Website, config: &Config) -> iface::Result<()> {
    let _port: i64 = config.prot;
    Ok(())
}

fn main() {}
