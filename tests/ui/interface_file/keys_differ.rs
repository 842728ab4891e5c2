use iface::prelude::*;

#[derive(Serialize, Deserialize, RelationData)]
pub struct HttpSettings {
    pub hostname: String,
    pub port: u16,
}

// interface.yaml beside this file documents `sets: [host, port]`.
#[interface(name = "http", role = provides, sets(HttpSettings))]
pub struct HttpProvides;

#[hooks]
impl HttpProvides {}

fn main() {}
