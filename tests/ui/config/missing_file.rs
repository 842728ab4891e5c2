use iface::prelude::*;

#[interface(name = "http", role = provides, scope = Global, flags(available))]
pub struct HttpProvides;

#[hooks]
impl HttpProvides {}

iface::charm! {
    metadata = "../charm/metadata.yaml",
    config = "settings.yaml",
    relations { website: HttpProvides },
}

fn main() {}
