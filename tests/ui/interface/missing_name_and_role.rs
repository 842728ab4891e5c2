use iface::prelude::*;

#[interface(scope = Global)]
pub struct HttpProvides;

fn main() {}
