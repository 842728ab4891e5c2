use iface::prelude::*;

#[interface(name = "http", role = provides, flags = [available])]
pub struct HttpProvides;

fn main() {}
