use iface::prelude::*;

#[derive(Serialize, Deserialize, RelationData)]
pub struct HttpSettings {
    pub hostname: String,
    pub port: u16,
}

#[interface(name = "http", role = provides, scope = Global, sets(HttpSettings))]
pub struct HttpProvides;

#[hooks]
impl HttpProvides {}

// metadata documents `host`; the interface publishes `hostname`.
iface::charm! {
    metadata = "documented.yaml",
    relations { website: HttpProvides },
}

fn main() {}
