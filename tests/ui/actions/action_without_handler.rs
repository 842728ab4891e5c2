#[path = "../fixtures/shop.rs"]
mod shop;

use iface::prelude::*;
use shop::HttpProvides;

// actions.yaml declares `restore`, which no handler is bound to.
iface::charm! {
    metadata = "../charm/metadata.yaml",
    relations { website: HttpProvides },
    actions = "actions.yaml" { backup: backup },
}

#[action]
fn backup(_params: &BackupParams) -> iface::Result<()> {
    Ok(())
}

fn main() {}
