use iface::prelude::*;

#[interface(name = "http", role = provides)]
pub enum HttpProvides { A }

fn main() {}
