#[path = "../fixtures/shop.rs"]
mod shop;

use iface::prelude::*;
use shop::HttpProvides;

// A handler bound to an action actions.yaml does not declare.
iface::charm! {
    metadata = "../charm/metadata.yaml",
    relations { website: HttpProvides },
    actions = "actions.yaml" { backup: backup, restore: restore, bakcup: backup },
}

#[action]
fn backup(_params: &BackupParams) -> iface::Result<()> {
    Ok(())
}

#[action]
fn restore(_params: &RestoreParams) -> iface::Result<()> {
    Ok(())
}

fn main() {}
