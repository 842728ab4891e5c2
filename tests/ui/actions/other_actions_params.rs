#[path = "../fixtures/shop.rs"]
mod shop;

use iface::prelude::*;
use shop::HttpProvides;

// `backup` bound to a handler that takes `restore`'s parameters.
iface::charm! {
    metadata = "../charm/metadata.yaml",
    relations { website: HttpProvides },
    actions = "actions.yaml" { backup: restore, restore: restore_again },
}

#[action]
fn restore(_params: &RestoreParams) -> iface::Result<()> {
    Ok(())
}

#[action]
fn restore_again(_params: &RestoreParams) -> iface::Result<()> {
    Ok(())
}

fn main() {}
