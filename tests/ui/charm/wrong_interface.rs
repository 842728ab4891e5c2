#[path = "../fixtures/shop.rs"]
mod shop;

use shop::MysqlRequires;

iface::charm! {
    metadata = "metadata.yaml",
    relations { website: MysqlRequires },
}

fn main() {}
