#[path = "../fixtures/shop.rs"]
mod shop;

use iface::prelude::*;
use shop::HttpProvides;

iface::charm! {
    metadata = "metadata.yaml",
    relations { website: HttpProvides },
    handlers = [configure],
}

#[when(Website::AVAILABLE)]
fn configure(_website: Website) {}

fn main() {}
