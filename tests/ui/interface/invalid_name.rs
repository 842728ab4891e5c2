use iface::prelude::*;

#[interface(name = "HTTP api", role = provides)]
pub struct HttpProvides;

fn main() {}
