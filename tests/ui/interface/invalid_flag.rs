use iface::prelude::*;

#[interface(name = "http", role = provides, flags(available, "{relation_name}.ready"))]
pub struct HttpProvides;

fn main() {}
