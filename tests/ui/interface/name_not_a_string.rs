use iface::prelude::*;

#[interface(name = http, role = provides)]
pub struct HttpProvides;

fn main() {}
