use iface::prelude::*;

#[interface(nme = "http", role = provides)]
pub struct HttpProvides;

fn main() {}
