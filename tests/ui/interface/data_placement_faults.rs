// A misspelt bag, a bag given twice, and a bag on a type that has no keys.
#[iface::data(aap, json)]
pub struct Misspelt {
    pub port: u16,
}

#[iface::data(app, unit)]
pub struct Twice {
    pub port: u16,
}

#[iface::data(app)]
pub enum Mode {
    Plain,
}

fn main() {}
