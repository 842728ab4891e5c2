// Unreadable metadata is one error: CHARM and the handles are still emitted.
#[path = "../fixtures/shop.rs"]
mod shop;

use shop::{HttpProvides, MysqlRequires};

iface::charm! {
    metadata = "broken.yaml",
    relations { website: HttpProvides, db: MysqlRequires },
    handlers = [handlers::configure, handlers::wait],
}

#[path = "../fixtures/shop_handlers.rs"]
mod handlers;

fn main() {
    let _ = CHARM.main();
}
