use iface::prelude::*;

#[interface(name = "http", role = provides, scope = Scope::Global)]
pub struct HttpProvides;

fn main() {}
