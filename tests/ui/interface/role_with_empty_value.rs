use iface::prelude::*;

#[interface(name = "http", role = )]
pub struct HttpProvides;

fn main() {}
