use iface::prelude::*;

#[interface(name = "http", role = provides, scope = Global, flags(available))]
pub struct HttpProvides;

#[hooks]
impl HttpProvides {}

// charmcraft.yaml has a config section: naming a config file too is an error.
iface::charm! {
    metadata = "charmcraft.yaml",
    config = "config.yaml",
    relations { website: HttpProvides },
}

fn main() {}
