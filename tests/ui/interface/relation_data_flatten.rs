use iface::prelude::*;

#[derive(Serialize, Deserialize)]
pub struct Inner {
    pub port: u16,
}

#[derive(Serialize, Deserialize, RelationData)]
pub struct Outer {
    pub host: String,
    #[serde(flatten)]
    pub inner: Inner,
}

fn main() {}
