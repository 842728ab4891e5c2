// A misspelt interface type is one error, not one per use.
#[path = "../fixtures/shop.rs"]
mod shop;

use shop::HttpProvides;

iface::charm! {
    metadata = "metadata.yaml",
    relations { website: HttpProvides, db: MysqlRequire },
    handlers = [handlers::configure, handlers::wait],
}

#[path = "../fixtures/shop_handlers.rs"]
mod handlers;

fn main() {
    let _ = CHARM.main();
}
