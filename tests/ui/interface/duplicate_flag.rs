use iface::prelude::*;

#[interface(name = "http", role = provides, flags(available, available))]
pub struct HttpProvides;

fn main() {}
