//! `#[iface::data]` on a struct (serde derives and RelationData), an enum
//! and a tuple struct (serde derives only), with serde attributes, under
//! strict lints; the values round-trip through the relation-data codec.
#![deny(warnings, missing_docs, unused, unused_qualifications, rust_2018_idioms, nonstandard_style)]

use iface::prelude::*;

/// Settings with a nested enum and a newtype.
#[iface::data]
#[derive(Debug, Clone, PartialEq)]
#[serde(rename_all = "kebab-case")]
pub struct Settings {
    /// A renamed key.
    pub host_name: String,
    /// A unit enum variant.
    pub mode: Mode,
    /// A newtype.
    pub port: Port,
    /// Optional.
    #[serde(default)]
    pub tls: Option<bool>,
}

/// A mode.
#[data]
#[derive(Debug, Clone, Copy, PartialEq)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Plain.
    Plain,
    /// Secure.
    Secure,
}

/// A port.
#[data]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Port(pub u16);

fn main() {
    assert_eq!(Settings::KEYS, ["host-name", "mode", "port", "tls"]);
    assert_eq!(Settings::REQUIRED, ["host-name", "mode", "port"]);
    let settings = Settings {
        host_name: "example.com".into(),
        mode: Mode::Secure,
        port: Port(443),
        tls: None,
    };
    let bag = iface::data::to_bag(&settings).unwrap();
    assert_eq!(bag.get("mode").map(String::as_str), Some("secure"));
    assert_eq!(iface::data::from_bag::<Settings>(&bag).unwrap(), settings);
}
