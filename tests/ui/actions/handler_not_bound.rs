#[path = "../fixtures/shop.rs"]
mod shop;

use iface::prelude::*;
use shop::HttpProvides;

iface::charm! {
    metadata = "../charm/metadata.yaml",
    relations { website: HttpProvides },
    actions = "actions.yaml" { backup: backup, restore: restore },
}

#[action]
fn backup(_params: &BackupParams) -> iface::Result<()> {
    Ok(())
}

#[action]
fn restore(_params: &RestoreParams) -> iface::Result<()> {
    Ok(())
}

// An #[action] function no action is bound to would never run.
#[action]
fn prune(_unit: &Unit) -> iface::Result<()> {
    Ok(())
}

fn main() {}
