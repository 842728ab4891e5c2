#[path = "../fixtures/shop.rs"]
mod shop;

use shop::HttpProvides;

iface::charm! {
    metadata = "metadata.yaml",
    relations { webiste: HttpProvides },
}

fn main() {}
