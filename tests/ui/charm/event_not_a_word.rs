use iface::prelude::*;

iface::charm! {
    metadata = "metadata.yaml",
    handlers = [setup],
}

#[on("install")]
fn setup() {}

fn main() {}
