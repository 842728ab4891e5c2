use iface::prelude::*;

#[interface(name = "http", role = provides)]
pub struct HttpProvides { pub port: u16 }

fn main() {}
