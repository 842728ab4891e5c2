use iface::prelude::*;

// interface.yaml beside this file names the interface `http`.
#[interface(name = "https", role = provides)]
pub struct HttpsProvides;

fn main() {}
