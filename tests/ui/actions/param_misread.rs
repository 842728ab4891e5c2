#[path = "../fixtures/shop.rs"]
mod shop;

use iface::prelude::*;
use shop::HttpProvides;

iface::charm! {
    metadata = "../charm/metadata.yaml",
    relations { website: HttpProvides },
    actions = "actions.yaml" { backup: backup, restore: restore },
}

// `keep` is an integer with a default: an i64, not an Option<String>.
#[action]
fn backup(params: &BackupParams) -> iface::Result<()> {
    let _keep: Option<String> = params.keep;
    Ok(())
}

#[action]
fn restore(_params: &RestoreParams) -> iface::Result<()> {
    Ok(())
}

fn main() {}
