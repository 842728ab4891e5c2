#[path = "../fixtures/shop.rs"]
mod shop;

use iface::prelude::*;
use shop::HttpProvides;

// Every fault of the file, each with its line and column, in one build.
iface::charm! {
    metadata = "../charm/metadata.yaml",
    relations { website: HttpProvides },
    actions = "faults.yaml" { backup: backup },
}

#[action]
fn backup(_params: &BackupParams) -> iface::Result<()> {
    Ok(())
}

fn main() {}
