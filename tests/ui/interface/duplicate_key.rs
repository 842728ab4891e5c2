use iface::prelude::*;

#[interface(name = "http", role = provides, name = "https")]
pub struct HttpProvides;

fn main() {}
