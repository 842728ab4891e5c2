#[path = "../fixtures/shop.rs"]
mod shop;

use shop::HttpProvides;

// Option names that make no field, and two options that make one.
iface::charm! {
    metadata = "../charm/metadata.yaml",
    config = "names.yaml",
    relations { website: HttpProvides },
}

fn main() {}
