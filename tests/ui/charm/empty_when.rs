#[path = "../fixtures/shop.rs"]
mod shop;

use iface::prelude::*;
use shop::HttpProvides;

iface::charm! {
    metadata = "metadata.yaml",
    relations { website: HttpProvides },
    handlers = [configure],
}

#[when()]
fn configure(_website: &Website) {}

fn main() {}
