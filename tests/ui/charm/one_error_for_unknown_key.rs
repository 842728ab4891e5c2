// A misspelt key is one error: CHARM and the handles are still emitted.
#[path = "../fixtures/shop.rs"]
mod shop;

use shop::{HttpProvides, MysqlRequires};

iface::charm! {
    metadata = "metadata.yaml",
    relations { website: HttpProvides, db: MysqlRequires },
    handler = [handlers::configure, handlers::wait],
}

#[path = "../fixtures/shop_handlers.rs"]
mod handlers;

fn main() {
    let _ = CHARM.main();
}
