#[path = "../fixtures/shop.rs"]
mod shop;

iface::charm! {
    metadata = "metadata.yaml",
    relation { website: shop::HttpProvides },
}

fn main() {}
