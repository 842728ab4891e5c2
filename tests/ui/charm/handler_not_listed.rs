use iface::prelude::*;

#[interface(name = "http", role = provides, scope = Global, flags(available))]
pub struct HttpProvides;

#[hooks]
impl HttpProvides {}

iface::charm! {
    metadata = "metadata.yaml",
    relations { website: HttpProvides },
    handlers = [configure],
}

#[when(Website::AVAILABLE)]
fn configure(_website: &Website) {}

// Not in `handlers`: it would never run.
#[when_not(Website::AVAILABLE)]
fn wait(_unit: &Unit) {}

fn main() {
    let _ = CHARM.main();
}
