use iface::prelude::*;

#[interface(name = "http", role = provides, flags(tls_ready, "tls.ready"))]
pub struct HttpProvides;

fn main() {}
