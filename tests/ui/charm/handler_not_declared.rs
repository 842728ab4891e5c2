#[path = "../fixtures/shop.rs"]
mod shop;

use shop::HttpProvides;

iface::charm! {
    metadata = "metadata.yaml",
    relations { website: HttpProvides },
    handlers = [configure],
}

fn configure(_website: &Website) {}

fn main() {}
