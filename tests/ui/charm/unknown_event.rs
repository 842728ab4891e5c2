use iface::prelude::*;

iface::charm! {
    metadata = "metadata.yaml",
    handlers = [setup],
}

#[on(instal)]
fn setup() {}

fn main() {}
