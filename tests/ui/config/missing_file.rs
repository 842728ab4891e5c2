#[path = "../fixtures/shop.rs"]
mod shop;

use shop::HttpProvides;

iface::charm! {
    metadata = "../charm/metadata.yaml",
    config = "settings.yaml",
    relations { website: HttpProvides },
}

fn main() {}
