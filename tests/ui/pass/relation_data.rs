//! Keys follow serde's renaming; documented keys match the interface's.
#![deny(warnings)]

use iface::prelude::*;

#[derive(Serialize, Deserialize, RelationData)]
#[serde(rename_all = "kebab-case")]
pub struct Settings {
    pub host_name: String,
    #[serde(rename = "port")]
    pub tcp_port: u16,
    #[serde(default)]
    pub weight: u8,
    pub tls: Option<bool>,
    #[serde(skip)]
    pub cache: u8,
}

/// A provider that documents what it publishes.
#[interface(name = "http", role = provides, scope = Global, sets(Settings))]
pub struct HttpProvides;

#[hooks]
impl HttpProvides {}

fn main() {
    assert_eq!(Settings::KEYS, ["host-name", "port", "weight", "tls"]);
    assert_eq!(Settings::REQUIRED, ["host-name", "port"]);
    assert_eq!(<HttpProvides as Interface>::SETS, [Settings::KEYS]);
}
