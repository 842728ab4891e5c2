use iface::prelude::*;

// interface.yaml beside this file documents `issued` in the app bag,
// JSON-encoded, and `note` raw; this type keeps both in the unit bag, JSON.
#[iface::data(json)]
pub struct Answer {
    pub issued: Vec<String>,
    pub note: String,
}

#[interface(name = "ca", role = provides, sets(Answer))]
pub struct CaProvides;

#[hooks]
impl CaProvides {}

fn main() {}
