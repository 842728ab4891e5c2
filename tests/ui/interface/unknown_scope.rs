use iface::prelude::*;

#[interface(name = "http", role = provides, scope = global)]
pub struct HttpProvides;

fn main() {}
