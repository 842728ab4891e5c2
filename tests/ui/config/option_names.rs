use iface::prelude::*;

#[interface(name = "http", role = provides, scope = Global, flags(available))]
pub struct HttpProvides;

#[hooks]
impl HttpProvides {}

// Option names that make no field, and two options that make one.
iface::charm! {
    metadata = "../charm/metadata.yaml",
    config = "names.yaml",
    relations { website: HttpProvides },
}

fn main() {}
