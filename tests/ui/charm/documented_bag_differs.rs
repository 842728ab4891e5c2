use iface::prelude::*;

#[iface::data(json)]
pub struct Answer {
    pub issued: Vec<String>,
}

#[interface(name = "ca", role = provides, sets(Answer))]
pub struct CaProvides;

#[hooks]
impl CaProvides {}

// metadata documents `issued` in the app bag; the type keeps it in the unit bag.
iface::charm! {
    metadata = "documented_bag.yaml",
    relations { certificates: CaProvides },
}

fn main() {}
