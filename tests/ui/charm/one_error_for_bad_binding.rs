// A malformed binding is one error; the other bindings still work.
#[path = "../fixtures/shop.rs"]
mod shop;

use iface::prelude::*;
use shop::HttpProvides;

iface::charm! {
    metadata = "metadata.yaml",
    relations { website: HttpProvides, db = MysqlRequires },
    handlers = [configure],
}

#[when(Website::AVAILABLE)]
fn configure(website: &Website) -> iface::Result<()> {
    website.configure(80)
}


fn main() {
    let _ = CHARM.main();
}
