use iface::prelude::*;

#[interface(name = "http", role = provide)]
pub struct HttpProvides;

fn main() {}
