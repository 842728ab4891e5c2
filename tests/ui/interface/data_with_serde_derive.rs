use iface::prelude::*;

// #[iface::data] derives these itself.
#[iface::data]
#[derive(Debug, Serialize)]
pub struct Settings {
    pub port: u16,
}

fn main() {}
