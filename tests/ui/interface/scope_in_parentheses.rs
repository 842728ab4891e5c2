use iface::prelude::*;

#[interface(name = "http", role = provides, scope(Global))]
pub struct HttpProvides;

fn main() {}
